package io.meshbench.report;

import io.meshbench.analysis.AnalysedRun;
import io.meshbench.analysis.Comparison;

import java.util.Locale;

/**
 * The run's comparisons as console text: change, interval, Holm-adjusted p and the verdict — or,
 * without a verdict, the reason ("not enough repetitions to judge (n = 1); use -Drepeat=5").
 */
public final class ComparisonsText {

    private ComparisonsText() {
    }

    /**
     * The headline pair's comparisons (sidecar → ambient when both ran, else all), for the console;
     * the report has all of them.
     */
    public static String headline(AnalysedRun run) {
        java.util.Map<Boolean, java.util.List<Comparison>> byPair = run.comparisons().stream()
                .collect(java.util.stream.Collectors.partitioningBy(c -> c.from().equals("sidecar") && c.to().equals("ambient")));
        java.util.List<Comparison> headline = byPair.get(true);
        if (headline.isEmpty()) return of(run);
        int others = byPair.get(false).size();
        return table(headline)
                + (others > 0 ? others + " more comparisons (against baseline) in report.html" + System.lineSeparator() : "");
    }

    public static String of(AnalysedRun run) {
        return table(run.comparisons());
    }

    private static String table(java.util.List<Comparison> comparisons) {
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "%-20s %-22s %9s %22s %9s %7s  %s%n",
                "from → to", "metric", "change", "95% CI", "p_adj", "n", "verdict"));
        for (Comparison c : comparisons) {
            if (c.changePct() == null) continue;
            String verdict = c.significant() == null ? "no verdict: " + c.reason()
                    : c.significant() ? "significant" : "not significant";
            sb.append(String.format(Locale.ROOT, "%-20s %-22s %+8.1f%% %22s %9s %7s  %s%n", c.from() + " → " + c.to(),
                    c.metric(), c.changePct(),
                    c.ci95() == null ? "—" : String.format(Locale.ROOT, "[%+.1f%%, %+.1f%%]", c.ci95().lo(), c.ci95().hi()),
                    c.pAdjusted() == null ? "—" : String.format(Locale.ROOT, "%.3g", c.pAdjusted()),
                    c.nFrom() + "/" + c.nTo(), verdict));
        }
        return sb.toString();
    }
}
