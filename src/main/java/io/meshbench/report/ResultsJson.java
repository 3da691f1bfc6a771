package io.meshbench.report;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.meshbench.analysis.AnalysedRun;
import io.meshbench.analysis.Comparison;
import io.meshbench.analysis.GateResult;
import io.meshbench.analysis.GateRow;
import io.meshbench.analysis.Interval;
import io.meshbench.analysis.LatencyFigures;
import io.meshbench.analysis.ModeResult;
import io.meshbench.analysis.RepetitionFigures;
import io.meshbench.analysis.Spread;
import io.meshbench.analysis.TimelinePoint;
import io.meshbench.metrics.DataPlaneSummary;
import io.meshbench.metrics.InjectorLag;
import io.meshbench.metrics.LatencyRecording;
import io.meshbench.metrics.ModeMeasurement;
import io.meshbench.metrics.PodStartup;
import io.meshbench.metrics.ResourceUsage;
import io.meshbench.metrics.RunRecord;
import io.meshbench.core.MeshMode;
import org.HdrHistogram.Histogram;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * results.json: the contract in docs/reports.md (names fixed) plus what a report needs to be re-rendered —
 * figure definitions, warnings, idle/load resources, data-plane counters, timeline — and, under
 * {@code record}, the raw measurements that together with the .hlog files rebuild the RunRecord.
 * Unmeasured figures are written as null, never guessed.
 */
public final class ResultsJson {

    public static final String SCHEMA = "meshbench/v1";
    public static final String FILE = "results.json";

    static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private ResultsJson() {
    }

    // ------------------------------------------------------------------ writing

    public static ObjectNode toJson(AnalysedRun run, GateResult gate) {
        RunRecord r = run.record();
        ObjectNode root = MAPPER.createObjectNode();
        root.put("schema", SCHEMA);
        root.put("run_id", r.runId());
        root.put("started_at", instant(r.startedAt()));
        root.put("finished_at", instant(r.finishedAt()));
        root.put("status", r.status());
        root.put("outcome", Outcome.of(r.status(), gate).id());
        root.put("target", r.target());
        root.put("emulated", r.emulated());
        root.set("environment", MAPPER.valueToTree(r.environment()));
        root.set("topology", MAPPER.valueToTree(r.topology()));
        root.set("scenario", MAPPER.valueToTree(r.scenario()));
        root.set("schedule", schedule(r.schedule()));
        ObjectNode modes = root.putObject("modes");
        run.modes().forEach((id, m) -> {
            ObjectNode node = mode(m);
            if (node.get("tls_handshake_us") instanceof ObjectNode tls) tls.put("method", handshakeMethod(run, id));
            Map<String, Object> disruption = DisruptionJson.of(run, id);   // disruption scenarios: docs/disruption.md
            if (disruption != null) node.set("disruption", MAPPER.valueToTree(disruption));
            modes.set(id, node);
        });
        ArrayNode comparisons = root.putArray("comparisons");
        for (Comparison c : run.comparisons()) comparisons.add(comparison(c));
        ArrayNode warnings = root.putArray("warnings");
        run.warnings().forEach(warnings::add);
        ObjectNode figures = root.putObject("figures");
        for (Figure f : Figures.of(run)) {
            ObjectNode n = figures.putObject(f.key());
            n.put("title", f.title());
            n.put("definition", f.definition());
            n.put("measured_by", f.measuredBy());
        }
        root.set("analysis", MAPPER.valueToTree(run.options()));
        if (gate != null) root.set("gate", gate(gate));
        ObjectNode files = root.putObject("files");
        files.put("results", FILE);
        files.put("report", HtmlReport.FILE);
        ArrayNode logs = files.putArray("histogram_logs");
        for (String mode : run.modes().keySet()) {
            logs.add(HlogFiles.latencyFile(mode));
            logs.add(HlogFiles.histogramsFile(mode));
        }
        if (gate != null) files.put("junit", NightlyGate.JUNIT_FILE);
        root.set("record", record(r));
        return root;
    }

