package io.meshbench.metrics;

/**
 * The one percentile rule for small sets of measured values (pod startups, per-edge handshakes,
 * per-repetition figures): nearest rank, the smallest value with at least p% of the values at or
 * below it. Every figure is then a value that was actually measured; for an even count the p50 is
 * the lower of the two middle values. Defined in docs/definitions.md.
 */
public final class Percentiles {
    private Percentiles() {
    }

    /** Nearest-rank percentile of values sorted ascending; NaN when there are none. */
    public static double nearestRank(double[] sorted, double percentile) {
        if (sorted.length == 0) return Double.NaN;
        int rank = (int) Math.ceil(percentile / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }
}
