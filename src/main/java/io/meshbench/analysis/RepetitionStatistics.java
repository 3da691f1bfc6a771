package io.meshbench.analysis;

import org.apache.commons.math3.distribution.TDistribution;
import org.apache.commons.math3.random.RandomGenerator;

import java.util.Arrays;

/**
 * Statistics over per-repetition values: one value per fresh deployment of a mode (its p99, its
 * startup p50, its idle memory …). The repetition is the unit because calls, pods and edges of one
 * deployment share that deployment's luck (placement, JIT, neighbours): counting them as independent
 * samples makes any two deployments look "significantly" different.
 *
 * <p><b>Primary test: Welch's t on ln(values).</b> Latency, memory and startup vary between
 * deployments multiplicatively, so their logarithms are close to normal and a difference of mean
 * logs is a ratio of geometric means — which is what "% change" means. Welch's t is exact for normal
 * data up to the Welch–Satterthwaite approximation of the degrees of freedom, needs no equal
 * variances, and — unlike rank or permutation tests — can reach significance at n = 3 per side:
 * with df ≥ 2 the two-sided 5% critical value is t = 4.30, reachable when the difference is a few
 * times the spread between repetitions. Its interval (difference of means ± t·se, back-transformed)
 * is the headline CI of the % change, the same Student-t interval JMH reports. When a value is ≤ 0
 * (a handshake difference, a baseline's zero memory) the test runs on the raw values instead and
 * the % change is the difference over the base's mean.
 *
 * <p><b>Beside it: an exact permutation test</b> of the same difference of means (every split of
 * the pooled values enumerated when there are at most {@value #MAX_EXACT_SPLITS}, else seeded random
 * splits). It needs no normality but is coarse at small n: 3 vs 3 has only 20 splits, so its
 * two-sided p never goes below 0.1 and, after a multiplicity adjustment, could never give a verdict.
 * It is reported as {@code p_exact} so a reader can see where the normal model matters.
 *
 * <p><b>Minimum n = {@value #MIN_REPETITIONS} per side.</b> With 2 per side each variance rests on
 * one degree of freedom, Welch's df can fall to 1 (critical t = 12.7), and the interval says nothing;
 * with 3 per side df ≥ 2 and a clear regression can be called. Below the minimum a comparison shows
 * the change and says why there is no verdict.
 */
public final class RepetitionStatistics {

    public static final int MIN_REPETITIONS = 3;
    /** What the "not enough repetitions" reason recommends: enough for ~80% power on a +50% p99 shift. */
    public static final int RECOMMENDED_REPETITIONS = 5;
    static final long MAX_EXACT_SPLITS = 200_000;
    static final double CONFIDENCE = 0.95;

    public static final String METHOD_LOG = "welch_t_log";
    public static final String METHOD_RAW = "welch_t";

    private RepetitionStatistics() {
    }

    /**
     * One comparison of per-repetition values {@code a} (from) and {@code b} (to). Fields are null
     * where they cannot be computed; {@code reason} says why there is no p value (and so no verdict).
     */
    public record Result(int nFrom, int nTo, Double fromValue, Double toValue, Double changePct, Interval ci95,
                         Double pValue, Double pExact, String method, Double noiseFloorPct, String reason) {
    }

    public static String tooFewReason(int n) {
        return "not enough repetitions to judge (n = " + n + "); use -Drepeat=" + RECOMMENDED_REPETITIONS;
    }

