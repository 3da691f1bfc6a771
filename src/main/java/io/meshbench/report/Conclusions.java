package io.meshbench.report;

import io.meshbench.analysis.AnalysedRun;
import io.meshbench.analysis.Comparison;
import io.meshbench.analysis.ModeResult;
import io.meshbench.analysis.ModeStatus;
import io.meshbench.core.Target;
import io.meshbench.metrics.RunRecord;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The report's answer in words, built only from the comparisons and the run's facts: where it was
 * measured, at what load (and why that load), then per headline figure either a finding with its
 * 95% CI, "no significant difference", or why the run cannot judge it. A sentence never claims more
 * than its comparison's {@code significant} field: true → a finding, false → no difference shown,
 * null → not judged, with the comparison's own note as the reason.
 *
 * @param context  where and how the figures were measured
 * @param load     the rate actually run, and why it is what it is
 * @param findings significant differences between the two compared modes
 * @param noDifference figures compared without a significant difference
 * @param notJudged figures this run cannot judge, each with the reason
 * @param excluded modes left out of every comparison (saturated, failed), with the reason
 */
public record Conclusions(String context, String load, List<String> findings, List<String> noDifference,
                          List<String> notJudged, List<String> excluded) {

    private record Subject(String metric, String words) {
    }

    /** The figures the answer speaks about, in the order a reader weighs them. */
    private static final List<Subject> SUBJECTS = List.of(
            new Subject("latency_us.p99", "p99 service-to-service latency"),
            new Subject("latency_us.p50", "p50 service-to-service latency"),
            new Subject("memory_per_pod_bytes", "mesh memory per pod"),
            new Subject("cpu_idle_per_pod_mcores", "idle mesh CPU per pod"),
            new Subject("startup_ms.p50", "pod startup p50"),
            new Subject("handshake_us.p50", "first-connection cost p50"));

    public static Conclusions of(AnalysedRun run) {
        RunRecord r = run.record();
        List<String> excluded = new ArrayList<>();
        for (ModeResult m : run.modes().values()) {
            if (!m.ok()) {
                String what = m.status() == ModeStatus.FAILED ? " failed (" : " was " + m.status().id() + " (";
                excluded.add(m.mode() + what + m.reason() + ") and is left out of every comparison.");
            }
        }
        List<String> findings = new ArrayList<>();
        List<String> same = new ArrayList<>();
        List<String> notJudged = new ArrayList<>();
        String[] pair = pair(run);
        if (pair != null) {
            ModeResult from = run.mode(pair[0]);
            ModeResult to = run.mode(pair[1]);
            String reps = repetitions(Math.min(from.repetitions(), to.repetitions()));
            for (Subject s : SUBJECTS) {
                Comparison c = run.comparison(s.metric(), pair[0], pair[1]);
                if (c == null) continue;
                if (Boolean.TRUE.equals(c.significant()) && c.changePct() != null) {
                    findings.add(Units.f("%s's %s was %s %s %s's (%s; %s).", pair[1], s.words(), percent(Math.abs(c.changePct())),
                            c.changePct() > 0 ? "above" : "below", pair[0], values(c), reps));
                } else if (Boolean.FALSE.equals(c.significant())) {
                    same.add(Units.f("%s: no significant difference between %s and %s (%s; %s)%s.", capital(s.words()), pair[0], pair[1],
                            values(c), reps, adjustedAway(c)));
                } else {
                    String why = c.reason() == null || c.reason().isBlank() ? "no significance test was possible" : c.reason();
                    notJudged.add(Units.f("%s: %s — not judged: %s.", capital(s.words()), values(c), stripDot(why)));
                }
            }
        }
        return new Conclusions(context(r), load(r), List.copyOf(findings), List.copyOf(same), List.copyOf(notJudged),
                List.copyOf(excluded));
    }

    /**
     * Why an interval that excludes no change is still "no significant difference": the test's p
     * is adjusted (Holm) for all the run's comparisons, the interval is each comparison's own 95 %.
     * Said, so the reader does not take the interval for a verdict.
     */
    static String adjustedAway(Comparison c) {
        boolean intervalExcludesZero = c.ci95() != null && (c.ci95().lo() > 0 || c.ci95().hi() < 0);
        if (!intervalExcludesZero || c.pAdjusted() == null) return "";
        return Units.f(" — its own 95%% interval excludes no change, but after adjusting for the run's many comparisons"
                + " (Holm) p = %.2f: a hint to re-test with more repetitions, not a finding", c.pAdjusted());
    }

    /** sidecar → ambient when both ran and were measured; else the first two measured modes. */
    static String[] pair(AnalysedRun run) {
        ModeResult sidecar = run.mode("sidecar");
        ModeResult ambient = run.mode("ambient");
        if (sidecar != null && ambient != null && sidecar.ok() && ambient.ok()) return new String[]{"sidecar", "ambient"};
        List<String> ok = run.modes().values().stream().filter(ModeResult::ok).map(ModeResult::mode).toList();
        return ok.size() >= 2 ? new String[]{ok.get(0), ok.get(1)} : null;
    }

    /** The two modes this answer compares, e.g. "sidecar → ambient"; null when fewer than two were measured. */
    public String pairTitle(AnalysedRun run) {
        String[] p = pair(run);
        return p == null ? null : p[0] + " → " + p[1];
    }

    private static String context(RunRecord r) {
        if (r.emulated() || r.target() == Target.LOCAL) {
            return "Measured on this machine's emulated data planes (local target): every pod runs on loopback on this machine, "
                    + "with a per-pod L7 proxy for sidecar and per-node L4 ztunnels for ambient. They reproduce the architectures, "
                    + "not Istio's binaries: differences below compare the shapes of the two designs on this machine, "
                    + "not Envoy's or ztunnel's own costs — for those, run the kubernetes target.";
        }
        return "Measured on the " + r.target().id() + " target, with Istio's own data planes.";
    }

    private static String load(RunRecord r) {
        Map<String, Object> s = r.scenario();
        Double rate = number(s.get("rate_per_service"));
        Double entry = number(s.get("entry_rate_rps"));
        if (rate == null) return "Load: not recorded.";
        StringBuilder b = new StringBuilder("Load: ").append(Units.plain(rate)).append(" requests per second per service");
        if (entry != null) b.append(" (").append(Units.plain(entry)).append(" entry requests per second)");
        Double from = number(s.get("rate_scaled_from"));
        if (from != null) {
            b.append(", scaled down from the ").append(Units.plain(from)).append(" asked: ");
            Object decision = s.get("rate_decision");
            if (decision instanceof String why && why.contains(": ")) {
                // the calibration's own reason: "rate scaled down from … : the highest rate every mode carried …"
                b.append(why.substring(why.indexOf(": ") + 2).replaceAll("\\.? ?Pass -Drate= to insist\\.?$", ""))
                        .append(" (-Drate= insists on a rate)");
            } else {
                Double capacity = minCapacity(s.get("calibrated_capacity_entry_rps"));
                b.append("this machine carried ").append(capacity == null ? "less" : Units.plain(capacity)
                        + " entry requests per second at full speed").append(", and the load is set to half of that"
                        + " (runs stored before the step-test calibration) (-Drate= insists on a rate)");
            }
        } else if (Boolean.TRUE.equals(s.get("rate_explicit"))) {
            b.append(", as given by -Drate");
        } else {
            b.append(", as the scenario asks");
        }
        Object repeat = s.get("repeat");
        if (repeat != null) b.append("; ").append(repetitions(((Number) repeat).intValue())).append(" per mode");
        return b.append('.').toString();
    }

    private static Double minCapacity(Object perMode) {
        if (!(perMode instanceof Map<?, ?> m)) return null;
        return m.values().stream().map(Conclusions::number).filter(java.util.Objects::nonNull).min(Double::compare).orElse(null);
    }

    private static Double number(Object o) {
        return o instanceof Number n ? n.doubleValue() : null;
    }

    /** Whole percent from 10% up, one decimal below (a 0.4% change is not "0%"). */
    private static String percent(double pct) {
        return Math.abs(pct) >= 10 ? Units.f("%.0f%%", pct) : Units.f("%.1f%%", pct);
    }

    /** "sidecar 2.85 ms → ambient 1.95 ms, change −31.6%, 95% CI [−34%, −30%]". */
    private static String values(Comparison c) {
        StringBuilder b = new StringBuilder().append(c.from()).append(' ').append(HtmlReport.human(c.metric(), c.fromValue()))
                .append(" → ").append(c.to()).append(' ').append(HtmlReport.human(c.metric(), c.toValue()));
        if (c.changePct() != null) b.append(", change ").append(Units.signedPct(c.changePct()));
        if (c.ci95() != null) b.append(", 95% CI [").append(signedPercent(c.ci95().lo())).append(", ")
                .append(signedPercent(c.ci95().hi())).append(']');
        return b.toString();
    }

    private static String signedPercent(double pct) {
        return (pct > 0 ? "+" : pct < 0 ? "−" : "") + percent(Math.abs(pct));
    }

    private static String repetitions(int n) {
        return n == 1 ? "1 repetition" : n + " repetitions";
    }

    private static String capital(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    private static String stripDot(String s) {
        return s.endsWith(".") ? s.substring(0, s.length() - 1) : s;
    }
}
