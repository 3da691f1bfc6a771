package io.meshbench.analysis;

/**
 * One mode × metric line of the gate. {@code worsePct} is the change in the bad direction (positive
 * = worse). {@code rule} names how significance was decided for this figure.
 */
public record GateRow(String mode, String metric, double thresholdPct, Double baselineValue, Double currentValue,
                      Double changePct, Double worsePct, Interval ci95, Double pValue, Boolean significant,
                      String rule, Verdict verdict, String why) {

    public enum Verdict { PASS, FAIL, SKIPPED }
}
