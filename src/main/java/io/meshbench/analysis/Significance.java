package io.meshbench.analysis;

import org.apache.commons.math3.random.RandomGenerator;
import org.apache.commons.math3.random.Well19937c;
import org.apache.commons.math3.stat.StatUtils;
import org.apache.commons.math3.stat.inference.MannWhitneyUTest;
import org.apache.commons.math3.stat.inference.TTest;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.function.ToDoubleFunction;

/** The statistical tests and bootstrap intervals every comparison and the gate use. */
public final class Significance {

    private Significance() {
    }

    /** A seeded generator per purpose, so each comparison's resamples do not depend on the others'. */
    public static RandomGenerator rng(long seed, String purpose) {
        long h = seed;
        for (byte b : purpose.getBytes(StandardCharsets.UTF_8)) h = h * 1_000_003L + b;
        return new Well19937c(h);
    }

    /**
     * Two-sided Mann-Whitney U p-value (Commons Math, normal approximation). Null with fewer than
     * two values on a side; 1.0 when every value on both sides is the same (no difference to find).
     */
    public static Double mannWhitney(double[] a, double[] b) {
        if (a.length < 2 || b.length < 2) return null;
        double p = new MannWhitneyUTest().mannWhitneyUTest(a, b);
        if (Double.isNaN(p)) return allEqual(a, b) ? 1.0 : null;
        return p;
    }

    /** Welch's t-test p-value on per-repetition values; null with fewer than two per side or no variance. */
    public static Double welch(double[] a, double[] b) {
        if (a.length < 2 || b.length < 2) return null;
        if (StatUtils.variance(a) == 0 && StatUtils.variance(b) == 0) return Arrays.equals(a, b) ? 1.0 : null;
        double p = new TTest().tTest(a, b);
        return Double.isNaN(p) ? null : p;
    }

    /** 95% percentile interval of bootstrap statistics (NaNs dropped); null when none are finite. */
    public static Interval percentileInterval(double[] stats) {
        double[] finite = Arrays.stream(stats).filter(Double::isFinite).toArray();
        if (finite.length < stats.length * 0.9 || finite.length == 0) return null;
        return new Interval(StatUtils.percentile(finite, 2.5), StatUtils.percentile(finite, 97.5));
    }

    /** Bootstrap 95% CI of % change of a statistic from values a to values b (iid resampling). */
    public static Interval changeInterval(double[] a, double[] b, ToDoubleFunction<double[]> statistic,
                                          int resamples, RandomGenerator rng) {
        if (a.length < 2 || b.length < 2) return null;
        double[] stats = new double[resamples];
        double[] ra = new double[a.length];
        double[] rb = new double[b.length];
        for (int r = 0; r < resamples; r++) {
            for (int i = 0; i < a.length; i++) ra[i] = a[rng.nextInt(a.length)];
            for (int i = 0; i < b.length; i++) rb[i] = b[rng.nextInt(b.length)];
            stats[r] = pctChange(statistic.applyAsDouble(ra), statistic.applyAsDouble(rb));
        }
        return percentileInterval(stats);
    }

    /** Bootstrap 95% CI of % change of a latency percentile, resampling each side's intervals. */
    public static Interval changeInterval(IntervalResampler a, IntervalResampler b, double percentile,
                                          int resamples, RandomGenerator rng) {
        double[] stats = new double[resamples];
        for (int r = 0; r < resamples; r++) {
            double va = a.percentile(a.resample(rng), percentile);
            double vb = b.percentile(b.resample(rng), percentile);
            stats[r] = pctChange(va, vb);
        }
        return percentileInterval(stats);
    }

    /** (to − from) ÷ from × 100; NaN when from is 0 or either is not a number. */
    public static double pctChange(double from, double to) {
        if (!Double.isFinite(from) || !Double.isFinite(to) || from == 0) return Double.NaN;
        return (to - from) / from * 100.0;
    }

    public static double median(double[] values) {
        double[] s = values.clone();
        Arrays.sort(s);
        return Spread.nearestRank(s, 50);
    }

    public static double mean(double[] values) {
        return StatUtils.mean(values);
    }

    /** p below alpha AND the CI excludes 0; null when either is unknown. */
    public static Boolean significant(Double p, Interval ci, double alpha) {
        if (p == null || ci == null) return null;
        return p < alpha && ci.excludesZero();
    }

    private static boolean allEqual(double[] a, double[] b) {
        double first = a[0];
        return Arrays.stream(a).allMatch(v -> v == first) && Arrays.stream(b).allMatch(v -> v == first);
    }
}