    public static Result compare(double[] a, double[] b, int permutationSamples, RandomGenerator rng) {
        int na = a.length;
        int nb = b.length;
        Double from = na == 0 ? null : central(a);
        Double to = nb == 0 ? null : central(b);
        if (na == 0 || nb == 0) {
            return new Result(na, nb, from, to, null, null, null, null, null, null, "not measured in " + (na == 0 ? "from" : "to"));
        }
        boolean log = allPositive(a) && allPositive(b);
        String method = log ? METHOD_LOG : METHOD_RAW;
        double[] x = log ? logs(a) : a;
        double[] y = log ? logs(b) : b;
        double baseMean = mean(a);
        Double change = log ? Double.valueOf((Math.exp(mean(y) - mean(x)) - 1) * 100) : pctOrNull(mean(b) - baseMean, baseMean);
        int n = Math.min(na, nb);
        if (na < 2 || nb < 2) {
            return new Result(na, nb, from, to, change, null, null, null, method, null, tooFewReason(n));
        }
        double d = mean(y) - mean(x);
        double va = variance(x) / na;
        double vb = variance(y) / nb;
        double se = Math.sqrt(va + vb);
        if (se == 0) {
            if (d == 0) {
                Interval zero = change == null ? null : new Interval(0, 0);
                return new Result(na, nb, from, to, change, zero, n < MIN_REPETITIONS ? null : 1.0,
                        n < MIN_REPETITIONS ? null : 1.0, method, 0.0, n < MIN_REPETITIONS ? tooFewReason(n) : null);
            }
            return new Result(na, nb, from, to, change, null, null, null, method, null,
                    "every repetition gave the same value on each side: no spread to test against");
        }
        double df = welchDf(va, vb, na, nb);
        TDistribution t = new TDistribution(null, df);
        double q = t.inverseCumulativeProbability(0.5 + CONFIDENCE / 2);
        Interval ci;
        Double floor;
        if (log) {
            ci = new Interval((Math.exp(d - q * se) - 1) * 100, (Math.exp(d + q * se) - 1) * 100);
            floor = (Math.exp(q * se) - 1) * 100;
        } else if (baseMean != 0) {
            ci = new Interval((d - q * se) / Math.abs(baseMean) * 100, (d + q * se) / Math.abs(baseMean) * 100);
            floor = q * se / Math.abs(baseMean) * 100;
        } else {
            ci = null;
            floor = null;
        }
        if (n < MIN_REPETITIONS) {
            return new Result(na, nb, from, to, change, ci, null, null, method, floor, tooFewReason(n));
        }
        double p = 2 * t.cumulativeProbability(-Math.abs(d / se));
        Double exact = permutationP(x, y, permutationSamples, rng);
        return new Result(na, nb, from, to, change, ci, p, exact, method, floor, null);
    }

    /**
     * The figure of a mode over its repetitions: the geometric mean when every value is positive
     * (consistent with the log-scale comparison), else the arithmetic mean.
     */
    public static double central(double[] v) {
        return allPositive(v) ? Math.exp(mean(logs(v))) : mean(v);
    }

    /** 95% Student-t CI of {@link #central} over repetitions; null with fewer than 2. */
    public static Interval centralInterval(double[] v) {
        if (v.length < 2) return null;
        boolean log = allPositive(v);
        double[] x = log ? logs(v) : v;
        double m = mean(x);
        double half = new TDistribution(null, v.length - 1).inverseCumulativeProbability(0.5 + CONFIDENCE / 2)
                * Math.sqrt(variance(x) / v.length);
        return log ? new Interval(Math.exp(m - half), Math.exp(m + half)) : new Interval(m - half, m + half);
    }

    /**
     * Noise floor of a figure: the smallest % change against an identically run mode (same n, same
     * spread between repetitions) whose 95% interval would exclude 0 — the half-width of that
     * comparison's interval. Null with fewer than 2 repetitions (no spread to estimate).
     */
    public static Double noiseFloorPct(double[] v) {
        int n = v.length;
        if (n < 2) return null;
        boolean log = allPositive(v);
        double[] x = log ? logs(v) : v;
        double se = Math.sqrt(2 * variance(x) / n);
        double q = new TDistribution(null, 2.0 * n - 2).inverseCumulativeProbability(0.5 + CONFIDENCE / 2);
        if (log) return (Math.exp(q * se) - 1) * 100;
        double m = mean(v);
        return m == 0 ? null : q * se / Math.abs(m) * 100;
    }

