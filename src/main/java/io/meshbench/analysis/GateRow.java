package io.meshbench.analysis;

/**
 * One mode × metric line of the gate. {@code worsePct} is the change in the bad direction (positive
 * = worse). {@code pValue} is the row's own test, {@code pAdjusted} the Holm-adjusted p across the
 * gate's rows; {@code rule} names how the row was judged.
 */
public record GateRow(String mode, String metric, double thresholdPct, Double baselineValue, Double currentValue,
                      Double changePct, Double worsePct, Interval ci95, Double pValue, Double pAdjusted,
                      int nBaseline, int nCurrent, String method, Boolean significant,
                      String rule, Verdict verdict, String why) {

    /**
     * PASS / FAIL: judged. WARN: the change could not be judged (too few repetitions, no spread);
     * the gate does not fail on it unless strict. SKIPPED: nothing to compare.
     */
    public enum Verdict { PASS, FAIL, WARN, SKIPPED }
}
