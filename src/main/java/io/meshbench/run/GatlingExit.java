package io.meshbench.run;

import io.meshbench.load.injector.InjectorGatlingReport;
import io.meshbench.report.Outcome;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * What happens after Gatling has written its own report and is exiting: link that report from the
 * run folder, print the one path to open and the outcome line, and end with the outcome's exit
 * status ({@link Outcome}). Gatling decides its exit status from its own assertions only, so the
 * run's outcome (a failed regression gate, an incomplete run, nothing measured) is applied here.
 * Maven reports any non-zero status of this forked JVM as its own 1; the outcome line
 * {@code meshbench: outcome=<id> exit=<status>} is what tells them apart.
 */
public final class GatlingExit {
    /** Gatling's own status for failed assertions, which the regression gate is. */
    public static final int GATE_FAILED = Outcome.REGRESSION.exitStatus();
    public static final int RUN_FAILED = Outcome.NOTHING_MEASURED.exitStatus();
    public static final int BAD_INPUT = Outcome.BAD_INPUT.exitStatus();
    public static final int TARGET_REFUSED = Outcome.TARGET_REFUSED.exitStatus();

    private GatlingExit() {
    }

    /** Ends the JVM now with {@code outcome}'s status, after its outcome line (for refusals before any load). */
    public static void exit(Outcome outcome) {
        PrintStream out = GatlingOutput.terminal();
        out.println(outcome.line());
        out.flush();
        System.err.flush();
        System.exit(outcome.exitStatus());
    }

    /**
     * After Ctrl-C (from the run's shutdown hook, once what ran is written, marked incomplete): the
     * same closing lines as a finished run, and the outcome's status instead of the signal's.
     */
    static void interrupted(RunOutcome outcome) {
        if (outcome == null) return;
        Outcome o = Outcome.of(outcome.analysed().record().status(), null);
        PrintStream out = GatlingOutput.terminal();
        out.println("meshbench: interrupted, " + outcome.analysed().record().status().id() + " — open "
                + outcome.runDir().resolve("report.html"));
        out.println(o.line());
        out.flush();
        System.err.flush();
        Runtime.getRuntime().halt(o.exitStatus());
    }

    public static void register(RunOutcome outcome) {
        if (outcome == null) return;
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            linkGatlingReport(outcome.runDir());
            PrintStream out = GatlingOutput.terminal();
            Outcome o = Outcome.of(outcome.analysed().record().status(), outcome.gate());
            if (o == Outcome.REGRESSION) {
                // the gate's table is already on the console (its "gate" line) and in junit-gate.xml: once is enough
                out.println("meshbench: significant regression against the baseline: " + outcome.gate().failures().size()
                        + " gate row(s) failed (table above)");
            } else if (o == Outcome.NOTHING_MEASURED) {
                out.println("meshbench: no mode could be measured; see the warnings above and "
                        + outcome.runDir().resolve("results.json"));
            }
            out.println("meshbench: " + outcome.analysed().record().status().id() + " — open "
                    + outcome.runDir().resolve("report.html"));
            out.println(o.line());
            out.flush();
            if (o.exitStatus() != 0) Runtime.getRuntime().halt(o.exitStatus());
        }, "meshbench-exit"));
    }

    /**
     * Writes gatling/index.html pointing at Gatling's report folder (its name has a timestamp in it),
     * or at the in-cluster injectors' report where there is one: this JVM's own report then shows
     * only the users that waited while the injectors sent.
     */
    static void linkGatlingReport(Path runDir) {
        Path gatling = runDir.resolve("gatling");
        if (!Files.isDirectory(gatling)) return;
        try (Stream<Path> dirs = Files.list(gatling)) {
            Path injectors = gatling.resolve(InjectorGatlingReport.FOLDER);
            Optional<Path> newest = Files.isRegularFile(injectors.resolve("index.html")) ? Optional.of(injectors)
                    : dirs.filter(d -> Files.isRegularFile(d.resolve("index.html")))
                    .max(Comparator.comparing(d -> d.getFileName().toString()));
            if (newest.isEmpty()) return;
            String name = newest.get().getFileName().toString();
            Files.writeString(gatling.resolve("index.html"), "<!doctype html><meta charset=utf-8>"
                    + "<meta http-equiv=refresh content=\"0; url=" + name + "/index.html\">"
                    + "<title>Gatling report</title><a href=\"" + name + "/index.html\">Gatling's report</a>\n");
        } catch (IOException e) {
            System.err.println("meshbench: could not link Gatling's report: " + e.getMessage());
        }
    }
}