    public static void write(Path runDir, AnalysedRun run, GateResult gate) {
        try {
            Files.createDirectories(runDir);
            MAPPER.writeValue(runDir.resolve(FILE).toFile(), toJson(run, gate));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + runDir.resolve(FILE), e);
        }
    }

    /** How the mode's {@code tls_handshake_us} was measured (see {@link DataPlaneSummary#method}). */
    static String handshakeMethod(AnalysedRun run, String mode) {
        return DataPlaneSummary.method(run.record().modes().stream().filter(r -> r.mode().id().equals(mode))
                .map(ModeMeasurement::dataPlane).toList());
    }

    private static ObjectNode mode(ModeResult m) {
        ObjectNode n = MAPPER.createObjectNode();
        n.put("status", m.status().id());
        n.put("reason", m.reason());
        n.put("offered_rps", m.offeredRps());
        n.put("achieved_rps", m.achievedRps());
        n.put("error_ratio", m.errorRatio());
        LatencyFigures l = m.latency();
        ObjectNode lat = percentiles(n.putObject("latency_us"), l);
        lat.put("count", l.count());
        lat.put("p9999", m.pooledLatency().p9999());
        lat.set("p50_ci95", interval(l.p50Ci95()));
        lat.set("p99_ci95", interval(l.p99Ci95()));
        lat.put("ci_note", l.ciNote());
        percentiles(lat.putObject("pooled"), m.pooledLatency()).put("note", m.pooledLatency().ciNote());
        ObjectNode st = n.putObject("startup_ms");
        st.put("p50", m.startup().p50());
        st.put("p95", m.startup().p95());
        st.put("p99", m.startup().p99());
        st.put("max", m.startup().max());
        st.put("count", m.startup().count());
        n.set("handshake_us", handshake(m.handshake()));
        ObjectNode first = n.putObject("first_call_us");
        first.put("p50", m.firstCall().p50());
        first.put("count", m.firstCall().count());
        n.put("memory_per_pod_bytes", m.memoryPerPodBytes());
        n.put("cpu_idle_per_pod_mcores", m.cpuIdlePerPodMcores());
        n.put("services_per_node", m.servicesPerNode());
        // beyond the contract
        n.put("repetitions", m.repetitions());
        n.put("requests", m.requests());
        n.put("errors", m.errors());
        n.set("tls_handshake_us", m.tlsHandshake() == null ? null : handshake(m.tlsHandshake()));
        n.put("memory_load_per_pod_bytes", m.memoryLoadPerPodBytes());
        n.put("cpu_load_per_pod_mcores", m.cpuLoadPerPodMcores());
        n.put("mesh_cpu_per_1000rps_mcores", m.meshCpuPer1000RpsMcores());
        ObjectNode res = n.putObject("resources");
        res.set("idle", usage(m.idle()));
        res.set("load", usage(m.load()));
        ObjectNode dp = n.putObject("data_plane");
        dp.set("counters", MAPPER.valueToTree(m.dataPlaneCounters()));
        dp.set("missing_metrics", MAPPER.valueToTree(m.missingMetrics()));
        Histogram entry = m.entryLatencyMillis();
        if (entry == null || entry.getTotalCount() == 0) n.putNull("entry_latency_ms");
        else {
            ObjectNode e = n.putObject("entry_latency_ms");
            e.put("p50", entry.getValueAtPercentile(50));
            e.put("p99", entry.getValueAtPercentile(99));
            e.put("max", entry.getMaxValue());
            e.put("count", entry.getTotalCount());
        }
        ArrayNode tl = n.putArray("timeline");
        for (TimelinePoint p : m.timeline()) {
            ObjectNode t = tl.addObject();
            t.put("repetition", p.repetition());
            t.put("t_s", p.seconds());
            t.put("count", p.count());
            t.put("p50", p.p50());
            t.put("p99", p.p99());
        }
        n.put("histogram_log", HlogFiles.latencyFile(m.mode()));
        ArrayNode reps = n.putArray("per_repetition");
        for (RepetitionFigures f : m.perRepetition()) {
            ObjectNode o = reps.addObject();
            o.put("repetition", f.repetition());
            f.values().forEach((metric, v) -> o.put(metric.id(), v));
        }
        ObjectNode floor = n.putObject("noise_floor_pct");
        m.noiseFloorPct().forEach(floor::put);
        return n;
    }

    private static ObjectNode percentiles(ObjectNode lat, LatencyFigures l) {
        lat.put("p50", l.p50());
        lat.put("p90", l.p90());
        lat.put("p99", l.p99());
        lat.put("p999", l.p999());
        lat.put("max", l.max());
        return lat;
    }

    private static ObjectNode handshake(Spread s) {
        ObjectNode h = MAPPER.createObjectNode();
        h.put("p50", s.p50());
        h.put("p99", s.p99());
        h.put("count", s.count());
        return h;
    }

    private static ObjectNode comparison(Comparison c) {
        ObjectNode n = MAPPER.createObjectNode();
        n.put("metric", c.metric());
        n.put("from", c.from());
        n.put("to", c.to());
        n.put("n_from", c.nFrom());
        n.put("n_to", c.nTo());
        n.put("change_pct", c.changePct());
        n.set("ci95", interval(c.ci95()));
        n.put("p_value", c.pValue());
        n.put("p_adjusted", c.pAdjusted());
        n.put("method", c.methodWithAdjustment());
        n.put("significant", c.significant());
        n.put("reason", c.reason());
        n.put("from_value", c.fromValue());
        n.put("to_value", c.toValue());
        n.put("p_exact", c.pExact());
        n.put("noise_floor_pct", c.noiseFloorPct());
        return n;
    }

    private static ObjectNode gate(GateResult g) {
        ObjectNode n = MAPPER.createObjectNode();
        n.put("baseline_run_id", g.baselineRunId());
        n.put("thresholds", g.thresholds().toString());
        n.put("passed", g.passed());
        n.put("strict", g.strict());
        ArrayNode rows = n.putArray("rows");
        for (GateRow r : g.rows()) {
            ObjectNode o = rows.addObject();
            o.put("mode", r.mode());
            o.put("metric", r.metric());
            o.put("threshold_pct", r.thresholdPct());
            o.put("baseline", r.baselineValue());
            o.put("current", r.currentValue());
            o.put("change_pct", r.changePct());
            o.put("worse_pct", r.worsePct());
            o.set("ci95", interval(r.ci95()));
            o.put("p_value", r.pValue());
            o.put("p_adjusted", r.pAdjusted());
            o.put("n_baseline", r.nBaseline());
            o.put("n_current", r.nCurrent());
            o.put("method", r.method());
            o.put("significant", r.significant());
            o.put("rule", r.rule());
            o.put("verdict", r.verdict().name().toLowerCase(Locale.ROOT));
            o.put("why", r.why());
        }
        return n;
    }

    private static JsonNode interval(Interval i) {
        if (i == null) return MAPPER.nullNode();
        ArrayNode a = MAPPER.createArrayNode();
        a.add(i.lo());
        a.add(i.hi());
        return a;
    }

    private static JsonNode usage(ResourceUsage u) {
        if (u == null) return MAPPER.nullNode();
        ObjectNode n = MAPPER.createObjectNode();
        n.put("window_s", u.windowSeconds());
        n.put("pods", u.pods());
        n.put("nodes", u.nodes());
        putFinite(n, "mesh_memory_per_pod_bytes", u.meshMemoryPerPodBytes());
        putFinite(n, "mesh_cpu_per_pod_mcores", u.meshCpuPerPodMillicores());
        putFinite(n, "workload_memory_per_pod_bytes", u.workloadMemoryPerPodBytes());
        putFinite(n, "workload_cpu_per_pod_mcores", u.workloadCpuPerPodMillicores());
        putFinite(n, "mesh_daemon_memory_per_node_bytes", u.meshDaemonMemoryPerNodeBytes());
        n.put("method", u.method());
        return n;
    }

    private static void putFinite(ObjectNode n, String field, double v) {
        if (Double.isFinite(v)) n.put(field, v);
        else n.putNull(field);
    }

    /** The raw measurements; histograms live in the .hlog files. */
    private static ObjectNode record(RunRecord r) {
        ObjectNode n = MAPPER.createObjectNode();
        ArrayNode warnings = n.putArray("run_warnings");
        r.warnings().forEach(warnings::add);
        ArrayNode ms = n.putArray("measurements");
        for (ModeMeasurement m : r.modes()) {
            ObjectNode o = ms.addObject();
            o.put("mode", m.mode().id());
            o.put("repetition", m.repetition());
            o.put("failure", m.failure());
            o.put("window_start", instant(m.windowStart()));
            o.put("window_end", instant(m.windowEnd()));
            o.put("offered_rps", m.offeredRps());
            o.put("achieved_rps", m.achievedRps());
            o.put("requests", m.requests());
            o.put("errors", m.errors());
            o.put("injected_errors", m.injectedErrors());
            LatencyRecording lat = m.serviceLatency();
            if (lat == null) o.putNull("latency");
            else {
                ObjectNode l = o.putObject("latency");
                l.set("edges", MAPPER.valueToTree(new ArrayList<>(lat.perEdge().keySet())));
                l.set("first_call_us", MAPPER.valueToTree(lat.firstCallMicros()));
                l.put("intervals", lat.intervals().size());
                l.set("churn_edges", MAPPER.valueToTree(churnEdges(lat)));
            }
            o.put("entry_latency", m.entryLatencyMillis() != null);
            ArrayNode st = o.putArray("startups");
            for (PodStartup p : m.startups()) {
                ObjectNode s = st.addObject();
                s.put("pod", p.pod());
                s.put("service", p.service());
                s.put("node", p.node());
                s.put("created", instant(p.created()));
                s.set("phase_ms", MAPPER.valueToTree(p.phaseMillis()));
            }
            o.set("idle", usage(m.idle()));
            o.set("load", usage(m.load()));
            DataPlaneSummary dp = m.dataPlane();
            if (dp == null) o.putNull("data_plane");
            else {
                ObjectNode d = o.putObject("data_plane");
                d.set("counter_deltas", MAPPER.valueToTree(dp.counterDeltas()));
                d.put("tls_handshake", dp.tlsHandshakeMicros() != null);
                d.put("tls_handshake_method", dp.tlsHandshakeMethod());
                d.set("missing_metrics", MAPPER.valueToTree(dp.missingMetrics()));
            }
            o.set("warnings", MAPPER.valueToTree(m.warnings()));
            o.set("injector_lag_ms", injectorLag(m.injectorLag()));
        }
        return n;
    }

    /** The slots in the order they started: {repetition, mode, started_at}. */
    private static ArrayNode schedule(List<RunRecord.ScheduledSlot> slots) {
        ArrayNode a = MAPPER.createArrayNode();
        for (RunRecord.ScheduledSlot s : slots) {
            ObjectNode o = a.addObject();
            o.put("repetition", s.repetition());
            o.put("mode", s.mode().id());
            o.put("started_at", instant(s.startedAt()));
        }
        return a;
    }

    private static List<RunRecord.ScheduledSlot> readSchedule(JsonNode a) {
        List<RunRecord.ScheduledSlot> slots = new ArrayList<>();
        for (JsonNode o : a) {
            slots.add(new RunRecord.ScheduledSlot(o.path("repetition").asInt(), MeshMode.parse(o.path("mode").asText()),
                    parseInstant(o.path("started_at"))));
        }
        return slots;
    }

    /** {p50, p99, max, count, behind}, or null when the window had no timetable to lag behind. */
    private static JsonNode injectorLag(InjectorLag lag) {
        if (lag == null) return NullNode.getInstance();
        ObjectNode o = MAPPER.createObjectNode();
        o.put("p50", lag.p50Ms());
        o.put("p99", lag.p99Ms());
        o.put("max", lag.maxMs());
        o.put("count", lag.count());
        o.put("behind", lag.behind());
        return o;
    }

    private static InjectorLag readInjectorLag(JsonNode o) {
        if (!o.isObject()) return null;
        return new InjectorLag(o.path("p50").asDouble(), o.path("p99").asDouble(), o.path("max").asDouble(),
                o.path("count").asLong(), o.path("behind").asBoolean());
    }

    /** Edges with churn-probe histograms, in the order of their rep&lt;N&gt;.new/reused.&lt;i&gt; tags. */
    static List<String> churnEdges(LatencyRecording lat) {
        java.util.TreeSet<String> edges = new java.util.TreeSet<>(lat.newConnectionPerEdge().keySet());
        edges.addAll(lat.reusedConnectionPerEdge().keySet());
        return new ArrayList<>(edges);
    }

    private static String instant(Instant i) {
        return i == null ? null : i.toString();
    }

    // ------------------------------------------------------------------ reading

    public static JsonNode readTree(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException(file + ": no such file (expected a run's " + FILE + ")");
        }
        try {
            return MAPPER.readTree(file.toFile());
        } catch (IOException e) {
            throw new IllegalArgumentException(file + ": not valid JSON (" + e.getMessage() + ")", e);
        }
    }

    /** Rebuilds the RunRecord from results.json and the .hlog files beside it. */
    public static RunRecord readRecord(Path runDir) {
        Path file = runDir.resolve(FILE);
        JsonNode root = readTree(file);
        String schema = root.path("schema").asText(null);
        if (!SCHEMA.equals(schema)) {
            throw new IllegalArgumentException(file + ": field 'schema' is " + (schema == null ? "missing" : "'" + schema + "'")
                    + ", expected '" + SCHEMA + "'");
        }
        JsonNode rec = root.path("record");
        if (!rec.has("measurements")) {
            throw new IllegalArgumentException(file + ": field 'record.measurements' is missing — this results.json was "
                    + "not written by meshbench's RunStore and cannot be re-analysed");
        }
        Map<String, Map<String, List<Histogram>>> latencyLogs = new LinkedHashMap<>();
        Map<String, Map<String, List<Histogram>>> otherLogs = new LinkedHashMap<>();
        List<ModeMeasurement> modes = new ArrayList<>();
        int index = 0;
        for (JsonNode o : rec.path("measurements")) {
            String where = file + ": record.measurements[" + index++ + "]";
            String mode = required(o, "mode", where).asText();
            MeshMode meshMode = MeshMode.parse(mode);
            int rep = required(o, "repetition", where).asInt();
            String tag = "rep" + rep;
            Map<String, List<Histogram>> lat = latencyLogs.computeIfAbsent(mode, k -> HlogFiles.read(runDir.resolve(HlogFiles.latencyFile(k))));
            Map<String, List<Histogram>> other = otherLogs.computeIfAbsent(mode, k -> HlogFiles.read(runDir.resolve(HlogFiles.histogramsFile(k))));
            LatencyRecording latency = null;
            JsonNode l = o.path("latency");
            if (l.isObject()) {
                Map<String, Histogram> perEdge = new LinkedHashMap<>();
                int i = 0;
                for (JsonNode edge : l.path("edges")) {
                    perEdge.put(edge.asText(), one(other, tag + ".edge." + i++, runDir, mode));
                }
                List<Histogram> intervals = lat.getOrDefault(tag, List.of());
                int expected = l.path("intervals").asInt(intervals.size());
                if (intervals.size() != expected) {
                    throw new IllegalArgumentException(runDir.resolve(HlogFiles.latencyFile(mode)) + ": " + intervals.size()
                            + " interval histograms tagged " + tag + ", results.json says " + expected);
                }
                Map<String, Long> firstCalls = MAPPER.convertValue(l.path("first_call_us"), new TypeReference<LinkedHashMap<String, Long>>() { });
                Map<String, Histogram> fresh = new LinkedHashMap<>();
                Map<String, Histogram> reused = new LinkedHashMap<>();
                int c = 0;
                for (JsonNode edge : l.path("churn_edges")) {   // absent in runs stored before the churn probe
                    List<Histogram> n = other.get(tag + ".new." + c);
                    List<Histogram> k = other.get(tag + ".reused." + c++);
                    if (n != null && n.size() == 1) fresh.put(edge.asText(), n.get(0));
                    if (k != null && k.size() == 1) reused.put(edge.asText(), k.get(0));
                }
                latency = new LatencyRecording(perEdge, intervals, firstCalls == null ? Map.of() : firstCalls, fresh, reused);
            }
            Histogram entry = o.path("entry_latency").asBoolean(false) ? one(other, tag + ".entry", runDir, mode) : null;
            List<PodStartup> startups = new ArrayList<>();
            for (JsonNode s : o.path("startups")) {
                Map<String, Double> phases = MAPPER.convertValue(s.path("phase_ms"), new TypeReference<LinkedHashMap<String, Double>>() { });
                startups.add(new PodStartup(s.path("pod").asText(null), s.path("service").asText(null),
                        s.path("node").asText(null), parseInstant(s.path("created")), phases == null ? Map.of() : phases));
            }
            DataPlaneSummary dp = null;
            JsonNode d = o.path("data_plane");
            if (d.isObject()) {
                Map<String, Double> counters = MAPPER.convertValue(d.path("counter_deltas"), new TypeReference<LinkedHashMap<String, Double>>() { });
                List<String> missing = MAPPER.convertValue(d.path("missing_metrics"), new TypeReference<List<String>>() { });
                Histogram tls = d.path("tls_handshake").asBoolean(false) ? one(other, tag + ".tls", runDir, mode) : null;
                // Runs stored before the exact histogram carried only the Prometheus buckets.
                String method = tls == null ? null : d.path("tls_handshake_method").asText(DataPlaneSummary.HANDSHAKES_BUCKETS);
                dp = new DataPlaneSummary(counters == null ? Map.of() : counters, tls, method, missing == null ? List.of() : missing);
            }
            List<String> warnings = MAPPER.convertValue(o.path("warnings"), new TypeReference<List<String>>() { });
            modes.add(new ModeMeasurement(meshMode, rep, o.path("failure").isNull() ? null : o.path("failure").asText(null),
                    parseInstant(o.path("window_start")), parseInstant(o.path("window_end")),
                    o.path("offered_rps").asDouble(), o.path("achieved_rps").asDouble(), o.path("requests").asLong(),
                    o.path("errors").asLong(), o.path("injected_errors").asLong(), latency, entry, startups,
                    readUsage(o.path("idle")), readUsage(o.path("load")), dp, warnings,
                    readInjectorLag(o.path("injector_lag_ms"))));
        }
        List<String> runWarnings = MAPPER.convertValue(rec.path("run_warnings"), new TypeReference<List<String>>() { });
        return new RunRecord(root.path("run_id").asText(null), parseInstant(root.path("started_at")),
                parseInstant(root.path("finished_at")), root.path("status").asText(null), root.path("target").asText(null),
                root.path("emulated").asBoolean(), map(root.path("environment")), map(root.path("topology")),
                map(root.path("scenario")), modes, runWarnings == null ? List.of() : runWarnings,
                readSchedule(root.path("schedule")));
    }

    /** The gate section of a stored results.json, or null when the run had no baseline. */
    public static GateResult readGate(Path runDir) {
        JsonNode g = readTree(runDir.resolve(FILE)).path("gate");
        if (!g.isObject()) return null;
        List<GateRow> rows = new ArrayList<>();
        for (JsonNode r : g.path("rows")) {
            JsonNode ci = r.path("ci95");
            rows.add(new GateRow(r.path("mode").asText(), r.path("metric").asText(), r.path("threshold_pct").asDouble(),
                    optDouble(r.path("baseline")), optDouble(r.path("current")), optDouble(r.path("change_pct")),
                    optDouble(r.path("worse_pct")),
                    ci.isArray() && ci.size() == 2 ? new Interval(ci.get(0).asDouble(), ci.get(1).asDouble()) : null,
                    optDouble(r.path("p_value")), optDouble(r.path("p_adjusted")), r.path("n_baseline").asInt(0),
                    r.path("n_current").asInt(0), r.path("method").asText(null),
                    r.path("significant").isBoolean() ? r.path("significant").asBoolean() : null,
                    r.path("rule").asText(null), GateRow.Verdict.valueOf(r.path("verdict").asText("skipped").toUpperCase(Locale.ROOT)),
                    r.path("why").asText(null)));
        }
        return new GateResult(g.path("baseline_run_id").asText(null), readTree(runDir.resolve(FILE)).path("run_id").asText(null),
                io.meshbench.analysis.Thresholds.parse(g.path("thresholds").asText("")), g.path("strict").asBoolean(false), rows);
    }

    private static Double optDouble(JsonNode n) {
        return n == null || !n.isNumber() ? null : n.asDouble();
    }

    private static Histogram one(Map<String, List<Histogram>> log, String tag, Path runDir, String mode) {
        List<Histogram> found = log.get(tag);
        if (found == null || found.size() != 1) {
            throw new IllegalArgumentException(runDir.resolve(HlogFiles.histogramsFile(mode)) + ": expected one histogram tagged '"
                    + tag + "', found " + (found == null ? 0 : found.size()));
        }
        return found.get(0);
    }

    private static JsonNode required(JsonNode o, String field, String where) {
        JsonNode v = o.get(field);
        if (v == null || v.isNull()) throw new IllegalArgumentException(where + ": field '" + field + "' is missing");
        return v;
    }

    private static ResourceUsage readUsage(JsonNode n) {
        if (n == null || !n.isObject()) return null;
        return new ResourceUsage(n.path("window_s").asDouble(), n.path("pods").asInt(), n.path("nodes").asInt(),
                dbl(n, "mesh_memory_per_pod_bytes"), dbl(n, "mesh_cpu_per_pod_mcores"),
                dbl(n, "workload_memory_per_pod_bytes"), dbl(n, "workload_cpu_per_pod_mcores"),
                dbl(n, "mesh_daemon_memory_per_node_bytes"), n.path("method").asText(null));
    }

    private static double dbl(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? Double.NaN : v.asDouble();
    }

    private static Instant parseInstant(JsonNode n) {
        return n == null || n.isNull() || n.isMissingNode() ? null : Instant.parse(n.asText());
    }

    private static Map<String, Object> map(JsonNode n) {
        if (n == null || !n.isObject()) return Map.of();
        return MAPPER.convertValue(n, new TypeReference<LinkedHashMap<String, Object>>() { });
    }
}
