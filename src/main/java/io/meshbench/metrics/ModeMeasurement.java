package io.meshbench.metrics;

import io.meshbench.core.MeshMode;
import org.HdrHistogram.Histogram;

import java.time.Instant;
import java.util.List;

/**
 * Everything measured for one mode in one repetition, before any statistics. A field that could
 * not be measured is null; it is never filled with a guess.
 *
 * @param failure           why the mode failed, or null when it ran
 * @param offeredRps        entry requests per second Gatling injected in the measured window
 * @param achievedRps       entry requests per second that completed (answered as designed) in the measured window
 * @param requests          entry requests that ended in the measured window, failed ones included
 * @param errors            failed entry requests, not counting errors the topology injects on purpose
 * @param injectedErrors    HTTP 500s a service's {@code errorRate} produced on purpose
 * @param serviceLatency    workloads' outbound-call histograms (µs) for calls of measured requests
 * @param entryLatencyMillis Gatling's response times at the entry services (whole ms)
 * @param idle              memory/CPU over the idle window (no traffic)
 * @param load              memory/CPU over the measured window
 * @param injectorLag       how late the load generator sent the window's requests, or null when not measured
 */
public record ModeMeasurement(MeshMode mode, int repetition, String failure,
                              Instant windowStart, Instant windowEnd,
                              double offeredRps, double achievedRps, long requests, long errors,
                              long injectedErrors,
                              LatencyRecording serviceLatency, Histogram entryLatencyMillis,
                              List<PodStartup> startups, ResourceUsage idle, ResourceUsage load,
                              DataPlaneSummary dataPlane, List<String> warnings, InjectorLag injectorLag) {

    public ModeMeasurement {
        startups = startups == null ? List.of() : List.copyOf(startups);
        warnings = warnings == null ? List.of() : List.copyOf(warnings);
    }

    /** Without the injector's lag (stored runs from before it was measured, synthetic data). */
    public ModeMeasurement(MeshMode mode, int repetition, String failure, Instant windowStart, Instant windowEnd,
                           double offeredRps, double achievedRps, long requests, long errors, long injectedErrors,
                           LatencyRecording serviceLatency, Histogram entryLatencyMillis, List<PodStartup> startups,
                           ResourceUsage idle, ResourceUsage load, DataPlaneSummary dataPlane, List<String> warnings) {
        this(mode, repetition, failure, windowStart, windowEnd, offeredRps, achievedRps, requests, errors, injectedErrors,
                serviceLatency, entryLatencyMillis, startups, idle, load, dataPlane, warnings, null);
    }

    /** A mode's repetition that could not be measured: why, and what its deployment did show. */
    public static ModeMeasurement failed(MeshMode mode, int repetition, String why, List<PodStartup> startups,
                                         ResourceUsage idle) {
        return new ModeMeasurement(mode, repetition, why, null, null, 0, 0, 0, 0, 0, null, null,
                startups, idle, null, null, List.of(), null);
    }

    public boolean failed() {
        return failure != null;
    }
}
