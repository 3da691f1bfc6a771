package io.meshbench.analysis;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The nightly regression gate: compares each mode of the current run with the same mode of a
 * baseline run, for each thresholded metric, over per-repetition values ({@link FigureComparator}).
 * A row fails only when the figure got worse by more than its threshold AND the change is
 * significant after Holm's adjustment across all the gate's rows (so adding thresholds does not
 * raise the chance of a false alarm).
 *
 * <p>A row whose comparison has no verdict — fewer than {@value RepetitionStatistics#MIN_REPETITIONS}
 * repetitions on a side, or no spread to test against — is a WARN: the gate still passes, and says
 * so, unless {@code strict} (-Dgate.strict=true), where such a row fails: strict asks every row for
 * a verdict. Modes missing, saturated or failed in either run are skipped with the reason.
 */
public final class Gate {

    public static final String RULE = "Welch t on ln(per-repetition values), Holm across rows";

    private Gate() {
    }

    public static GateResult compare(AnalysedRun current, AnalysedRun baseline, Thresholds thresholds) {
        return compare(current, baseline, thresholds, false);
    }

    public static GateResult compare(AnalysedRun current, AnalysedRun baseline, Thresholds thresholds, boolean strict) {
        FigureComparator comparator = new FigureComparator(current.options());
        List<Threshold> rowThresholds = new ArrayList<>();
        List<String> rowModes = new ArrayList<>();
        List<Comparison> compared = new ArrayList<>();
        List<GateRow> skipped = new ArrayList<>();
        for (Threshold t : thresholds.items()) {
            for (String mode : current.modes().keySet()) {
                ModeResult cur = current.mode(mode);
                ModeResult base = baseline.mode(mode);
                String skip = base == null ? "mode not in the baseline run"
                        : !base.ok() ? "baseline " + base.status().id() + ": " + base.reason()
                        : !cur.ok() ? "current " + cur.status().id() + ": " + cur.reason() : null;
                rowThresholds.add(t);
                rowModes.add(mode);
                if (skip != null) {
                    compared.add(null);
                    skipped.add(skippedRow(t, mode, skip));
                } else {
                    compared.add(comparator.compare(t.metric(), base, cur, "baseline:" + mode, "current:" + mode));
                    skipped.add(null);
                }
            }
        }
        List<Comparison> family = compared.stream().filter(c -> c != null).toList();
        List<Comparison> adjusted = Analysis.adjustAcross(family, current.options().alpha());
        List<GateRow> rows = new ArrayList<>();
        int k = 0;
        for (int i = 0; i < compared.size(); i++) {
            rows.add(compared.get(i) == null ? skipped.get(i) : row(rowThresholds.get(i), rowModes.get(i), adjusted.get(k++), strict));
        }
        return new GateResult(baseline.record().runId(), current.record().runId(), thresholds, strict, rows);
    }

    private static GateRow row(Threshold t, String mode, Comparison c, boolean strict) {
        Metric metric = t.metric();
        if (c.changePct() == null) {
            return new GateRow(mode, metric.id(), t.maxWorsePct(), c.fromValue(), c.toValue(), null, null, null, c.pValue(),
                    c.pAdjusted(), c.nFrom(), c.nTo(), c.methodWithAdjustment(), c.significant(), "-",
                    GateRow.Verdict.SKIPPED, c.reason());
        }
        double worse = metric.higherIsWorse() ? c.changePct() : -c.changePct();
        boolean beyond = worse > t.maxWorsePct();
        String change = worse == 0 ? "unchanged" : String.format(java.util.Locale.ROOT, "%.1f%% %s", Math.abs(worse),
                worse > 0 ? "worse" : "better");
        GateRow.Verdict verdict;
        String why;
        if (c.significant() == null) {
            verdict = strict ? GateRow.Verdict.FAIL : GateRow.Verdict.WARN;
            why = change + " (threshold " + pct(t.maxWorsePct()) + "), " + c.reason()
                    + (strict ? "; gate.strict=true asks every row for a verdict" : "; not judged");
        } else if (beyond && c.significant()) {
            verdict = GateRow.Verdict.FAIL;
            why = String.format(java.util.Locale.ROOT, "%.1f%% worse > %s allowed, significant (p_adj=%.3g)", worse,
                    pct(t.maxWorsePct()), c.pAdjusted());
        } else if (beyond) {
            verdict = GateRow.Verdict.PASS;
            why = String.format(java.util.Locale.ROOT, "%.1f%% worse > %s allowed, but not significant (p_adj=%.3g)", worse,
                    pct(t.maxWorsePct()), c.pAdjusted());
        } else {
            verdict = GateRow.Verdict.PASS;
            why = change + ", within " + pct(t.maxWorsePct());
        }
        return new GateRow(mode, metric.id(), t.maxWorsePct(), c.fromValue(), c.toValue(), c.changePct(), worse, c.ci95(),
                c.pValue(), c.pAdjusted(), c.nFrom(), c.nTo(), c.methodWithAdjustment(), c.significant(), RULE, verdict, why);
    }

    private static String pct(double v) {
        return "+" + (v == Math.rint(v) ? String.valueOf((long) v) : String.valueOf(v)) + "%";
    }

    private static GateRow skippedRow(Threshold t, String mode, String why) {
        return new GateRow(mode, t.metric().id(), t.maxWorsePct(), null, null, null, null, null, null, null, 0, 0, null, null,
                "-", GateRow.Verdict.SKIPPED, why);
    }
}
