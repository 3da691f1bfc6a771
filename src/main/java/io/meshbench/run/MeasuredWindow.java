package io.meshbench.run;

import io.meshbench.load.LoadPhase;
import io.meshbench.load.PhaseCounters;
import io.meshbench.metrics.LatencyRecording;
import io.meshbench.metrics.ModeMeasurement;
import io.meshbench.metrics.PodStartup;
import io.meshbench.metrics.ResourceUsage;
import io.meshbench.metrics.ResourceWindow;
import io.meshbench.metrics.DataPlaneSummary;
import io.meshbench.metrics.process.ThreadCpu;
import io.meshbench.metrics.scrape.ScrapeSnapshot;
import org.HdrHistogram.Histogram;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** One measured phase in progress: opened at its first request, closed when the next phase begins. */
final class MeasuredWindow {
    final LoadPhase phase;
    final PhaseCounters counters;
    final Instant start = Instant.now();
    final long startNanos = System.nanoTime();
    final ResourceWindow resources;
    final ScrapeSnapshot scrapeBefore;
    private final Map<Long, Long> injectorCpuBefore = ThreadCpu.sample(MeasuredWindow::isInjectorThread);

    MeasuredWindow(LoadPhase phase, PhaseCounters counters, ResourceWindow resources, ScrapeSnapshot scrapeBefore) {
        this.phase = phase;
        this.counters = counters;
        this.resources = resources;
        this.scrapeBefore = scrapeBefore;
    }

    /**
     * Gatling's threads: every Java thread of this JVM that is not a workload, a proxy, or the
     * harness's own bookkeeping. GC and JIT threads are native and not included.
     */
    static boolean isInjectorThread(String name) {
        return !(name.startsWith("meshbench-") || name.startsWith("sidecar") || name.startsWith("ztunnel")
                || name.startsWith("waypoint") || name.startsWith("HttpClient") || name.startsWith("local-platform"));
    }

    /** CPU of the load generator's threads over the window, in millicores. */
    double injectorMillicores() {
        long nanos = ThreadCpu.nanosBetween(injectorCpuBefore, ThreadCpu.sample(MeasuredWindow::isInjectorThread));
        return nanos / 1e6 / (Duration.between(start, Instant.now()).toNanos() / 1e9);
    }

    ModeMeasurement close(LatencyRecording cumulative, LatencyRecording previous, List<PodStartup> startups,
                          ResourceUsage idle, DataPlaneSummary dataPlane, List<String> warnings) {
        Instant end = Instant.now();
        ResourceUsage load = resources == null ? null : resources.finish();
        LatencyRecording latency = cumulative == null ? null : since(cumulative, previous, start.toEpochMilli());
        Histogram entry = counters.entryLatencyMillis();
        // Offered: what Gatling injected (its user count is the rate × window, rounded); achieved: what
        // completed per second from the first request to the last response.
        double window = phase.duration().toNanos() / 1e9;
        double offered = counters.sent() / window;
        double achieved = counters.completed() / counters.activeSeconds(phase.duration());
        return new ModeMeasurement(phase.mode(), phase.repetition(), null, start, end,
                offered, achieved, counters.completed() + counters.errors(), counters.errors(),
                counters.injectedErrors(), latency, entry, startups, idle, load, dataPlane, warnings);
    }

    /**
     * The part of a cumulative recording made after {@code previous}: workloads keep recording for
     * the whole run, and each repetition's window is the difference of two snapshots.
     */
    static LatencyRecording since(LatencyRecording cumulative, LatencyRecording previous, long windowStartMillis) {
        if (previous == null) return cumulative;
        Map<String, Histogram> perEdge = minus(cumulative.perEdge(), previous.perEdge());
        List<Histogram> intervals = cumulative.intervals().stream()
                .filter(h -> h.getStartTimeStamp() == 0 || h.getStartTimeStamp() >= windowStartMillis - 1_000)
                .toList();
        return new LatencyRecording(perEdge, intervals, cumulative.firstCallMicros(),
                minus(cumulative.newConnectionPerEdge(), previous.newConnectionPerEdge()),
                minus(cumulative.reusedConnectionPerEdge(), previous.reusedConnectionPerEdge()));
    }

    private static Map<String, Histogram> minus(Map<String, Histogram> cumulative, Map<String, Histogram> previous) {
        Map<String, Histogram> out = new HashMap<>();
        cumulative.forEach((edge, h) -> {
            Histogram copy = h.copy();
            Histogram before = previous.get(edge);
            if (before != null) copy.subtract(before);
            out.put(edge, copy);
        });
        return out;
    }
}
