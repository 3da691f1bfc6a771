package io.meshbench.analysis;

import java.util.List;
import java.util.Locale;

/** The gate's decision: failed when any row failed (a significant regression beyond its threshold). */
public record GateResult(String baselineRunId, String currentRunId, Thresholds thresholds, List<GateRow> rows) {

    public GateResult {
        rows = List.copyOf(rows);
    }

    public boolean passed() {
        return rows.stream().noneMatch(r -> r.verdict() == GateRow.Verdict.FAIL);
    }

    public List<GateRow> failures() {
        return rows.stream().filter(r -> r.verdict() == GateRow.Verdict.FAIL).toList();
    }

    /** A fixed-width table for the console, one line per row, failures explained. */
    public String table() {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "Regression gate: current %s vs baseline %s — %s%n", currentRunId, baselineRunId,
                passed() ? "PASSED" : "FAILED (" + failures().size() + " significant regression(s))"));
        sb.append(String.format(Locale.ROOT, "%-9s %-24s %10s %14s %14s %9s %20s %9s  %-7s %s%n", "mode", "metric", "threshold",
                "baseline", "current", "change", "95% CI", "p", "verdict", "why"));
        for (GateRow r : rows) {
            sb.append(String.format(Locale.ROOT, "%-9s %-24s %10s %14s %14s %9s %20s %9s  %-7s %s%n", r.mode(), r.metric(),
                    "+" + num(r.thresholdPct()) + "%", num(r.baselineValue()), num(r.currentValue()),
                    r.changePct() == null ? "—" : String.format(Locale.ROOT, "%+.1f%%", r.changePct()),
                    r.ci95() == null ? "—" : String.format(Locale.ROOT, "[%+.1f, %+.1f]%%", r.ci95().lo(), r.ci95().hi()),
                    r.pValue() == null ? "—" : String.format(Locale.ROOT, "%.3g", r.pValue()), r.verdict(), r.why()));
        }
        return sb.toString();
    }

    private static String num(Double v) {
        if (v == null) return "—";
        if (v == Math.rint(v) && Math.abs(v) < 1e15) return String.valueOf(v.longValue());
        return String.format(Locale.ROOT, "%.3f", v);
    }
}
