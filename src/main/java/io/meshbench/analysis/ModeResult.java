package io.meshbench.analysis;

import io.meshbench.metrics.ResourceUsage;
import org.HdrHistogram.Histogram;

import java.util.List;
import java.util.Map;

/**
 * One mode's figures, repetitions merged. Null means not measured. The raw distributions stay
 * attached (merged histogram, interval histograms, startup and handshake values, per-repetition
 * resources) because comparisons, charts and the regression gate resample them.
 *
 * @param status            "ok", "saturated" or "failed"
 * @param reason            why the mode is saturated or failed, else null
 * @param latency           service-to-service latency (µs)
 * @param startup           pod startup (ms, creation → ready), all pods of all repetitions
 * @param handshake         first call per edge minus the edge's steady p50 (µs), over edges
 * @param tlsHandshake      the data plane's own TLS handshake durations (µs), null when not exported
 * @param memoryPerPodBytes mesh memory charged to one pod over the idle window (mean of repetitions)
 * @param cpuIdlePerPodMcores mesh CPU charged to one pod over the idle window (mean of repetitions)
 * @param servicesPerNode   floor((node memory − mesh daemons per node) ÷ (workload + mesh per pod))
 * @param idle              resources over the idle window, mean of repetitions
 * @param load              resources over the measured window, mean of repetitions
 */
public record ModeResult(String mode, String status, String reason, int repetitions,
                         Double offeredRps, Double achievedRps, long requests, long errors, Double errorRatio,
                         LatencyFigures latency, Histogram mergedLatency, List<Histogram> intervals,
                         List<TimelinePoint> timeline,
                         Spread startup, double[] startupMillis,
                         Spread handshake, double[] handshakeMicros, Spread tlsHandshake,
                         Double memoryPerPodBytes, Double cpuIdlePerPodMcores, Long servicesPerNode,
                         double[] memoryPerPodByRepetition, double[] cpuIdlePerPodByRepetition,
                         ResourceUsage idle, ResourceUsage load,
                         Map<String, Double> dataPlaneCounters, List<String> missingMetrics,
                         Histogram entryLatencyMillis, List<String> warnings) {

    public static final String OK = "ok";
    public static final String SATURATED = "saturated";
    public static final String FAILED = "failed";

    public boolean ok() {
        return OK.equals(status);
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
}
