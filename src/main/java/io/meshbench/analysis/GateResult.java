package io.meshbench.analysis;

import java.util.List;
import java.util.Locale;

/**
 * The gate's decision: failed when any row failed (a significant regression beyond its threshold,
 * or — when strict — a row without a verdict). Rows that could not be judged are warnings.
 */
public record GateResult(String baselineRunId, String currentRunId, Thresholds thresholds, boolean strict,
                         List<GateRow> rows) {

    public GateResult {
        rows = List.copyOf(rows);
    }

    public boolean passed() {
        return rows.stream().noneMatch(r -> r.verdict() == GateRow.Verdict.FAIL);
    }

    public List<GateRow> failures() {
        return rows.stream().filter(r -> r.verdict() == GateRow.Verdict.FAIL).toList();
    }

    /** Rows that could not be judged (too few repetitions): the gate passed them, and says so. */
    public List<GateRow> warnings() {
        return rows.stream().filter(r -> r.verdict() == GateRow.Verdict.WARN).toList();
    }

    /** A fixed-width table for the console, one line per row, failures and warnings explained. */
    public String table() {
        StringBuilder sb = new StringBuilder();
        String outcome = passed() ? "PASSED" : "FAILED (" + failures().size() + " row(s))";
        if (!warnings().isEmpty()) outcome += ", " + warnings().size() + " row(s) not judged (warnings)";
        sb.append(String.format(Locale.ROOT, "Regression gate: current %s vs baseline %s%s — %s%n", currentRunId, baselineRunId,
                strict ? " (strict)" : "", outcome));
        String format = "%-9s %-24s %10s %14s %14s %9s %20s %9s %9s %7s  %-7s %s%n";
        sb.append(String.format(Locale.ROOT, format, "mode", "metric", "threshold", "baseline", "current", "change", "95% CI",
                "p", "p_adj", "n", "verdict", "why"));
        for (GateRow r : rows) {
            sb.append(String.format(Locale.ROOT, format, r.mode(), r.metric(),
                    "+" + num(r.thresholdPct()) + "%", num(r.baselineValue()), num(r.currentValue()),
                    r.changePct() == null ? "—" : String.format(Locale.ROOT, "%+.1f%%", r.changePct()),
                    r.ci95() == null ? "—" : String.format(Locale.ROOT, "[%+.1f, %+.1f]%%", r.ci95().lo(), r.ci95().hi()),
                    p(r.pValue()), p(r.pAdjusted()), r.nBaseline() + "/" + r.nCurrent(), r.verdict(), r.why()));
        }
        return sb.toString();
    }

    private static String p(Double p) {
        return p == null ? "—" : String.format(Locale.ROOT, "%.3g", p);
    }

    private static String num(Double v) {
        if (v == null) return "—";
        if (v == Math.rint(v) && Math.abs(v) < 1e15) return String.valueOf(v.longValue());
        return String.format(Locale.ROOT, "%.3f", v);
    }
}
