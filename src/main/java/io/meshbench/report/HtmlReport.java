package io.meshbench.report;

import io.meshbench.analysis.AnalysedRun;
import io.meshbench.analysis.RunDisruption;
import io.meshbench.analysis.Comparison;
import io.meshbench.analysis.GateResult;
import io.meshbench.core.Target;
import io.meshbench.metrics.RunStatus;
import io.meshbench.analysis.GateRow;
import io.meshbench.analysis.Interval;
import io.meshbench.analysis.LatencyFigures;
import io.meshbench.analysis.ModeResult;
import io.meshbench.metrics.RunRecord;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;

import static io.meshbench.report.Html.esc;
import static io.meshbench.report.Html.num;
import static io.meshbench.report.Html.td;
import static io.meshbench.report.Html.th;

/**
 * report.html: one self-contained page (inline CSS, charts as base64 PNG, no scripts, no request
 * leaves the page) that a person reads top-down — verdict first, then detail, then how measured.
 */
public final class HtmlReport {

    public static final String FILE = "report.html";

    /**
     * A headline figure; {@code onLocal} says, on the local target, what the figure measures there
     * and how it relates to Istio (null: the same meaning on both targets); {@code onLocalProcesses}
     * says it for the process layout where that differs (null: as {@code onLocal}).
     */
    private record HeadlineRow(String label, String metric, Function<ModeResult, String> value, String onLocal,
                               String onLocalProcesses) {
        HeadlineRow(String label, String metric, Function<ModeResult, String> value, String onLocal) {
            this(label, metric, value, onLocal, null);
        }

        String scope(boolean processes) {
            return processes && onLocalProcesses != null ? onLocalProcesses : onLocal;
        }
    }

    private static final List<HeadlineRow> HEADLINE = List.of(
            new HeadlineRow("Per-pod memory overhead (idle)", "memory_per_pod_bytes", m -> Units.bytes(m.memoryPerPodBytes()),
                    "heap and buffers the emulated proxies hold, per pod — not Envoy's or ztunnel's resident memory",
                    "proportional set size (PSS, /proc) of the mode's proxy processes, per pod, after each sidecar and ztunnel "
                            + "process has warmed its request path (-Dlocal.proxyWarmUp): an emulated proxy's JVM, not Envoy's or "
                            + "ztunnel's resident memory (Run facts: empty proxy process, beside Envoy's published figure)"),
            new HeadlineRow("Per-pod CPU overhead (idle)", "cpu_idle_per_pod_mcores", m -> Units.mcores(m.cpuIdlePerPodMcores()),
                    "CPU time of the emulated proxies' threads with no traffic, per pod — not Envoy's or ztunnel's",
                    "CPU time (utime+stime, /proc) of the mode's proxy processes with no traffic, per pod — not Envoy's or ztunnel's"),
            new HeadlineRow("Pod startup p50 (creation → ready)", "startup_ms.p50", m -> Units.millis(m.startup().p50()),
                    "starting an in-JVM pod and its proxy — no container, image pull or scheduling as in Kubernetes",
                    "sidecar: starting the pod's proxy process (a JVM: config and certificate from the control plane, one "
                            + "in-memory TLS handshake to warm it); ambient: enrolling with the node's ztunnel. No container, "
                            + "image pull or scheduling; the JVM's start and warm-up are this emulation's cost, not Envoy's. "
                            + "The proxy processes' warm-up with calls comes after ready and is not counted here"),
            new HeadlineRow("Services per node", "services_per_node", m -> Units.count(m.servicesPerNode()),
                    "derived from the memory figures above and -Dnode.memory, -Dworkload.memory"),
            new HeadlineRow("Connection set-up p50 (churn probe: new − reused connection)", "handshake_us.p50",
                    m -> Units.micros(m.handshake().p50()),
                    "calls forced onto a new connection minus calls on reused ones, same edges and window; baseline: TCP connect only, no TLS"),
            new HeadlineRow("First call after ready − edge p50", "first_call_us.p50", m -> Units.micros(m.firstCall().p50()),
                    "also carries the callee subtree's own first calls and cold code paths",
                    "also carries the callee subtree's own first calls; the sidecar and ztunnel processes have compiled "
                            + "their request path on a twin of themselves before (-Dlocal.proxyWarmUp), so their share is "
                            + "connection set-up rather than cold code (the waypoint warms only in the settling)"),
            new HeadlineRow("Service-to-service latency p99", "latency_us.p99",
                    m -> Units.micros(m.latency().p99()) + ci(m.latency().p99Ci95()), null));

