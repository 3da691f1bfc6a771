package io.meshbench.report;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.meshbench.analysis.AnalysedRun;
import io.meshbench.analysis.GateResult;
import io.meshbench.analysis.GateRow;
import io.meshbench.analysis.Interval;
import io.meshbench.metrics.DataPlaneSummary;
import io.meshbench.metrics.InjectorLag;
import io.meshbench.metrics.LatencyRecording;
import io.meshbench.metrics.ModeMeasurement;
import io.meshbench.metrics.PodStartup;
import io.meshbench.metrics.ResourceUsage;
import io.meshbench.metrics.RunRecord;
import io.meshbench.metrics.RunStatus;
import io.meshbench.core.MeshMode;
import io.meshbench.core.Target;
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
 *
 * <p>Writing is Jackson data binding of the {@link ResultsDocument} records with this one mapper
 * (indented output, nulls kept). Reading stays on the tree, by hand: it must accept every
 * results.json meshbench has written (fields added later, such as {@code churn_edges} or
 * {@code tls_handshake_method}, take the value older runs meant), name the file and field of
 * anything missing, and join each measurement to its .hlog histograms by tag — binding into the
 * writing records would lose the first two.
 */
public final class ResultsJson {

    public static final String SCHEMA = "meshbench/v1";
    public static final String FILE = "results.json";

    static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private ResultsJson() {
    }

    // ------------------------------------------------------------------ writing

    /** results.json as a tree (for tests and tools); {@link #write} writes the same document. */
    public static ObjectNode toJson(AnalysedRun run, GateResult gate) {
        return MAPPER.valueToTree(ResultsDocument.of(run, gate));
    }

    public static void write(Path runDir, AnalysedRun run, GateResult gate) {
        try {
            Files.createDirectories(runDir);
            MAPPER.writeValue(runDir.resolve(FILE).toFile(), ResultsDocument.of(run, gate));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + runDir.resolve(FILE), e);
        }
    }

    /** How the mode's {@code tls_handshake_us} was measured (see {@link DataPlaneSummary#method}). */
    static String handshakeMethod(AnalysedRun run, String mode) {
        return DataPlaneSummary.method(run.record().modes().stream().filter(r -> r.mode().id().equals(mode))
                .map(ModeMeasurement::dataPlane).toList());
    }

    private static List<RunRecord.ScheduledSlot> readSchedule(JsonNode a) {
        List<RunRecord.ScheduledSlot> slots = new ArrayList<>();
        for (JsonNode o : a) {
            slots.add(new RunRecord.ScheduledSlot(o.path("repetition").asInt(), MeshMode.parse(o.path("mode").asText()),
                    parseInstant(o.path("started_at")), o.path("measured").asBoolean(true)));
        }
        return slots;
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
            modes.add(ModeMeasurement.window(meshMode, rep)
                    .failure(o.path("failure").isNull() ? null : o.path("failure").asText(null))
                    .window(parseInstant(o.path("window_start")), parseInstant(o.path("window_end")))
                    .rates(o.path("offered_rps").asDouble(), o.path("achieved_rps").asDouble())
                    .counts(o.path("requests").asLong(), o.path("errors").asLong(), o.path("injected_errors").asLong())
                    .latency(latency, entry)
                    .deployment(startups, readUsage(o.path("idle")))
                    .load(readUsage(o.path("load")), dp)
                    .warnings(warnings)
                    .injectorLag(readInjectorLag(o.path("injector_lag_ms")))
                    .build());
        }
        List<String> runWarnings = MAPPER.convertValue(rec.path("run_warnings"), new TypeReference<List<String>>() { });
        return new RunRecord(root.path("run_id").asText(null), parseInstant(root.path("started_at")),
                parseInstant(root.path("finished_at")), id(root, "status", file, RunStatus::parse),
                id(root, "target", file, Target::parse), root.path("emulated").asBoolean(), map(root.path("environment")), map(root.path("topology")),
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

    /** A required id field read into its enum; the error names the file and the field. */
    private static <T> T id(JsonNode root, String field, Path file, java.util.function.Function<String, T> parse) {
        String id = required(root, field, file.toString()).asText();
        try {
            return parse.apply(id);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": field '" + field + "': " + e.getMessage(), e);
        }
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
