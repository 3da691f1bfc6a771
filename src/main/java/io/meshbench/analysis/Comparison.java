package io.meshbench.analysis;

/**
 * A figure of mode {@code to} relative to mode {@code from}, over per-repetition values:
 * change_pct = ratio of the central values − 1 (× 100), with its 95% Student-t interval.
 * {@code pValue} is the primary test ({@code method}), {@code pExact} the exact permutation test of
 * the same difference, {@code pAdjusted} the Holm-adjusted p across the family (the run's
 * comparisons, or the gate's rows). {@code significant} = pAdjusted &lt; alpha; null when there is
 * no verdict, and {@code reason} then says why (too few repetitions, a saturated mode, …); with a
 * verdict it may still note why the change is null (a base of 0).
 * {@code noiseFloorPct} is the interval's half-width: the smallest change this comparison could
 * have told from noise.
 */
public record Comparison(String metric, String from, String to, int nFrom, int nTo, Double fromValue, Double toValue,
                         Double changePct, Interval ci95, Double pValue, Double pAdjusted, Double pExact, String method,
                         Double noiseFloorPct, Boolean significant, String reason) {

    /** A comparison that could not be made at all. */
    public static Comparison notMade(String metric, String from, String to, String reason) {
        return new Comparison(metric, from, to, 0, 0, null, null, null, null, null, null, null, null, null, null, reason);
    }

    /** This comparison with its family-adjusted p and the verdict that follows from it. */
    public Comparison adjusted(Double adjusted, double alpha) {
        Boolean verdict = adjusted == null ? null : adjusted < alpha;
        return new Comparison(metric, from, to, nFrom, nTo, fromValue, toValue, changePct, ci95, pValue, adjusted, pExact,
                method, noiseFloorPct, verdict, reason);
    }

    /** The multiplicity method appended to the test's name, as results.json records it. */
    public String methodWithAdjustment() {
        return method == null ? null : method + (pAdjusted != null ? "+holm" : "");
    }
}
