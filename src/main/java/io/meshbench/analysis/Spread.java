package io.meshbench.analysis;

import io.meshbench.metrics.Percentiles;

import java.util.Arrays;

/**
 * Percentiles of a small set of values (pod startups, per-edge handshakes). Nearest-rank
 * percentiles (the smallest value with at least p% of values at or below it), so every figure is a
 * value that was actually measured. All null when there are no values.
 */
public record Spread(Double p50, Double p95, Double p99, Double max, long count) {

    public static Spread of(double[] values) {
        if (values.length == 0) return new Spread(null, null, null, null, 0);
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return new Spread(nearestRank(sorted, 50), nearestRank(sorted, 95), nearestRank(sorted, 99),
                sorted[sorted.length - 1], sorted.length);
    }

    /** Percentiles of a histogram (HdrHistogram's definition); all null when it is null or empty. */
    public static Spread of(org.HdrHistogram.Histogram h) {
        if (h == null || h.getTotalCount() == 0) return new Spread(null, null, null, null, 0);
        return new Spread((double) h.getValueAtPercentile(50), (double) h.getValueAtPercentile(95),
                (double) h.getValueAtPercentile(99), (double) h.getMaxValue(), h.getTotalCount());
    }

    /** Nearest-rank percentile of sorted values ({@link Percentiles}, the one rule). */
    public static double nearestRank(double[] sorted, double percentile) {
        return Percentiles.nearestRank(sorted, percentile);
    }
}
