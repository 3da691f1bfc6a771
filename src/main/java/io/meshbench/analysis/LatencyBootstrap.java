package io.meshbench.analysis;

import org.apache.commons.math3.random.RandomGenerator;

/**
 * One mode's bootstrap of latency percentiles, drawn once and reused: row r holds the percentiles
 * {@link #PERCENTILES} of resample r (whole interval histograms drawn with replacement). A mode's
 * CIs are percentile intervals of its columns; the CI of a change between two modes — or between
 * the same mode in two runs — pairs row r of one with row r of the other. The two sides are drawn
 * from generators seeded by run id and mode, so they are independent, and the cost is one
 * bootstrap per mode rather than one per comparison.
 */
public record LatencyBootstrap(double[][] stats) {

    public static final double[] PERCENTILES = {50, 90, 99, 99.9, 100};

    public static LatencyBootstrap draw(IntervalResampler resampler, int resamples, RandomGenerator rng) {
        double[][] stats = new double[resamples][PERCENTILES.length];
        for (int r = 0; r < resamples; r++) {
            stats[r] = resampler.percentiles(resampler.resample(rng), PERCENTILES);
        }
        return new LatencyBootstrap(stats);
    }

    static int column(double percentile) {
        for (int k = 0; k < PERCENTILES.length; k++) {
            if (PERCENTILES[k] == percentile) return k;
        }
        throw new IllegalArgumentException("no bootstrap column for p" + percentile);
    }

    /** 95% CI of a percentile. */
    public Interval interval(double percentile) {
        int k = column(percentile);
        double[] col = new double[stats.length];
        for (int r = 0; r < stats.length; r++) col[r] = stats[r][k];
        return Significance.percentileInterval(col);
    }

    /** 95% CI of the % change of a percentile from this bootstrap to {@code to}'s. */
    public Interval changeInterval(LatencyBootstrap to, double percentile) {
        int k = column(percentile);
        int n = Math.min(stats.length, to.stats.length);
        double[] change = new double[n];
        for (int r = 0; r < n; r++) change[r] = Significance.pctChange(stats[r][k], to.stats[r][k]);
        return Significance.percentileInterval(change);
    }
}
