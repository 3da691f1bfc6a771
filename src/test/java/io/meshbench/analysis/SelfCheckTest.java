package io.meshbench.analysis;

import io.meshbench.core.MeshMode;
import io.meshbench.metrics.LatencyRecording;
import io.meshbench.metrics.ModeMeasurement;
import io.meshbench.metrics.RunRecord;
import io.meshbench.metrics.RunStatus;
import io.meshbench.core.Target;
import org.HdrHistogram.Histogram;
import org.apache.commons.math3.distribution.NormalDistribution;
import org.apache.commons.math3.random.RandomGenerator;
import org.apache.commons.math3.random.Well19937c;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Self-checks of the verdicts on simulated runs whose truth is known. Every repetition is a fresh
 * deployment with its own random effect (its whole latency distribution scaled by e^u, u ~ N(0,
 * {@value #DEPLOYMENT_SIGMA}²)) — the noise the issue measured between identical runs — and then
 * {@value #CALLS} log-normal calls. The checks go through {@link Analysis} end to end, Holm included.
 * Fixed seeds: the outcome is the same on every machine.
 */
class SelfCheckTest {

    static final double DEPLOYMENT_SIGMA = 0.10;
    static final int CALLS = 2000;
    static final double CALL_SIGMA = 0.5;
    static final double MEDIAN_MICROS = 800;
    static final double ALPHA = AnalysisOptions.defaults().alpha();
    static final double Z98 = new NormalDistribution().inverseCumulativeProbability(0.98);
    static final double Z99 = new NormalDistribution().inverseCumulativeProbability(0.99);

    /** How the "to" mode differs from the "from" mode. */
    interface Change {
        /** A call's latency given its deployment's log-median and its standard-normal draw. */
        double latency(double logMedian, double z);
    }

    static final Change NONE = (mu, z) -> Math.exp(mu + CALL_SIGMA * z);

    /** Everything 30% slower: every percentile, the p99 included, is exactly +30%. */
    static final Change SCALE_30 = (mu, z) -> 1.3 * Math.exp(mu + CALL_SIGMA * z);

    /**
     * Only the tail: calls above the deployment's p98 are stretched so its p99 is exactly +50%;
     * the p50 and everything below the p98 stay as they were.
     */
    static final Change TAIL_P99_50 = (mu, z) -> {
        double v = Math.exp(mu + CALL_SIGMA * z);
        if (z <= Z98) return v;
        double v98 = Math.exp(mu + CALL_SIGMA * Z98);
        double v99 = Math.exp(mu + CALL_SIGMA * Z99);
        double k = (1.5 * v99 - v98) / (v99 - v98);
        return v98 + (v - v98) * k;
    };

    private static ModeMeasurement deployment(MeshMode mode, int rep, Change change, RandomGenerator rng) {
        double mu = Math.log(MEDIAN_MICROS) + DEPLOYMENT_SIGMA * rng.nextGaussian();
        Histogram h = LatencyRecording.newHistogram();
        for (int i = 0; i < CALLS; i++) h.recordValue(Math.max(1, Math.round(change.latency(mu, rng.nextGaussian()))));
        LatencyRecording lat = new LatencyRecording(Map.of("a->b", h), List.of(h), Map.of());
        return ModeMeasurement.window(mode, rep).latency(lat, null).build();
    }

    /** A run of two modes, {@code n} repetitions each, in alternating order; "ambient" carries the change. */
    static AnalysedRun simulate(long seed, int n, Change change) {
        RandomGenerator rng = new Well19937c(seed);
        List<ModeMeasurement> ms = new ArrayList<>();
        for (int rep = 1; rep <= n; rep++) {
            ms.add(deployment(MeshMode.SIDECAR, rep, NONE, rng));
            ms.add(deployment(MeshMode.AMBIENT, rep, change, rng));
        }
        RunRecord record = new RunRecord("sim-" + seed, Instant.EPOCH, Instant.EPOCH, RunStatus.COMPLETE, Target.LOCAL, true, Map.of(),
                Map.of(), Map.of(), ms, List.of());
        return Analysis.analyse(record);
    }

    /** Upper end of what a correct α-level procedure may show in {@code trials}: α + 3 binomial SDs. */
    static double slack(int trials) {
        return ALPHA + 3 * Math.sqrt(ALPHA * (1 - ALPHA) / trials);
    }

    @Test
    void aaComparisonsAreRarelySignificant() {
        int runs = 200;
        int comparisons = 0;
        int falsePositives = 0;
        int runsWithAny = 0;
        for (int s = 0; s < runs; s++) {
            AnalysedRun run = simulate(1000 + s, 3, NONE);
            boolean any = false;
            for (Comparison c : run.comparisons()) {
                if (c.metric().startsWith("latency_us")) {
                    assertTrue(c.significant() != null, c.metric() + " has no verdict: " + c.reason());
                }
                if (c.significant() == null) continue;   // figures this simulation does not produce
                comparisons++;
                if (c.significant()) {
                    falsePositives++;
                    any = true;
                }
            }
            if (any) runsWithAny++;
        }
        double perComparison = (double) falsePositives / comparisons;
        double familyWise = (double) runsWithAny / runs;
        System.out.printf("A/A, 3 vs 3 repetitions: %d of %d comparisons significant (%.3f), %d of %d runs with any (%.3f)%n",
                falsePositives, comparisons, perComparison, runsWithAny, runs, familyWise);
        assertTrue(comparisons >= 2 * runs);
        assertTrue(perComparison <= slack(comparisons), "false-positive rate " + perComparison);
        assertTrue(familyWise <= slack(runs), "family-wise false-positive rate " + familyWise);
    }

    @Test
    void aP99OnlyShiftOfFiftyPercentIsFoundWithFiveRepetitions() {
        int runs = 100;
        int found = 0;
        int p50Flagged = 0;
        for (int s = 0; s < runs; s++) {
            AnalysedRun run = simulate(5000 + s, 5, TAIL_P99_50);
            Comparison p99 = run.comparison("latency_us.p99", "sidecar", "ambient");
            if (Boolean.TRUE.equals(p99.significant()) && p99.changePct() > 0) found++;
            if (Boolean.TRUE.equals(run.comparison("latency_us.p50", "sidecar", "ambient").significant())) p50Flagged++;
        }
        System.out.printf("p99 +50%% only, 5 vs 5: found in %d of %d runs; p50 (unchanged) flagged in %d%n", found, runs, p50Flagged);
        assertTrue(found >= 80, "found in " + found + " of " + runs);
        assertTrue(p50Flagged <= runs * slack(runs), "the unchanged p50 was flagged in " + p50Flagged);
    }

    @Test
    void theP99IntervalsCoverTheTruthAboutNinetyFivePercent() {
        int runs = 200;
        int changeCovered = 0;
        int modeCovered = 0;
        double trueChange = 30.0;
        // the median deployment's p99 (u = 0); sample p99s of 2000 calls are unbiased to well under 1%
        double trueP99 = Math.exp(Math.log(MEDIAN_MICROS) + CALL_SIGMA * Z99);
        for (int s = 0; s < runs; s++) {
            AnalysedRun run = simulate(9000 + s, 3, SCALE_30);
            if (run.comparison("latency_us.p99", "sidecar", "ambient").ci95().contains(trueChange)) changeCovered++;
            if (run.mode("sidecar").latency().p99Ci95().contains(trueP99)) modeCovered++;
        }
        System.out.printf("coverage of 95%% intervals, 3 repetitions: change of p99 %d/%d, p99 of a mode %d/%d%n",
                changeCovered, runs, modeCovered, runs);
        double sd = Math.sqrt(0.95 * 0.05 / runs);
        for (int covered : new int[]{changeCovered, modeCovered}) {
            double rate = (double) covered / runs;
            assertTrue(Math.abs(rate - 0.95) <= 3 * sd, "coverage " + rate);
        }
    }

    @Test
    void exactAndAsymptoticTestsAgreeWhereBothApply() {
        RandomGenerator rng = new Well19937c(77);
        double sumDiff = 0;
        double maxDiff = 0;
        int sets = 60;
        for (int k = 0; k < sets; k++) {
            double[] x = new double[8];
            double[] y = new double[8];
            double shift = rng.nextGaussian() * 0.7;
            for (int i = 0; i < 8; i++) {
                x[i] = rng.nextGaussian();
                y[i] = rng.nextGaussian() + shift;
            }
            double exact = RepetitionStatistics.permutationP(x, y, 1000, rng);   // C(16,8) = 12,870 splits: exact
            double welch = RepetitionStatistics.welchP(x, y);
            sumDiff += Math.abs(exact - welch);
            maxDiff = Math.max(maxDiff, Math.abs(exact - welch));
        }
        System.out.printf("exact permutation vs Welch, 8 vs 8 normal: mean |Δp| %.4f, max %.4f%n", sumDiff / sets, maxDiff);
        assertTrue(sumDiff / sets < 0.02, "mean |Δp| " + sumDiff / sets);
        assertTrue(maxDiff < 0.06, "max |Δp| " + maxDiff);

        // sampled permutations approximate the enumeration
        double[] x = {1.0, 1.3, 0.7, 1.1, 0.9, 1.2, 0.8, 1.05, 0.95, 1.15, 0.85};
        double[] y = {1.4, 1.2, 1.6, 1.1, 1.5, 1.3, 1.45, 1.25, 1.35, 1.55, 1.15};
        double enumerated = RepetitionStatistics.permutationP(x, y, 1000, rng);              // C(22,11) = 705,432: sampled
        double[] xs = {1.0, 1.3, 0.7, 1.1, 0.9, 1.2, 0.8};
        double[] ys = {1.4, 1.2, 1.6, 1.1, 1.5, 1.3, 1.45};
        double exactSmall = RepetitionStatistics.permutationP(xs, ys, 1000, rng);           // C(14,7) = 3,432: exact
        double sampledSmall = sampled(xs, ys);
        assertEquals(exactSmall, sampledSmall, 0.01, "sampled vs exact");
        assertTrue(enumerated < 0.001, "p " + enumerated);

        // 3 vs 3 can never go below 0.1 exactly, which is why it is not the primary test
        assertEquals(0.1, RepetitionStatistics.permutationP(new double[]{1, 2, 3}, new double[]{10, 11, 12}, 1000, rng), 1e-12);
    }

    /** The sampling branch forced on a small case: 20,000 random splits. */
    private static double sampled(double[] x, double[] y) {
        RandomGenerator rng = new Well19937c(5);
        double[] pooled = new double[x.length + y.length];
        System.arraycopy(x, 0, pooled, 0, x.length);
        System.arraycopy(y, 0, pooled, x.length, y.length);
        double observed = Math.abs(RepetitionStatistics.mean(y) - RepetitionStatistics.mean(x));
        int samples = 20_000;
        int atLeast = 0;
        for (int s = 0; s < samples; s++) {
            double[] p = pooled.clone();
            for (int i = p.length - 1; i > 0; i--) {
                int j = rng.nextInt(i + 1);
                double t = p[i];
                p[i] = p[j];
                p[j] = t;
            }
            double sx = 0;
            double sy = 0;
            for (int i = 0; i < x.length; i++) sx += p[i];
            for (int i = x.length; i < p.length; i++) sy += p[i];
            if (Math.abs(sy / y.length - sx / x.length) >= observed - 1e-12) atLeast++;
        }
        return (double) atLeast / samples;
    }
}