    /** Two-sided Welch p-value of the difference of means of x and y (no transformation). */
    public static Double welchP(double[] x, double[] y) {
        if (x.length < 2 || y.length < 2) return null;
        double va = variance(x) / x.length;
        double vb = variance(y) / y.length;
        double se = Math.sqrt(va + vb);
        if (se == 0) return mean(x) == mean(y) ? 1.0 : null;
        return 2 * new TDistribution(null, welchDf(va, vb, x.length, y.length))
                .cumulativeProbability(-Math.abs((mean(y) - mean(x)) / se));
    }

    /**
     * Two-sided permutation p of |mean(y) − mean(x)|: the share of splits of the pooled values into
     * groups of the same sizes whose difference is at least as large. Exact (all splits) when there
     * are at most {@value #MAX_EXACT_SPLITS}, else {@code samples} seeded random splits ((k + 1) ÷
     * (samples + 1), which never reports 0).
     */
    public static Double permutationP(double[] x, double[] y, int samples, RandomGenerator rng) {
        int nx = x.length;
        int n = nx + y.length;
        if (nx == 0 || y.length == 0) return null;
        double[] pooled = new double[n];
        System.arraycopy(x, 0, pooled, 0, nx);
        System.arraycopy(y, 0, pooled, nx, y.length);
        double total = Arrays.stream(pooled).sum();
        double observed = Math.abs(mean(y) - mean(x));
        double tolerance = 1e-9 * Math.max(1, Arrays.stream(pooled).map(Math::abs).max().orElse(1));
        if (n <= 62 && binomial(n, nx) <= MAX_EXACT_SPLITS) {
            long splits = 0;
            long atLeast = 0;
            // every nx-subset of n items as a bit mask, in increasing order (Gosper's hack)
            for (long mask = (1L << nx) - 1; mask < (1L << n); ) {
                double sx = 0;
                for (int i = 0; i < n; i++) if ((mask >>> i & 1) != 0) sx += pooled[i];
                double diff = Math.abs((total - sx) / (n - nx) - sx / nx);
                if (diff >= observed - tolerance) atLeast++;
                splits++;
                long c = mask & -mask;
                long r = mask + c;
                mask = (((r ^ mask) >>> 2) / c) | r;
            }
            return (double) atLeast / splits;
        }
        double[] shuffled = pooled.clone();
        long atLeast = 0;
        for (int s = 0; s < samples; s++) {
            for (int i = 0; i < nx; i++) {   // partial Fisher-Yates: the first nx are a random subset
                int j = i + rng.nextInt(n - i);
                double tmp = shuffled[i];
                shuffled[i] = shuffled[j];
                shuffled[j] = tmp;
            }
            double sx = 0;
            for (int i = 0; i < nx; i++) sx += shuffled[i];
            if (Math.abs((total - sx) / (n - nx) - sx / nx) >= observed - tolerance) atLeast++;
        }
        return (atLeast + 1.0) / (samples + 1.0);
    }

    static double welchDf(double va, double vb, int na, int nb) {
        double num = (va + vb) * (va + vb);
        double den = va * va / (na - 1) + vb * vb / (nb - 1);
        return den == 0 ? na + nb - 2 : num / den;
    }

    private static double binomial(int n, int k) {
        double c = 1;
        for (int i = 1; i <= k; i++) c = c * (n - k + i) / i;
        return c;
    }

    private static Double pctOrNull(double diff, double base) {
        return base == 0 ? null : diff / Math.abs(base) * 100;
    }

    static boolean allPositive(double[] v) {
        for (double x : v) if (!(x > 0)) return false;
        return true;
    }

    private static double[] logs(double[] v) {
        double[] out = new double[v.length];
        for (int i = 0; i < v.length; i++) out[i] = Math.log(v[i]);
        return out;
    }

    static double mean(double[] v) {
        double s = 0;
        for (double x : v) s += x;
        return s / v.length;
    }

    static double variance(double[] v) {
        double m = mean(v);
        double s = 0;
        for (double x : v) s += (x - m) * (x - m);
        return s / (v.length - 1);
    }
}
