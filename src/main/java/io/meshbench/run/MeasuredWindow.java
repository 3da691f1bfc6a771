package io.meshbench.run;

import io.meshbench.load.LoadPhase;
import io.meshbench.load.PhaseCounters;
import io.meshbench.metrics.DataPlaneSummary;
import io.meshbench.metrics.InjectorLag;
import io.meshbench.metrics.LatencyRecording;
import io.meshbench.metrics.ModeMeasurement;
import io.meshbench.metrics.ResourceUsage;
import io.meshbench.metrics.ResourceWindow;
import io.meshbench.metrics.process.ThreadCpu;
import io.meshbench.metrics.scrape.ScrapeSnapshot;
import org.HdrHistogram.Histogram;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;

/** One measured phase in progress: opened at its first request, closed when the next phase begins. */
final class MeasuredWindow {
    final LoadPhase phase;
    final PhaseCounters counters;
    final SlotDeployment slot;
    final Instant start = Instant.now();
    final ResourceWindow resources;
    final ScrapeSnapshot scrapeBefore;
    private final Predicate<String> injectorThread;
    private final Map<Long, Long> injectorCpuBefore;

    /**
     * @param scrapeBefore the data plane's counters when the slot's warm-up began (null: none, or
     *                     no warm-up; then they are scraped now)
     */
    MeasuredWindow(LoadPhase phase, PhaseCounters counters, SlotDeployment slot, Predicate<String> targetThread,
                   ScrapeSnapshot scrapeBefore) {
        this.phase = phase;
        this.counters = counters;
        this.slot = slot;
        this.resources = slot.deployment().startResourceWindow();
        this.scrapeBefore = scrapeBefore != null ? scrapeBefore : DataPlaneScrape.before(slot.deployment());
        this.injectorThread = name -> !isHarnessThread(name) && !targetThread.test(name);
        this.injectorCpuBefore = ThreadCpu.sample(injectorThread);
    }

    /** The harness's own threads (collector, hooks, its HTTP client): neither injector nor target. */
    static boolean isHarnessThread(String name) {
        return name.startsWith("meshbench-") || name.startsWith("HttpClient");
    }

    /** CPU of the load generator's threads over the window, in millicores. */
    double injectorMillicores() {
        long nanos = ThreadCpu.nanosBetween(injectorCpuBefore, ThreadCpu.sample(injectorThread));
        return nanos / 1e6 / (Duration.between(start, Instant.now()).toNanos() / 1e9);
    }

    /**
     * @param latency  the slot's workloads' recording (its deployment is fresh: nothing else in it)
     * @param cut      the run was interrupted inside this window: rates cover only the part that ran
     */
    ModeMeasurement close(LatencyRecording latency, DataPlaneSummary dataPlane, List<String> collectWarnings, boolean cut) {
        Instant end = Instant.now();
        ResourceUsage load = resources == null ? null : resources.finish();
        Histogram entry = counters.entryLatencyMillis();
        InjectorLag lag = counters.injectorLag();
        List<String> warnings = new ArrayList<>(collectWarnings);
        if (lag.behind()) {
            warnings.add(String.format(Locale.ROOT, "the load generator fell behind in this window: its p99 send lag was"
                    + " %.1f ms (allowed %.1f ms), so fewer requests left on time than the open model asks for;"
                    + " the window's latency may understate the system's", lag.p99Ms(),
                    InjectorLag.allowedMillis(phase.offeredRps())));
        }
        // Offered: what Gatling injected per second of window (the part that ran, when cut short);
        // achieved: what completed per second from the first request to the last response.
        Duration ran = cut ? Duration.ofNanos((long) (counters.secondsSinceFirstSent(System.nanoTime()) * 1e9)) : phase.duration();
        double window = Math.max(ran.toNanos() / 1e9, 1e-3);
        double offered = counters.sent() / window;
        double achieved = counters.completed() / (cut ? window : counters.activeSeconds(phase.duration()));
        return ModeMeasurement.window(phase.mode(), phase.repetition())
                .window(start, end)
                .rates(offered, achieved)
                .counts(counters.completed() + counters.errors(), counters.errors(), counters.injectedErrors())
                .latency(latency, entry)
                .deployment(slot.startups(), slot.idle())
                .load(load, dataPlane)
                .injectorLag(lag)
                .warnings(warnings)
                .build();
    }
}