    private HtmlReport() {
    }

    public static void write(Path runDir, AnalysedRun run, GateResult gate) {
        try {
            Files.writeString(runDir.resolve(FILE), render(run, gate, runDir), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + runDir.resolve(FILE), e);
        }
    }

    /** The page; {@code runDir} (may be null) is only used to find Gatling's report for a link. */
    public static String render(AnalysedRun run, GateResult gate, Path runDir) {
        RunRecord r = run.record();
        StringBuilder h = new StringBuilder(256 * 1024);
        String topology = String.valueOf(r.topology().getOrDefault("name", "topology"));
        h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
                .append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; img-src data:; style-src 'unsafe-inline'\">")
                .append("<title>meshbench ").append(esc(r.runId())).append(" — ").append(esc(topology))
                .append(" on ").append(esc(r.target().id())).append("</title><style>").append(ReportStyle.CSS)
                .append("</style></head><body><main>\n");
        header(h, run, topology);
        banner(h, r);
        answer(h, run);
        if (gate != null) gate(h, gate);
        headline(h, run);
        if (run.disruption() != null) {
            RunDisruption d = run.disruption();
            h.append(DisruptionSection.html(d.scenario(), d.thresholdPct(), d.timelines(), d.figures(), d.actions()));
        }
        latency(h, run);
        comparisons(h, run);
        charts(h, run);
        resources(h, run);
        facts(h, run, runDir);
        definitions(h, run);
        h.append("<footer>Generated by meshbench from results.json and the HdrHistogram logs of run ")
                .append(esc(r.runId())).append(". Re-render with <code>mvn exec:java -Dexec.mainClass=io.meshbench.report.ReportTool ")
                .append("-Dexec.args=\"render results/").append(esc(r.runId())).append("\"</code>.</footer>\n");
        h.append("</main></body></html>\n");
        return h.toString();
    }

    private static void header(StringBuilder h, AnalysedRun run, String topology) {
        RunRecord r = run.record();
        h.append("<header><h1>meshbench: ").append(esc(String.join(" vs ", run.modes().keySet())))
                .append(" on ").append(esc(r.target().id()));
        if (r.emulated() || r.target() == Target.LOCAL) {
            h.append(" <span class=\"tag emulated\">emulated data plane — not Istio</span>");
        }
        h.append("</h1><p class=\"sub\">Run ").append(esc(r.runId())).append(" · topology ").append(esc(topology))
                .append(" · ").append(esc(r.topology().getOrDefault("services", "?"))).append(" services · scenario ")
                .append(esc(r.scenario().getOrDefault("name", "?"))).append(" · ")
                .append(esc(time(r.startedAt()))).append(" → ").append(esc(time(r.finishedAt()))).append(" · status <b>")
                .append(esc(r.status().id())).append("</b></p></header>\n");
    }

    /** An instant to the second, in UTC, for people. */
    static String time(java.time.Instant i) {
        return i == null ? "?" : i.truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString().replace('T', ' ');
    }

    private static void banner(StringBuilder h, RunRecord r) {
        if (r.status() == RunStatus.INCOMPLETE) {
            h.append("<div class=\"banner incomplete\">⚠ This run is INCOMPLETE: it stopped before every mode was measured. "
                    + "The figures below cover only what was measured; modes that did not run are marked failed.</div>\n");
        } else if (r.status() == RunStatus.FAILED) {
            h.append("<div class=\"banner failed\">✖ This run FAILED. Only the measurements taken before the failure are shown.</div>\n");
        }
    }

    /** The answer first: what this run can conclude and how sure, in sentences (see {@link Conclusions}). */
    private static void answer(StringBuilder h, AnalysedRun run) {
        Conclusions c = Conclusions.of(run);
        h.append("<section class=\"answer\"><h2>What this run shows</h2><p>").append(esc(c.context())).append("</p><p>")
                .append(esc(c.load())).append("</p>");
        String pair = c.pairTitle(run);
        list(h, pair == null ? null : "Differences (" + pair + ")", c.findings());
        list(h, "No significant difference", c.noDifference());
        list(h, "Not enough to judge", c.notJudged());
        list(h, "Left out", c.excluded());
        if (pair == null) h.append("<p class=\"missing\">Fewer than two modes were measured: nothing to compare.</p>");
        h.append("</section>\n");
    }

    private static void list(StringBuilder h, String title, List<String> items) {
        if (title == null || items.isEmpty()) return;
        h.append("<h3>").append(esc(title)).append("</h3><ul class=\"answer\">");
        items.forEach(i -> h.append("<li>").append(esc(i)).append("</li>"));
        h.append("</ul>");
    }

    private static void gate(StringBuilder h, GateResult g) {
        h.append("<div class=\"banner ").append(g.passed() ? "gate-pass\">✔ Regression gate passed" : "gate-fail\">✖ Regression gate FAILED")
                .append(" against baseline run ").append(esc(g.baselineRunId())).append(" (thresholds ")
                .append(esc(g.thresholds())).append(")</div>\n");
        h.append("<section><h2>Regression gate</h2><table><tr>").append(th("mode")).append(th("metric"))
                .append("<th class=\"num\">threshold</th><th class=\"num\">baseline</th><th class=\"num\">current</th>")
                .append("<th class=\"num\">change</th><th class=\"num\">95% CI</th><th class=\"num\">p</th>")
                .append("<th class=\"num\">p adj.</th><th class=\"num\">n</th>").append(th("verdict")).append(th("why")).append("</tr>\n");
        for (GateRow r : g.rows()) {
            h.append("<tr>").append(td(r.mode())).append(td(r.metric())).append(num("+" + java.math.BigDecimal.valueOf(r.thresholdPct()).stripTrailingZeros().toPlainString() + "%"))
                    .append(num(human(r.metric(), r.baselineValue()))).append(num(human(r.metric(), r.currentValue())))
                    .append(num(Units.signedPct(r.changePct()))).append(num(ciPct(r.ci95())))
                    .append(num(Units.pValue(r.pValue()))).append(num(Units.pValue(r.pAdjusted())))
                    .append(num(r.nBaseline() + "/" + r.nCurrent())).append("<td class=\"")
                    .append(r.verdict() == GateRow.Verdict.FAIL ? "sig" : "nsig").append("\">")
                    .append(r.verdict()).append("</td>").append(td(r.why() + " [" + r.rule() + "]")).append("</tr>\n");
        }
        h.append("</table>");
        if (!g.warnings().isEmpty()) {
            h.append("<p class=\"note\">").append(g.warnings().size()).append(" row(s) could not be judged (WARN): too few "
                    + "repetitions for a verdict; the gate passes them").append(g.strict() ? "" : " unless -Dgate.strict=true")
                    .append(".</p>");
        }
        h.append("</section>\n");
    }

    private static void headline(StringBuilder h, AnalysedRun run) {
        Map<String, ModeResult> modes = run.modes();
        boolean sa = modes.containsKey("sidecar") && modes.containsKey("ambient");
        h.append("<section><h2>Headline</h2><table><tr><th>figure</th>");
        for (ModeResult m : modes.values()) {
            h.append("<th class=\"num\">").append(esc(m.mode()));
            if (!m.ok()) h.append(" <span class=\"status ").append(esc(m.status().id())).append("\">").append(esc(m.status().id())).append("</span>");
            h.append("</th>");
        }
        if (sa) h.append("<th class=\"num\">sidecar → ambient</th>");
        h.append("</tr>\n");
        boolean local = run.record().emulated() || run.record().target() == Target.LOCAL;
        boolean processes = "process".equals(NightlyGate.layoutOf(run.record()));
        for (HeadlineRow row : HEADLINE) {
            h.append("<tr><td>").append(esc(row.label()));
            String scope = row.scope(processes);
            if (local && scope != null) h.append("<br><span class=\"scope\">").append(esc(scope)).append("</span>");
            h.append("</td>");
            for (ModeResult m : modes.values()) {
                h.append("<td class=\"num\">").append(row.value().apply(m)).append("</td>");
            }
            if (sa) h.append("<td class=\"num\">").append(change(run.comparison(row.metric(), "sidecar", "ambient"))).append("</td>");
            h.append("</tr>\n");
        }
        h.append("</table>");
        h.append("<p class=\"note\">Each figure is computed per repetition (one fresh deployment) and shown as the "
                + "geometric mean over repetitions. Change = ambient ÷ sidecar − 1 with its 95% Student-t interval over "
                + "repetitions; <span class=\"sig\">●</span> significant (Holm-adjusted p &lt; ").append(run.options().alpha())
                .append(" across all comparisons of the run), ○ not significant, no mark: no verdict (too few repetitions — "
                        + "reason in the comparisons table). Latency p99 shows its 95% CI over repetitions under the value.</p>");
        for (ModeResult m : modes.values()) {
            if (!m.ok()) {
                h.append("<p class=\"note\"><b>").append(esc(m.mode())).append(" is ").append(esc(m.status().id()))
                        .append(":</b> ").append(esc(m.reason())).append(" — left out of the comparisons.</p>");
            }
        }
        h.append("</section>\n");
    }

    private static void latency(StringBuilder h, AnalysedRun run) {
        h.append("<section><h2>Service-to-service latency</h2><table><tr>").append(th("mode")).append(th("status"));
        for (String c : new String[]{"calls", "p50", "p90", "p99", "p99.9", "max", "offered", "achieved", "errors"}) {
            h.append("<th class=\"num\">").append(c).append("</th>");
        }
        h.append("</tr>\n");
        for (ModeResult m : run.modes().values()) {
            LatencyFigures l = m.latency();
            h.append("<tr").append(m.ok() ? "" : " class=\"excluded\"").append(">").append(td(m.mode()))
                    .append("<td><span class=\"status ").append(esc(m.status().id())).append("\">").append(esc(m.status().id())).append("</span></td>")
                    .append(num(Units.count(l.count())))
                    .append("<td class=\"num\">").append(Units.micros(l.p50())).append(ci(l.p50Ci95())).append("</td>")
                    .append(num(Units.micros(l.p90())))
                    .append("<td class=\"num\">").append(Units.micros(l.p99())).append(ci(l.p99Ci95())).append("</td>")
                    .append(num(Units.micros(l.p999()))).append(num(Units.micros(l.max())))
                    .append(num(Units.rps(m.offeredRps()))).append(num(Units.rps(m.achievedRps())))
                    .append(num(Units.ratioPct(m.errorRatio()))).append("</tr>\n");
        }
        h.append("</table><p class=\"note\">Percentiles: geometric mean over repetitions of each repetition's "
                + "percentile; intervals are 95% Student-t over repetitions. Within-window spread (all repetitions' calls "
                + "pooled, not an interval for comparisons): ");
        for (ModeResult m : run.modes().values()) {
            LatencyFigures p = m.pooledLatency();
            if (p == null || p.p50() == null) continue;
            h.append(esc(m.mode())).append(" p50 ").append(esc(Units.micros(p.p50()))).append(", p99 ")
                    .append(esc(Units.micros(p.p99()))).append(", p99.99 ").append(esc(Units.micros(p.p9999()))).append("; ");
        }
        h.append("</p>");
        noiseFloor(h, run);
        for (ModeResult m : run.modes().values()) {
            if (m.latency().ciNote() != null) {
                h.append("<p class=\"note\">").append(esc(m.mode())).append(": ").append(esc(m.latency().ciNote())).append("</p>");
            }
        }
        h.append("<h3>Entry latency and the data plane's own TLS handshakes</h3><table><tr>").append(th("mode"));
        for (String c : new String[]{"entry p50", "entry p99", "entry requests", "TLS handshake p50", "TLS handshake p99", "handshakes"}) {
            h.append("<th class=\"num\">").append(c).append("</th>");
        }
        h.append("</tr>\n");
        for (ModeResult m : run.modes().values()) {
            var e = m.entryLatencyMillis();
            boolean hasEntry = e != null && e.getTotalCount() > 0;
            var tls = m.tlsHandshake();
            boolean noTls = m.mode().equals("baseline");
            h.append("<tr>").append(td(m.mode()))
                    .append(num(hasEntry ? e.getValueAtPercentile(50) + " ms" : Units.NONE))
                    .append(num(hasEntry ? e.getValueAtPercentile(99) + " ms" : Units.NONE))
                    .append(num(hasEntry ? Units.count(e.getTotalCount()) : Units.NONE))
                    .append(num(noTls ? "no TLS" : tls == null ? Units.NONE : Units.micros(tls.p50())))
                    .append(num(noTls ? "no TLS" : tls == null ? Units.NONE : Units.micros(tls.p99())))
                    .append(num(noTls ? "—" : tls == null ? "not exported" : Units.count(tls.count()))).append("</tr>\n");
        }
        h.append("</table><p class=\"note\">Entry latency is Gatling's, in whole milliseconds. ")
                .append(handshakeNote(run)).append("</p></section>\n");
    }

    /** Says how the TLS handshake columns were measured, per the modes' repetitions. */
    static String handshakeNote(AnalysedRun run) {
        java.util.Set<String> methods = new java.util.TreeSet<>();
        for (String mode : run.modes().keySet()) {
            String m = ResultsJson.handshakeMethod(run, mode);
            if (m != null) methods.add(m);
        }
        if (methods.isEmpty()) return "";
        if (methods.equals(java.util.Set.of(io.meshbench.metrics.DataPlaneSummary.HANDSHAKES_EXACT))) {
            return "TLS handshakes are exact: each client-side handshake of the proxies, recorded in an HdrHistogram.";
        }
        return "TLS handshakes: exact (each client-side handshake, HdrHistogram) where the proxies serve it; "
                + "otherwise from the Prometheus histogram, whose values are bucket upper edges ("
                + String.join(", ", methods) + ").";
    }

    private static void comparisons(StringBuilder h, AnalysedRun run) {
        if (run.comparisons().isEmpty()) return;
        h.append("<section><h2>All comparisons</h2><table><tr>").append(th("from → to")).append(th("metric"))
                .append("<th class=\"num\">from</th><th class=\"num\">to</th><th class=\"num\">change [95% CI]</th>")
                .append("<th class=\"num\">noise floor</th><th class=\"num\">n</th>")
                .append("<th class=\"num\">p</th><th class=\"num\">p exact</th><th class=\"num\">p adj.</th>")
                .append(th("significant")).append(th("reason"))
                .append("</tr>\n");
        String pair = null;
        for (Comparison c : run.comparisons()) {
            String thisPair = c.from() + " → " + c.to();
            boolean first = !thisPair.equals(pair);
            pair = thisPair;
            ModeResult from = run.mode(c.from());
            ModeResult to = run.mode(c.to());
            if (from != null && to != null && (!from.ok() || !to.ok())) {
                // a pair with a saturated or failed mode: one line with the reason instead of a row per metric
                if (first) {
                    h.append("<tr class=\"group excluded\"><td class=\"nowrap\">").append(esc(thisPair))
                            .append("</td><td colspan=\"11\">left out — ").append(esc(c.reason())).append("</td></tr>\n");
                }
                continue;
            }
            h.append("<tr").append(first ? " class=\"group\"" : "").append(">")
                    .append("<td class=\"nowrap\">").append(first ? esc(thisPair) : "").append("</td>")
                    .append("<td class=\"nowrap\">").append(esc(c.metric())).append("</td>")
                    .append(num(human(c.metric(), c.fromValue()))).append(num(human(c.metric(), c.toValue())))
                    // the interval under the change, as in the headline: one column less, so the table fits 1280 px
                    .append("<td class=\"num\">").append(esc(Units.signedPct(c.changePct())))
                    .append(c.ci95() == null ? "" : "<br><span class=\"ci\">" + esc(ciPct(c.ci95())) + "</span>").append("</td>")
                    .append(num(c.noiseFloorPct() == null ? Units.NONE : Units.f("±%.1f%%", c.noiseFloorPct())))
                    .append(num(c.nFrom() + "/" + c.nTo()))
                    .append(num(Units.pValue(c.pValue()))).append(num(Units.pValue(c.pExact()))).append(num(Units.pValue(c.pAdjusted())))
                    .append("<td>").append(c.significant() == null ? "—" : c.significant() ? "<span class=\"sig\">yes</span>" : "no")
                    .append("</td><td class=\"note\">").append(esc(c.reason())).append("</td></tr>\n");
        }
        h.append("</table><p class=\"note\">Every test compares per-repetition values (n = repetitions per side): "
                + "p = Welch's t on ln(values) (raw values where one is ≤ 0), p exact = permutation test of the same "
                + "difference, p adj. = Holm across all comparisons of this run; significant = p adj. &lt; ")
                .append(run.options().alpha()).append(". Noise floor = half-width of the 95% interval: the smallest change this "
                + "comparison could tell from noise. Fewer than ").append(io.meshbench.analysis.RepetitionStatistics.MIN_REPETITIONS)
                .append(" repetitions per side: no verdict.</p></section>\n");
    }

    /**
     * Per mode and figure: the smallest change against an identically run mode its spread between
     * repetitions would let a comparison detect (half-width of that comparison's 95% interval).
     */
    private static void noiseFloor(StringBuilder h, AnalysedRun run) {
        List<String> metrics = List.of("latency_us.p50", "latency_us.p99", "latency_us.p999", "startup_ms.p50",
                "first_call_us.p50", "handshake_us.p50", "memory_per_pod_bytes", "cpu_idle_per_pod_mcores", "achieved_rps");
        // one row per figure, one column per mode: stays narrow however many figures there are
        h.append("<h3>Noise floor (smallest detectable change)</h3><table><tr>").append(th("figure"));
        for (ModeResult m : run.modes().values()) {
            h.append("<th class=\"num\">").append(esc(m.mode())).append(" (n = ").append(m.perRepetition().size()).append(")</th>");
        }
        h.append("</tr>\n");
        for (String metric : metrics) {
            h.append("<tr>").append(td(metric));
            for (ModeResult m : run.modes().values()) {
                Double f = m.noiseFloorPct().get(metric);
                h.append(num(f == null ? Units.NONE : Units.f("±%.1f%%", f)));
            }
            h.append("</tr>\n");
        }
        h.append("</table><p class=\"note\">A change smaller than this cannot be told from the differences between "
                + "repetitions of the same mode (95%, against a mode run the same number of times with the same spread). "
                + "— : fewer than 2 repetitions, nothing to estimate the spread from; run with -Drepeat=")
                .append(io.meshbench.analysis.RepetitionStatistics.RECOMMENDED_REPETITIONS).append(".</p>");
    }

    /** A figure in its human unit, chosen by the metric's results.json name. */
    static String human(String metric, Double v) {
        if (v == null) return Units.NONE;
        if (metric.startsWith("latency_us") || metric.startsWith("handshake_us") || metric.startsWith("first_call_us")) {
            // whole µs, as the modes' own figures are stored: 22,949.5 µs reads 23.0 ms here as it does in the headline
            return Units.micros((double) Math.round(v));
        }
        if (metric.startsWith("startup_ms")) return Units.millis(v);
        if (metric.startsWith("memory")) return Units.bytes(v);
        if (metric.contains("mcores")) return Units.mcores(v);
        return Units.plain(v);   // a mean of 128s is 127.99999999999997: "128", not "128.00"
    }

    private static void charts(StringBuilder h, AnalysedRun run) {
        h.append("<section><h2>Charts</h2>");
        chart(h, "Latency percentile spectrum", Charts.spectrum(run));
        chart(h, "Latency over time", Charts.timeline(run));
        chart(h, "Pod startup CDF", Charts.startupCdf(run));
        chart(h, "Memory per pod", Charts.memory(run));
        chart(h, "CPU per pod", Charts.cpu(run));
        chart(h, "First call after ready (per edge)", Charts.firstCallCdf(run));
        chart(h, "Offered vs achieved rate", Charts.rates(run));
        h.append("</section>\n");
    }

    private static void chart(StringBuilder h, String title, String dataUri) {
        if (dataUri == null) {
            h.append("<h3>").append(esc(title)).append("</h3><p class=\"missing\">Not measured in this run.</p>");
        } else {
            h.append("<div class=\"chart\"><img alt=\"").append(esc(title)).append("\" src=\"").append(dataUri).append("\"></div>\n");
        }
    }

    private static void resources(StringBuilder h, AnalysedRun run) {
        h.append("<section><h2>Resources and data plane</h2><table><tr>").append(th("mode"));
        for (String c : new String[]{"mesh mem/pod idle", "mesh mem/pod load", "workload mem/pod", "mesh CPU/pod idle",
                "mesh CPU/pod load", "mesh CPU (all pods) per 1000 entry rps", "daemons mem/node", "pods", "nodes"}) {
            h.append("<th class=\"num\">").append(c).append("</th>");
        }
        h.append("</tr>\n");
        for (ModeResult m : run.modes().values()) {
            var u = m.idle() != null ? m.idle() : m.load();
            h.append("<tr>").append(td(m.mode())).append(num(Units.bytes(m.memoryPerPodBytes())))
                    .append(num(Units.bytes(m.memoryLoadPerPodBytes())))
                    .append(num(Units.bytes(u == null ? null : u.workloadMemoryPerPodBytes())))
                    .append(num(Units.mcores(m.cpuIdlePerPodMcores()))).append(num(Units.mcores(m.cpuLoadPerPodMcores())))
                    .append(num(Units.mcores(m.meshCpuPer1000RpsMcores())))
                    .append(num(Units.bytes(u == null ? null : u.meshDaemonMemoryPerNodeBytes())))
                    .append(num(u == null ? Units.NONE : String.valueOf(u.pods())))
                    .append(num(u == null ? Units.NONE : String.valueOf(u.nodes()))).append("</tr>\n");
        }
        h.append("</table>");
        for (ModeResult m : run.modes().values()) {
            if (m.dataPlaneCounters().isEmpty()) continue;
            // dozens of rows per mode: folded, so the figures above stay the page's body
            h.append("<details><summary>").append(esc(m.mode())).append(": data-plane counters (increase over the measured window")
                    .append(m.repetitions() > 1 ? "s, summed over repetitions" : "").append(", ")
                    .append(m.dataPlaneCounters().size()).append(")</summary><table>");
            m.dataPlaneCounters().forEach((k, v) -> h.append("<tr>").append(td(k)).append(num(plain(v))).append("</tr>"));
            h.append("</table></details>");
        }
        h.append("</section>\n");
    }

    private static void facts(StringBuilder h, AnalysedRun run, Path runDir) {
        RunRecord r = run.record();
        h.append("<section><h2>Run facts</h2><dl class=\"facts\">");
        fact(h, "run", r.runId() + " (" + r.status().id() + ")");
        fact(h, "target", r.target().id() + (r.emulated() ? " — emulated data plane on loopback, not Istio" : ""));
        fact(h, "topology", pairs(r.topology()));
        fact(h, "scenario", pairs(r.scenario()));
        fact(h, "environment", pairs(r.environment()));
        Stream.concat(r.environment().entrySet().stream(), r.scenario().entrySet().stream())
                .filter(e -> e.getKey().toLowerCase(Locale.ROOT).contains("injector"))
                .forEach(e -> fact(h, e.getKey().replace('_', ' '), String.valueOf(e.getValue())));
        fact(h, "node memory (services per node)", Units.bytes((double) run.options().nodeMemoryBytes()));
        h.append("</dl>");
        h.append("<h3>Warnings</h3>");
        if (run.warnings().isEmpty()) h.append("<p class=\"note\">None.</p>");
        else {
            h.append("<ul class=\"warnings\">");
            run.warnings().forEach(w -> h.append("<li>").append(esc(w)).append("</li>"));
            h.append("</ul>");
        }
        h.append("<h3>Files</h3><ul>");
        h.append("<li><a href=\"").append(ResultsJson.FILE).append("\">").append(ResultsJson.FILE).append("</a> — figures, comparisons, raw measurements</li>");
        for (String mode : run.modes().keySet()) {
            h.append("<li><a href=\"").append(esc(HlogFiles.latencyFile(mode))).append("\">").append(esc(HlogFiles.latencyFile(mode)))
                    .append("</a>, <a href=\"").append(esc(HlogFiles.histogramsFile(mode))).append("\">")
                    .append(esc(HlogFiles.histogramsFile(mode))).append("</a> — HdrHistogram logs</li>");
        }
        String gatling = gatlingLink(runDir);
        if (gatling != null) h.append("<li><a href=\"").append(esc(gatling)).append("\">Gatling's report</a></li>");
        else h.append("<li class=\"missing\">No Gatling report in this run's folder.</li>");
        h.append("</ul></section>\n");
    }

    private static String pairs(Map<String, Object> map) {
        if (map.isEmpty()) return "not recorded";
        StringBuilder b = new StringBuilder();
        map.forEach((k, v) -> b.append(b.length() == 0 ? "" : " · ").append(k.replace('_', ' ')).append(' ').append(readable(v)));
        return b.toString();
    }

    /** A fact's value for people: fractions rounded (a scaled rate is 1.73, not 1.725674773016123). */
    private static String readable(Object v) {
        if (v instanceof Double || v instanceof Float) return Units.plain(((Number) v).doubleValue());
        if (v instanceof Map<?, ?> m) {
            StringBuilder b = new StringBuilder("{");
            m.forEach((k, x) -> b.append(b.length() == 1 ? "" : ", ").append(k).append(": ").append(readable(x)));
            return b.append('}').toString();
        }
        return String.valueOf(v);
    }

    private static void fact(StringBuilder h, String key, String value) {
        h.append("<dt>").append(esc(key)).append("</dt><dd>").append(esc(value)).append("</dd>");
    }

    /**
     * Relative link to gatling/<simulation-run>/index.html when present, else to gatling/index.html:
     * during a run Gatling writes its report only after ours, and the run's exit hook then writes
     * that index as a redirect to it. The in-cluster injectors' report, where there is one, comes
     * first: the harness's own then shows only the users that waited while the injectors sent.
     */
    static String gatlingLink(Path runDir) {
        if (runDir == null) return null;
        Path g = runDir.resolve("gatling");
        if (!Files.isDirectory(g)) return null;
        String injectors = io.meshbench.load.injector.InjectorGatlingReport.FOLDER;
        if (Files.isRegularFile(g.resolve(injectors).resolve("index.html"))) return "gatling/" + injectors + "/index.html";
        try (Stream<Path> s = Files.list(g)) {
            return s.filter(p -> Files.isRegularFile(p.resolve("index.html"))).sorted()
                    .map(p -> "gatling/" + p.getFileName() + "/index.html").reduce((a, b) -> b).orElse("gatling/index.html");
        } catch (IOException e) {
            return "gatling/index.html";
        }
    }

    private static void definitions(StringBuilder h, AnalysedRun run) {
        h.append("<section><h2>How each figure is defined and measured</h2><dl class=\"defs\">");
        for (Figure f : Figures.of(run)) {
            h.append("<dt>").append(esc(f.title())).append(" <code>").append(esc(f.key())).append("</code></dt><dd>")
                    .append(esc(f.definition())).append("<br><span class=\"how\">Measured: ").append(esc(f.measuredBy()))
                    .append("</span></dd>");
        }
        h.append("</dl></section>\n");
    }

    private static String change(Comparison c) {
        if (c == null || c.changePct() == null) {
            return "<span class=\"nsig\" title=\"" + esc(c == null ? "not compared" : c.reason()) + "\">—</span>";
        }
        // A colour is a verdict: only a significant change between two non-zero figures gets one.
        boolean verdict = Boolean.TRUE.equals(c.significant()) && nonZero(c.fromValue()) && nonZero(c.toValue());
        String cls = !verdict ? "" : c.changePct() < 0 ? "better" : c.changePct() > 0 ? "worse" : "";
        if (verdict && "services_per_node".equals(c.metric())) cls = c.changePct() > 0 ? "better" : c.changePct() < 0 ? "worse" : "";
        String mark = Boolean.TRUE.equals(c.significant()) ? " <span class=\"sig\" title=\"significant\">●</span>"
                : Boolean.FALSE.equals(c.significant()) ? " <span class=\"nsig\" title=\"not significant\">○</span>" : "";
        return "<span class=\"" + cls + "\">" + esc(Units.signedPct(c.changePct())) + "</span>" + mark
                + (c.ci95() == null ? "" : "<br><span class=\"ci\">" + esc(ciPct(c.ci95())) + "</span>");
    }

    private static boolean nonZero(Double v) {
        return v != null && v != 0;
    }

    private static String ci(Interval i) {
        if (i == null) return "";
        return "<br><span class=\"ci\">[" + esc(Units.micros(i.lo())) + " – " + esc(Units.micros(i.hi())) + "]</span>";
    }

    private static String ciPct(Interval i) {
        return i == null ? Units.NONE : Units.f("[%+.1f%%, %+.1f%%]", i.lo(), i.hi());
    }

    private static String plain(Double v) {
        if (v == null) return Units.NONE;
        if (v == Math.rint(v) && Math.abs(v) < 1e15) return Units.f("%,d", v.longValue());
        return Units.f("%,.2f", v);
    }

}
