package io.meshbench.report;

import io.meshbench.analysis.DisruptionAnalysis;
import io.meshbench.analysis.DisruptionFigures;
import io.meshbench.analysis.Metric;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code disruption} object of one mode in results.json: {@code {scenario, fault_at_s,
 * failed_requests, failed_share_pct, affected_services, detect_s, recover_s, recovered,
 * p99_during_us, repetitions: [...]}}. With several repetitions the headline values are their
 * medians (a repetition that never recovered has no recover_s and is counted in {@code recovered}
 * as "k of n"); each repetition's own values follow. Definitions: docs/disruption.md.
 */
public final class DisruptionJson {

    private DisruptionJson() {
    }

    /**
     * The mode's {@code disruption} object of a run with a disruption scenario, or null (no
     * disruption scenario, or the mode has no figures): {@link #mode} plus the fault's kind, the
     * service hit, the threshold and what the target did in each repetition.
     */
    public static Map<String, Object> of(io.meshbench.analysis.AnalysedRun run, String mode) {
        io.meshbench.analysis.RunDisruption d = run.disruption();
        if (d == null || d.figures().getOrDefault(mode, List.of()).isEmpty()) return null;
        Map<String, Object> out = mode(d.scenario(), d.figures().get(mode));
        Map<String, Object> head = new LinkedHashMap<>();
        head.put("scenario", out.remove("scenario"));
        head.put("kind", d.kind());
        head.put("service", d.service());
        head.put("threshold_pct", d.thresholdPct());
        head.putAll(out);
        List<Map<String, Object>> actions = new ArrayList<>();
        for (io.meshbench.platform.FaultAction a : d.actions().getOrDefault(mode, List.of())) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("action", a.action());
            m.put("service", a.service());
            m.put("removed", a.removed());
            m.put("added", a.added());
            m.put("ready_after_ms", a.timeToReady() == null ? null : a.timeToReady().toMillis());
            m.put("traffic_share_pct", a.trafficSharePct());
            m.put("method", a.method());
            m.put("note", a.note());
            actions.add(m);
        }
        if (!actions.isEmpty()) head.put("actions", actions);
        List<Map<String, Object>> timeline = timeline(d.timelines().getOrDefault(mode, List.of()));
        if (!timeline.isEmpty()) head.put("timeline", timeline);
        return head;
    }

    /**
     * What the report's chart needs of each repetition's timeline, so a stored run renders it
     * again: the fault's time and the whole traffic's seconds as {@code [second, requests, errors,
     * p99_us]} (p99 null in a second without a response). The per-service seconds stay out (the
     * figures computed from them are stored; they would multiply the file by the services).
     */
    static List<Map<String, Object>> timeline(List<io.meshbench.analysis.DisruptionTimeline> timelines) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (io.meshbench.analysis.DisruptionTimeline t : timelines) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("repetition", t.repetition());
            m.put("fault_at_s", t.faultAtS());
            List<List<Object>> seconds = new ArrayList<>();
            for (io.meshbench.analysis.SecondPoint p : t.total()) {
                seconds.add(java.util.Arrays.asList(p.second(), p.requests(), p.errors(), p.p99Us()));
            }
            m.put("seconds", seconds);
            out.add(m);
        }
        return out;
    }

    /**
     * The disruption stored in a results.json, per mode: the figures, so a stored run — a gate's
     * baseline — carries its disruption.* values, and the whole traffic's timelines and the fault
     * actions, so a re-rendered report shows the chart and what the target did (a stored timeline
     * has no per-service seconds). Null when it has none.
     */
    public static io.meshbench.analysis.RunDisruption read(com.fasterxml.jackson.databind.JsonNode root) {
        Map<String, List<DisruptionFigures>> figures = new LinkedHashMap<>();
        Map<String, List<io.meshbench.analysis.DisruptionTimeline>> timelines = new LinkedHashMap<>();
        Map<String, List<io.meshbench.platform.FaultAction>> actions = new LinkedHashMap<>();
        String scenario = null;
        String kind = null;
        String service = null;
        double threshold = 0;
        var modes = root.path("modes").fields();
        while (modes.hasNext()) {
            var e = modes.next();
            var d = e.getValue().path("disruption");
            if (!d.isObject()) continue;
            scenario = d.path("scenario").asText(null);
            kind = d.path("kind").asText(null);
            service = d.path("service").asText(null);
            threshold = d.path("threshold_pct").asDouble(0);
            List<DisruptionFigures> reps = new ArrayList<>();
            for (var r : d.path("repetitions")) {
                List<String> affected = new ArrayList<>();
                r.path("affected").forEach(a -> affected.add(a.asText()));
                reps.add(new DisruptionFigures(e.getKey(), r.path("repetition").asInt(), r.path("fault_at_s").asDouble(),
                        r.path("failed_requests").asLong(), r.path("requests").asLong(), affected, num(r.path("detect_s")),
                        num(r.path("recover_s")), r.path("p99_during_us").isNumber() ? r.path("p99_during_us").asLong() : null, 0));
            }
            figures.put(e.getKey(), reps);
            List<io.meshbench.analysis.DisruptionTimeline> modeTimelines = readTimeline(e.getKey(), d.path("timeline"));
            if (!modeTimelines.isEmpty()) timelines.put(e.getKey(), modeTimelines);
            List<io.meshbench.platform.FaultAction> modeActions = readActions(d.path("actions"), service);
            if (!modeActions.isEmpty()) actions.put(e.getKey(), modeActions);
        }
        if (figures.isEmpty()) return null;
        return new io.meshbench.analysis.RunDisruption(scenario, kind, service, threshold, timelines, figures, actions);
    }

    private static List<io.meshbench.analysis.DisruptionTimeline> readTimeline(String mode, com.fasterxml.jackson.databind.JsonNode node) {
        List<io.meshbench.analysis.DisruptionTimeline> out = new ArrayList<>();
        for (var t : node) {
            List<io.meshbench.analysis.SecondPoint> total = new ArrayList<>();
            for (var p : t.path("seconds")) {
                total.add(new io.meshbench.analysis.SecondPoint(p.path(0).asInt(), p.path(1).asLong(), p.path(2).asLong(),
                        p.path(3).isNumber() ? p.path(3).asLong() : null));
            }
            out.add(new io.meshbench.analysis.DisruptionTimeline(mode, t.path("repetition").asInt(), t.path("fault_at_s").asDouble(),
                    total, Map.of(), null, Map.of()));
        }
        return out;
    }

    /** Actions as stored: their start instant is not, so one is placed at the epoch and its readiness after it. */
    private static List<io.meshbench.platform.FaultAction> readActions(com.fasterxml.jackson.databind.JsonNode node, String service) {
        List<io.meshbench.platform.FaultAction> out = new ArrayList<>();
        for (var a : node) {
            java.time.Instant started = java.time.Instant.EPOCH;
            java.time.Instant ready = a.path("ready_after_ms").isNumber() ? started.plusMillis(a.path("ready_after_ms").asLong()) : null;
            out.add(new io.meshbench.platform.FaultAction(a.path("action").asText(), a.path("service").asText(service),
                    strings(a.path("removed")), strings(a.path("added")), started, ready,
                    a.path("traffic_share_pct").isNumber() ? a.path("traffic_share_pct").asDouble() : null,
                    a.path("method").asText(""), a.path("note").isTextual() ? a.path("note").asText() : null));
        }
        return out;
    }

    private static List<String> strings(com.fasterxml.jackson.databind.JsonNode node) {
        List<String> out = new ArrayList<>();
        node.forEach(n -> out.add(n.asText()));
        return out;
    }

    private static Double num(com.fasterxml.jackson.databind.JsonNode n) {
        return n.isNumber() ? n.asDouble() : null;
    }

    /** For {@code ResultsJson}: put this under the mode's {@code disruption} key. */
    public static Map<String, Object> mode(String scenario, List<DisruptionFigures> repetitions) {
        if (repetitions.isEmpty()) throw new IllegalArgumentException("no repetition of " + scenario + " to write");
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("scenario", scenario);
        out.put("fault_at_s", repetitions.get(0).faultAtS());
        out.put("failed_requests", whole(DisruptionAnalysis.median(repetitions, Metric.DISRUPTION_FAILED_REQUESTS)));
        out.put("failed_share_pct", DisruptionAnalysis.median(repetitions, Metric.DISRUPTION_FAILED_SHARE));
        out.put("affected_services", whole(DisruptionAnalysis.median(repetitions, Metric.DISRUPTION_AFFECTED_SERVICES)));
        out.put("detect_s", DisruptionAnalysis.median(repetitions, Metric.DISRUPTION_DETECT_S));
        long recovered = repetitions.stream().filter(DisruptionFigures::recovered).count();
        // the median of a set where some never recovered is only defined if most did
        out.put("recover_s", recovered * 2 > repetitions.size()
                ? medianCensored(repetitions) : null);
        out.put("recovered", recovered + " of " + repetitions.size());
        out.put("p99_during_us", whole(DisruptionAnalysis.median(repetitions, Metric.DISRUPTION_P99_DURING)));
        List<Map<String, Object>> reps = new ArrayList<>();
        for (DisruptionFigures f : repetitions) reps.add(repetition(f));
        out.put("repetitions", reps);
        return out;
    }

    static Map<String, Object> repetition(DisruptionFigures f) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("repetition", f.repetition());
        r.put("fault_at_s", f.faultAtS());
        r.put("failed_requests", f.failedRequests());
        r.put("requests", f.requests());
        r.put("failed_share_pct", f.failedSharePct());
        r.put("affected_services", f.affectedServices().size());
        r.put("affected", f.affectedServices());
        r.put("detect_s", f.detectS());
        r.put("recover_s", f.recoverS());
        r.put("recovered", f.recovered());
        r.put("p99_during_us", f.p99DuringUs());
        return r;
    }

    /** Median with "never recovered" ranked above every time: defined while most repetitions recovered. */
    private static Double medianCensored(List<DisruptionFigures> reps) {
        double[] v = reps.stream().mapToDouble(f -> f.recoverS() == null ? Double.POSITIVE_INFINITY : f.recoverS())
                .sorted().toArray();
        double m = v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
        return Double.isFinite(m) ? m : null;
    }

    private static Object whole(Double v) {
        if (v == null) return null;
        return v == Math.rint(v) ? (Object) (long) v.doubleValue() : v;
    }
}
