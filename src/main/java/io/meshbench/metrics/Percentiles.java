package io.meshbench.metrics;

import org.apache.commons.math3.stat.descriptive.rank.Percentile;

/**
 * The one percentile rule for small sets of measured values (pod startups, per-edge handshakes,
 * per-repetition figures): nearest rank, the smallest value with at least p% of the values at or
 * below it. Every figure is then a value that was actually measured; for an even count the p50 is
 * the lower of the two middle values. Defined in docs/definitions.md. Commons Math computes it: its
 * estimation type R_1 (the inverse of the empirical distribution function) is this definition.
 */
public final class Percentiles {
    private Percentiles() {
    }

    /** Nearest-rank percentile (0 &lt; percentile ≤ 100) of values sorted ascending; NaN when there are none. */
    public static double nearestRank(double[] sorted, double percentile) {
        return new Percentile().withEstimationType(Percentile.EstimationType.R_1).evaluate(sorted, percentile);
    }
}
