package io.meshbench.analysis;

/**
 * A figure of mode {@code to} relative to mode {@code from}: change_pct = (to − from) ÷ from × 100.
 * Null fields were not measurable; {@code note} says why (a saturated mode, a zero base, too few
 * repetitions for a variance). {@code significant} is p &lt; alpha AND the CI of the change excludes
 * 0; null when either is unknown.
 */
public record Comparison(String metric, String from, String to, Double fromValue, Double toValue,
                         Double changePct, Interval ci95, Double pValue, Boolean significant, String note) {
}
