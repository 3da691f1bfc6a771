package io.meshbench.run;

import io.meshbench.analysis.AnalysedRun;
import io.meshbench.analysis.AnalysisOptions;
import io.meshbench.analysis.GateResult;
import io.meshbench.analysis.ModeResult;
import io.meshbench.metrics.RunRecord;
import io.meshbench.report.HeadlinePush;
import io.meshbench.report.HtmlReport;
import io.meshbench.report.RunStore;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** Writes a run's results folder, applies the gate, pushes figures, and points results/latest at it. */
final class ResultsWriter {
    /** A small JVM or Go service's container, for services-per-node on the emulated target. */
    static final String DEFAULT_EMULATED_WORKLOAD_MEMORY = "128 MB";

    private ResultsWriter() {
    }

    static RunOutcome write(RunPlan plan, RunRecord record, RunGate gate, Console console,
                            io.meshbench.analysis.RunDisruption disruption) {
        Path runDir = plan.runDir();
        AnalysisOptions options = AnalysisOptions.defaults();
        if (plan.nodeMemoryBytes() != null) options = options.withNodeMemoryBytes(plan.nodeMemoryBytes());
        if (record.emulated()) {
            options = options.withAssumedWorkloadMemoryBytes(plan.workloadMemoryBytes() != null ? plan.workloadMemoryBytes()
                    : io.meshbench.topology.Quantities.parseSize(DEFAULT_EMULATED_WORKLOAD_MEMORY));
        }
        // A disruption scenario fails requests on purpose: its failures are the figure measured, not
        // a sign of saturation, so only the achieved-rate rule marks a mode saturated there.
        if (disruption != null) options = options.withMaxErrorRatio(1.0);
        AnalysedRun analysed = RunStore.write(runDir, record, options, disruption);
        GateResult result = null;
        if (gate != null) {
            result = gate.apply(runDir, analysed);
            console.phase("gate", "compared with " + gate.baselineRunId() + ":\n" + result.table());
        }
        if (plan.pushgateway() != null) {
            try {
                HeadlinePush.push(plan.pushgateway(), analysed);
                console.phase("report", "pushed headline figures to the Pushgateway");
            } catch (RuntimeException e) {
                console.warn("pushgateway: " + e.getMessage());
            }
        }
        pointLatestAt(plan, console);
        printSummary(analysed, console);
        console.phase("comparisons", "\n" + io.meshbench.report.ComparisonsText.headline(analysed));
        // the path to open is printed once, as the run's closing line (GatlingExit)
        console.phase("report", record.status().id() + ": report.html, results.json and the histogram logs written");
        return new RunOutcome(runDir, analysed, result);
    }

    private static void pointLatestAt(RunPlan plan, Console console) {
        Path latest = plan.resultsRoot().resolve("latest");
        try {
            Files.deleteIfExists(latest);
            Files.createSymbolicLink(latest, Path.of(plan.runId()));
        } catch (IOException | UnsupportedOperationException e) {
            try {
                Files.writeString(latest, plan.runId() + System.lineSeparator());
            } catch (IOException ignored) {
                console.warn("could not update " + latest + ": " + e.getMessage());
            }
        }
    }

    private static String millis(Long micros) {
        return micros == null ? "-" : String.format(Locale.ROOT, "%.3f", micros / 1000.0);
    }

    private static void printSummary(AnalysedRun run, Console console) {
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "%-9s %-10s %12s %12s %14s %12s %10s%n",
                "mode", "status", "p50 (ms)", "p99 (ms)", "mesh mem/pod", "startup p50", "achieved"));
        for (ModeResult m : run.modes().values()) {
            sb.append(String.format(Locale.ROOT, "%-9s %-10s %12s %12s %14s %12s %10s%n", m.mode(), m.status().id(),
                    millis(m.latency() == null ? null : m.latency().p50()),
                    millis(m.latency() == null ? null : m.latency().p99()),
                    m.memoryPerPodBytes() == null ? "-" : String.format(Locale.ROOT, "%.1f KiB", m.memoryPerPodBytes() / 1024),
                    m.startup() == null || m.startup().p50() == null || Double.isNaN(m.startup().p50()) ? "-"
                            : String.format(Locale.ROOT, "%.1f ms", m.startup().p50()),
                    m.achievedRps() == null ? "-" : String.format(Locale.ROOT, "%.1f rps", m.achievedRps())));
            if (m.reason() != null) sb.append("          ").append(m.reason()).append('\n');
        }
        console.phase("summary", "\n" + sb);
    }
}
