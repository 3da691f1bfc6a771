package io.meshbench.metrics;

import io.meshbench.core.MeshMode;
import org.HdrHistogram.Histogram;

import java.time.Instant;
import java.util.List;

/**
 * Everything measured for one mode in one repetition, before any statistics. A field that could
 * not be measured is null; it is never filled with a guess. Build one by name with
 * {@link #window} or {@link #failed}: the canonical constructor has too many fields of the same
 * types (four longs, two doubles, two Instants) to fill safely by position.
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

    /** A mode's repetition that could not be measured: why, and what its deployment did show. */
    public static ModeMeasurement failed(MeshMode mode, int repetition, String why, List<PodStartup> startups,
                                         ResourceUsage idle) {
        return window(mode, repetition).failure(why).deployment(startups, idle).build();
    }

    public boolean failed() {
        return failure != null;
    }

    /** A measured window (or, with {@link Builder#failure}, a stored failed one), field by field by name. */
    public static Builder window(MeshMode mode, int repetition) {
        return new Builder(mode, repetition);
    }

    /** Fills a measured window's fields by name; unset fields stay null (not measured) or 0. */
    public static final class Builder {
        private final MeshMode mode;
        private final int repetition;
        private String failure;
        private Instant windowStart;
        private Instant windowEnd;
        private double offeredRps;
        private double achievedRps;
        private long requests;
        private long errors;
        private long injectedErrors;
        private LatencyRecording serviceLatency;
        private Histogram entryLatencyMillis;
        private List<PodStartup> startups = List.of();
        private ResourceUsage idle;
        private ResourceUsage load;
        private DataPlaneSummary dataPlane;
        private List<String> warnings = List.of();
        private InjectorLag injectorLag;

        private Builder(MeshMode mode, int repetition) {
            this.mode = mode;
            this.repetition = repetition;
        }

        /** Why the mode failed; null (the default) when it ran. */
        public Builder failure(String why) {
            this.failure = why;
            return this;
        }

        public Builder window(Instant start, Instant end) {
            this.windowStart = start;
            this.windowEnd = end;
            return this;
        }

        public Builder rates(double offered, double achieved) {
            this.offeredRps = offered;
            this.achievedRps = achieved;
            return this;
        }

        public Builder counts(long requests, long errors, long injectedErrors) {
            this.requests = requests;
            this.errors = errors;
            this.injectedErrors = injectedErrors;
            return this;
        }

        public Builder latency(LatencyRecording service, Histogram entryMillis) {
            this.serviceLatency = service;
            this.entryLatencyMillis = entryMillis;
            return this;
        }

        public Builder deployment(List<PodStartup> startups, ResourceUsage idle) {
            this.startups = startups;
            this.idle = idle;
            return this;
        }

        public Builder load(ResourceUsage load, DataPlaneSummary dataPlane) {
            this.load = load;
            this.dataPlane = dataPlane;
            return this;
        }

        public Builder injectorLag(InjectorLag lag) {
            this.injectorLag = lag;
            return this;
        }

        public Builder warnings(List<String> warnings) {
            this.warnings = warnings;
            return this;
        }

        public ModeMeasurement build() {
            return new ModeMeasurement(mode, repetition, failure, windowStart, windowEnd, offeredRps, achievedRps, requests,
                    errors, injectedErrors, serviceLatency, entryLatencyMillis, startups, idle, load, dataPlane, warnings,
                    injectorLag);
        }
    }
}
