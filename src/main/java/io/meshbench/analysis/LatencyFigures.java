package io.meshbench.analysis;

/**
 * Service-to-service latency of one mode in µs, from the merged histogram of all repetitions.
 * Percentiles are null when no call was recorded. The CIs are null when there were too few
 * interval histograms to resample; {@code ciNote} then says why.
 */
public record LatencyFigures(Long p50, Long p90, Long p99, Long p999, Long p9999, Long max, long count,
                             Interval p50Ci95, Interval p99Ci95, String ciNote) {
}
