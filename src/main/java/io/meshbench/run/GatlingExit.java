package io.meshbench.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * What happens after Gatling has written its own report and is exiting: link that report from the
 * run folder, and fail the build (exit status 4) when the regression gate failed. Gatling decides
 * its exit status from its own assertions only, so the gate's verdict is applied here, with the
 * status Gatling gives failed assertions.
 */
public final class GatlingExit {
    /** Gatling's own status for failed assertions, which the regression gate is; Maven says so too. */
    public static final int GATE_FAILED = 2;
    /** sysexits' EX_SOFTWARE: the run went ahead but no mode could be measured. */
    public static final int RUN_FAILED = 70;
    /** sysexits' EX_USAGE: flags, topology, scenario or baseline are wrong; nothing was started. */
    public static final int BAD_INPUT = 64;
    /** sysexits' EX_UNAVAILABLE: the target refused (prerequisites, context); nothing was created. */
    public static final int TARGET_REFUSED = 69;

    private GatlingExit() {
    }

    public static void register(RunOutcome outcome) {
        if (outcome == null) return;
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            linkGatlingReport(outcome.runDir());
            // Gatling's own last lines point at its report; the comparison is what people came for.
            System.out.println();
            System.out.println("meshbench: " + outcome.analysed().record().status() + " — open "
                    + outcome.runDir().resolve("report.html") + " (Gatling's own report: "
                    + outcome.runDir().resolve("gatling/index.html") + ")");
            System.out.flush();
            if (outcome.failed()) {
                System.err.println("meshbench: no mode could be measured; see the warnings above and "
                        + outcome.runDir().resolve("results.json"));
                System.err.flush();
                Runtime.getRuntime().halt(RUN_FAILED);
            }
            if (outcome.gateFailed()) {
                System.err.println("meshbench: significant regression against the baseline — failing the build:");
                System.err.println(outcome.gate().table());
                System.err.flush();
                Runtime.getRuntime().halt(GATE_FAILED);
            }
        }, "meshbench-exit"));
    }

    /** Writes gatling/index.html pointing at Gatling's report folder (its name has a timestamp in it). */
    static void linkGatlingReport(Path runDir) {
        Path gatling = runDir.resolve("gatling");
        if (!Files.isDirectory(gatling)) return;
        try (Stream<Path> dirs = Files.list(gatling)) {
            Optional<Path> newest = dirs.filter(d -> Files.isRegularFile(d.resolve("index.html")))
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
