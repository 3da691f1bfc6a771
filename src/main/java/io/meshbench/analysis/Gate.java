package io.meshbench.analysis;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The nightly regression gate: compares each mode of the current run with the same mode of a
 * baseline run, for each thresholded metric. A row fails only when the figure got worse by more
 * than its threshold AND the change is significant:
 * <ul>
 *   <li>latency: Mann-Whitney U on the two runs' merged histograms (p &lt; alpha) AND the bootstrap
 *       95% CI of the change (resampling each run's interval histograms) excludes 0; when either run
 *       has too few intervals for a CI, the Mann-Whitney p alone decides;
 *   <li>pod startup, handshake: Mann-Whitney on pods / edges AND the bootstrap CI excludes 0;
 *   <li>memory and idle CPU with ≥ 2 repetitions in both runs: Welch t-test AND bootstrap CI;
 *   <li>memory and idle CPU from single repetitions, and services per node (derived, no
 *       distribution): nothing to test a variance on, so exceeding the threshold is the decision —
 *       the threshold itself is the allowance for noise. The row's {@code rule} says so.
 * </ul>
 * Modes that are saturated or failed in either run are skipped with the reason.
 */
public final class Gate {

    private Gate() {
    }

    public static GateResult compare(AnalysedRun current, AnalysedRun baseline, Thresholds thresholds) {
        FigureComparator comparator = new FigureComparator(current.options());
        List<GateRow> rows = new ArrayList<>();
        for (Threshold t : thresholds.items()) {
            for (String mode : current.modes().keySet()) {
                rows.add(row(comparator, t, mode, current.mode(mode), baseline.mode(mode), current.options().alpha()));
            }
        }
        return new GateResult(baseline.record().runId(), current.record().runId(), thresholds, rows);
    }

    private static GateRow row(FigureComparator comparator, Threshold t, String mode, ModeResult cur, ModeResult base,
                               double alpha) {
        Metric metric = t.metric();
        if (base == null) return skipped(t, mode, "mode not in the baseline run");
        if (!base.ok()) return skipped(t, mode, "baseline " + base.status() + ": " + base.reason());
        if (!cur.ok()) return skipped(t, mode, "current " + cur.status() + ": " + cur.reason());
        Comparison c = comparator.compare(metric, base, cur, "baseline:" + mode, "current:" + mode);
        if (c.changePct() == null) {
            return new GateRow(mode, metric.id(), t.maxWorsePct(), c.fromValue(), c.toValue(), null, null, null, null,
                    null, "-", GateRow.Verdict.SKIPPED, c.note());
        }
        double worse = metric.higherIsWorse() ? c.changePct() : -c.changePct();
        boolean beyond = worse > t.maxWorsePct();
        String rule;
        Boolean significant;
        if (c.significant() != null) {
            significant = c.significant();
            rule = metric.kind() == Metric.Kind.LATENCY ? "Mann-Whitney + interval bootstrap CI"
                    : metric.kind() == Metric.Kind.MEMORY || metric.kind() == Metric.Kind.CPU_IDLE
                    ? "Welch t-test + bootstrap CI over repetitions" : "Mann-Whitney + bootstrap CI";
        } else if (metric.kind() == Metric.Kind.LATENCY && c.pValue() != null) {
            significant = c.pValue() < alpha;
            rule = "Mann-Whitney only (too few intervals for a CI)";
        } else {
            significant = beyond;
            rule = "threshold only (no distribution to test)";
        }
        boolean fail = beyond && Boolean.TRUE.equals(significant);
        String why;
        if (fail) why = String.format(Locale.ROOT, "%.1f%% worse > %s allowed, significant (%s)", worse, pct(t.maxWorsePct()), rule);
        else if (beyond) why = String.format(Locale.ROOT, "%.1f%% worse > %s allowed, but not significant (p=%s)", worse,
                pct(t.maxWorsePct()), c.pValue() == null ? "—" : String.format(Locale.ROOT, "%.3g", c.pValue()));
        else why = worse == 0 ? "unchanged" : String.format(Locale.ROOT, "%.1f%% %s, within %s", Math.abs(worse), worse > 0 ? "worse" : "better", pct(t.maxWorsePct()));
        return new GateRow(mode, metric.id(), t.maxWorsePct(), c.fromValue(), c.toValue(), c.changePct(), worse,
                c.ci95(), c.pValue(), significant, rule, fail ? GateRow.Verdict.FAIL : GateRow.Verdict.PASS, why);
    }

    private static String pct(double v) {
        return "+" + (v == Math.rint(v) ? String.valueOf((long) v) : String.valueOf(v)) + "%";
    }

    private static GateRow skipped(Threshold t, String mode, String why) {
        return new GateRow(mode, t.metric().id(), t.maxWorsePct(), null, null, null, null, null, null, null, "-",
                GateRow.Verdict.SKIPPED, why);
    }
}
