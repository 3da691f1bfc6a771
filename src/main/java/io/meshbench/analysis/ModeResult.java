package io.meshbench.analysis;

import io.meshbench.metrics.ResourceUsage;
import org.HdrHistogram.Histogram;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * One mode's figures. Every comparable figure is first computed per repetition
 * ({@link #perRepetition}); the mode's figure is the central value over repetitions (geometric mean
 * of positive values, {@link RepetitionStatistics#central}) — one repetition counts once however
 * many calls, pods or edges it had. The pooled distributions stay attached for charts and for the
 * "within-window spread" a report may show, never for a comparison's interval. Null means not
 * measured.
 *
 * @param status            whether the figures can be compared (results carry {@link ModeStatus#id})
 * @param reason            why the mode is saturated or failed, else null
 * @param latency           service-to-service latency (µs): central value over repetitions of each
 *                          repetition's percentile; CIs over repetitions (Student t)
 * @param pooledLatency     percentiles of all repetitions' calls merged — within-window spread, no CIs
 * @param startup           pod startup (ms, creation → ready): central values of per-repetition percentiles
 * @param startupMillis     every pod's startup, all repetitions (for the chart)
 * @param firstCall         first call after ready minus the edge's steady p50 (µs), central over repetitions
 * @param firstCallMicros   every edge's first-call excess, all repetitions (for the chart)
 * @param handshake         churn probe: p50 (p99) of calls on new connections minus that of calls on
 *                          reused ones (µs), central over repetitions; count = the probe's calls
 * @param tlsHandshake      the data plane's own TLS handshake durations (µs), null when not exported
 * @param memoryPerPodBytes mesh memory charged to one pod over the idle window (central over repetitions)
 * @param cpuIdlePerPodMcores mesh CPU charged to one pod over the idle window (central over repetitions)
 * @param servicesPerNode   floor((node memory − mesh daemons per node) ÷ (workload + mesh per pod less its share of those daemons))
 * @param perRepetition     the figures of each repetition that ran, in repetition order
 * @param noiseFloorPct     per metric id: the smallest % change against an identically run mode this
 *                          mode's spread between repetitions would let a comparison detect; null below 2
 * @param idle              resources over the idle window, mean of repetitions
 * @param load              resources over the measured window, mean of repetitions
 */
public record ModeResult(String mode, ModeStatus status, String reason, int repetitions,
                         Double offeredRps, Double achievedRps, long requests, long errors, Double errorRatio,
                         LatencyFigures latency, LatencyFigures pooledLatency, Histogram mergedLatency,
                         List<TimelinePoint> timeline,
                         Spread startup, double[] startupMillis,
                         Spread firstCall, double[] firstCallMicros,
                         Spread handshake, Spread tlsHandshake,
                         Double memoryPerPodBytes, Double cpuIdlePerPodMcores, Long servicesPerNode,
                         List<RepetitionFigures> perRepetition, Map<String, Double> noiseFloorPct,
                         ResourceUsage idle, ResourceUsage load,
                         Map<String, Double> dataPlaneCounters, List<String> missingMetrics,
                         Histogram entryLatencyMillis, List<String> warnings) {

    public boolean ok() {
        return status == ModeStatus.OK;
    }

    /** The metric's value in each repetition where it was measured, in repetition order. */
    public double[] values(Metric metric) {
        return perRepetition.stream().map(r -> r.get(metric)).filter(v -> v != null).mapToDouble(Double::doubleValue).toArray();
    }

    /** Repetitions in which the metric was measured. */
    public int n(Metric metric) {
        return values(metric).length;
    }

    /** Mesh CPU per pod under load, mean of repetitions; null if not measured. */
    public Double cpuLoadPerPodMcores() {
        return load == null || Double.isNaN(load.meshCpuPerPodMillicores()) ? null : load.meshCpuPerPodMillicores();
    }

    /** Mesh memory per pod under load; null if not measured. */
    public Double memoryLoadPerPodBytes() {
        return load == null || Double.isNaN(load.meshMemoryPerPodBytes()) ? null : load.meshMemoryPerPodBytes();
    }

    /** Whole mesh's CPU (all pods) per 1000 entry requests per second under load; null if unknown. */
    public Double meshCpuPer1000RpsMcores() {
        Double perPod = cpuLoadPerPodMcores();
        if (perPod == null || achievedRps == null || achievedRps <= 0 || load.pods() <= 0) return null;
        return perPod * load.pods() / (achievedRps / 1000.0);
    }

    /** The same figures with each repetition's disruption values added (matched by repetition number). */
    public ModeResult withDisruption(List<DisruptionFigures> figures) {
        if (figures.isEmpty()) return this;
        List<RepetitionFigures> reps = new java.util.ArrayList<>();
        java.util.Set<Integer> seen = new java.util.HashSet<>();
        for (RepetitionFigures r : perRepetition) {
            Map<Metric, Double> v = new java.util.EnumMap<>(Metric.class);
            v.putAll(r.values());
            figures.stream().filter(f -> f.repetition() == r.repetition()).findFirst()
                    .ifPresent(f -> v.putAll(RunDisruption.values(f)));
            seen.add(r.repetition());
            reps.add(new RepetitionFigures(r.repetition(), v));
        }
        for (DisruptionFigures f : figures) {
            if (!seen.contains(f.repetition())) reps.add(new RepetitionFigures(f.repetition(), RunDisruption.values(f)));
        }
        return new ModeResult(mode, status, reason, repetitions, offeredRps, achievedRps, requests, errors, errorRatio,
                latency, pooledLatency, mergedLatency, timeline, startup, startupMillis, firstCall, firstCallMicros,
                handshake, tlsHandshake, memoryPerPodBytes, cpuIdlePerPodMcores, servicesPerNode, reps, noiseFloorPct,
                idle, load, dataPlaneCounters, missingMetrics, entryLatencyMillis, warnings);
    }

    @Override
    public String toString() {
        return "ModeResult[" + mode + ", " + status + ", " + repetitions + " repetitions, " + Arrays.toString(values(Metric.LATENCY_P99)) + "]";
    }
}
