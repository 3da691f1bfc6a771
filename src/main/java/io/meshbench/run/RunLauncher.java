package io.meshbench.run;

import io.meshbench.report.Outcome;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/**
 * Starts a run from the JVM's system properties, and is the one place where a run that does not
 * start becomes an exit status: 64 bad input, 69 the target refused, 0 after -Dcheck=only.
 * (A run that started ends through {@link GatlingExit}.)
 */
final class RunLauncher {
    private RunLauncher() {
    }

    static RunSession startOrExit() {
        Properties properties = System.getProperties();
        ConsoleProgress progress = new ConsoleProgress(new Console(GatlingOutput.terminal()));
        RunPreparation.Result result = RunPreparation.prepare(properties, progress);
        if (result instanceof RunPreparation.Ready ready) return ready.session();
        if (result instanceof RunPreparation.Refused refused) {
            report(refused, System.err);
            removeEmptyRunDir(properties);
            GatlingExit.exit(outcomeOf(refused.reason()));
        } else {
            progress.console().phase("check", "all prerequisites met; -Dcheck=only stops here, nothing was created");
            removeEmptyRunDir(properties);
            System.exit(0);
        }
        throw new IllegalStateException("the JVM is exiting");
    }

    static Outcome outcomeOf(RunPreparation.Refusal reason) {
        return switch (reason) {
            case BAD_INPUT -> Outcome.BAD_INPUT;
            case TARGET_REFUSED -> Outcome.TARGET_REFUSED;
        };
    }

    static int exitStatus(RunPreparation.Refusal reason) {
        return outcomeOf(reason).exitStatus();
    }

    static void report(RunPreparation.Refused refused, PrintStream err) {
        err.println();
        err.println(refused.reason() == RunPreparation.Refusal.BAD_INPUT
                ? "meshbench: cannot start — nothing was deployed:" : "meshbench: the target refused the run:");
        for (String problem : refused.problems()) {
            for (String line : problem.split("\n")) err.println("  - " + line);
        }
        err.println();
        err.flush();
    }

    /**
     * Gatling's Maven plugin creates results/&lt;run-id&gt;/gatling/ before the run starts; a refused run
     * leaves nothing behind, so those folders go again while they are empty — also when the run id
     * was refused for naming a path (results/a/b, or results/../gatling for "..").
     */
    static void removeEmptyRunDir(Properties p) {
        String runId = p.getProperty("meshbench.runId");
        if (runId == null || runId.isBlank()) return;
        Path projectDir = Path.of(p.getProperty("meshbench.projectDir", System.getProperty("user.dir"))).toAbsolutePath().normalize();
        Path root = Path.of(p.getProperty("results.dir", projectDir.resolve("results").toString())).toAbsolutePath().normalize();
        Path runDir = root.resolve(runId).normalize();
        if (!deleteIfEmpty(runDir.resolve("gatling"))) return;
        // Up to results/ (or, for an id that escaped it, up to the folder results/ and it share).
        for (Path dir = runDir; dir != null && !root.startsWith(dir); dir = dir.getParent()) {
            if (!deleteIfEmpty(dir)) return;
        }
    }

    private static boolean deleteIfEmpty(Path dir) {
        try {
            if (!Files.isDirectory(dir)) return true;
            try (var entries = Files.list(dir)) {
                if (entries.findAny().isPresent()) return false;
            }
            Files.delete(dir);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
