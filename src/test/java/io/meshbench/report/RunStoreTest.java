package io.meshbench.report;

import com.fasterxml.jackson.databind.JsonNode;
import io.meshbench.analysis.AnalysedRun;
import io.meshbench.analysis.Analysis;
import io.meshbench.analysis.SyntheticRun;
import io.meshbench.metrics.RunRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RunStoreTest {

    @TempDir
    Path results;

    private static Set<String> fields(JsonNode n) {
        Set<String> s = new TreeSet<>();
        n.fieldNames().forEachRemaining(s::add);
        return s;
    }

    private static void assertHas(JsonNode n, String where, String... names) {
        Set<String> have = fields(n);
        for (String name : names) assertTrue(have.contains(name), where + " lacks '" + name + "'; has " + have);
    }

    @Test
    void resultsJsonFollowsTheContract() throws Exception {
        RunRecord record = SyntheticRun.record("contract", List.of(SyntheticRun.baseline(1), SyntheticRun.sidecar(2),
                SyntheticRun.ambient(3), SyntheticRun.waypoint(4).withFailure("waypoint pod crash-looped")), 1, 500);
        Path dir = results.resolve("contract");
        RunStore.write(dir, record);
        JsonNode root = ResultsJson.readTree(dir.resolve("results.json"));
        assertHas(root, "results.json", "schema", "run_id", "started_at", "finished_at", "status", "target", "emulated",
                "environment", "topology", "scenario", "modes", "comparisons");
        assertEquals("meshbench/v1", root.get("schema").asText());
        assertEquals("contract", root.get("run_id").asText());
        assertEquals("2026-11-26T22:00:00Z", root.get("started_at").asText());
        assertEquals("complete", root.get("status").asText());
        assertEquals("local", root.get("target").asText());
        assertTrue(root.get("emulated").asBoolean());
        assertHas(root.get("topology"), "topology", "name", "services", "edges", "entrypoints");
        assertHas(root.get("scenario"), "scenario", "name", "rate_per_service", "warmup_s", "duration_s", "repeat");
        assertEquals(List.of("baseline", "sidecar", "ambient", "waypoint"), new ArrayList<>(iter(root.get("modes").fieldNames())));
        for (String mode : List.of("baseline", "sidecar", "ambient", "waypoint")) {
            JsonNode m = root.get("modes").get(mode);
            assertHas(m, mode, "status", "reason", "offered_rps", "achieved_rps", "error_ratio", "latency_us", "startup_ms",
                    "handshake_us", "memory_per_pod_bytes", "cpu_idle_per_pod_mcores", "services_per_node");
            assertHas(m.get("latency_us"), mode + ".latency_us", "p50", "p90", "p99", "p999", "max", "count");
            assertHas(m.get("startup_ms"), mode + ".startup_ms", "p50", "p95", "p99", "max", "count");
            assertHas(m.get("handshake_us"), mode + ".handshake_us", "p50", "p99", "count");
        }
        JsonNode sidecar = root.get("modes").get("sidecar");
        assertEquals("ok", sidecar.get("status").asText());
        assertTrue(sidecar.get("reason").isNull());
        assertTrue(sidecar.get("latency_us").get("p99").isIntegralNumber());
        assertEquals(SyntheticRun.INTERVALS * 500, sidecar.get("latency_us").get("count").asLong());
        // unmeasured is null, never a number
        JsonNode waypoint = root.get("modes").get("waypoint");
        assertEquals("failed", waypoint.get("status").asText());
        assertEquals("waypoint pod crash-looped", waypoint.get("reason").asText());
        assertTrue(waypoint.get("latency_us").get("p50").isNull());
        assertTrue(waypoint.get("memory_per_pod_bytes").isNull());
        assertTrue(waypoint.get("services_per_node").isNull());
        assertTrue(root.get("modes").get("baseline").get("tls_handshake_us").isNull());
        assertTrue(root.get("comparisons").size() > 0);
        for (JsonNode c : root.get("comparisons")) {
            assertHas(c, "comparison", "metric", "from", "to", "n_from", "n_to", "change_pct", "ci95", "p_value",
                    "p_adjusted", "method", "significant", "reason");
        }
        // one repetition: the change is shown, the verdict is null with the reason
        JsonNode sa = find(root.get("comparisons"), "latency_us.p99", "sidecar", "ambient");
        assertTrue(sa.get("change_pct").isNumber());
        assertEquals(1, sa.get("n_from").asInt());
        assertEquals(1, sa.get("n_to").asInt());
        assertTrue(sa.get("ci95").isNull());
        assertTrue(sa.get("p_value").isNull());
        assertTrue(sa.get("significant").isNull());
        assertEquals("not enough repetitions to judge (n = 1); use -Drepeat=5", sa.get("reason").asText());
        assertTrue(sidecar.get("per_repetition").get(0).get("latency_us.p99").isNumber());
        assertTrue(sidecar.get("noise_floor_pct").get("latency_us.p99").isNull(), "no spread from one repetition");
        JsonNode toWaypoint = find(root.get("comparisons"), "latency_us.p99", "sidecar", "waypoint");
        assertTrue(toWaypoint.get("change_pct").isNull());
        assertTrue(toWaypoint.get("reason").asText().contains("waypoint failed"));
        String html = Files.readString(dir.resolve("report.html"));
        assertTrue(html.contains("not enough repetitions to judge (n = 1); use -Drepeat=5"), "report shows the reason");
        assertTrue(html.contains("Noise floor"), "report shows the noise floor");
        assertTrue(ComparisonsText.of(Analysis.analyse(record)).contains("no verdict: not enough repetitions to judge (n = 1); use -Drepeat=5"),
                "the console says why too");
        for (String f : List.of("latency-sidecar.hlog", "histograms-sidecar.hlog", "report.html")) {
            assertTrue(Files.isRegularFile(dir.resolve(f)), f);
        }
        assertTrue(Files.readString(dir.resolve("latency-sidecar.hlog")).contains("Tag=rep1,"));
        assertTrue(Files.isRegularFile(results.resolve("index.html")));
    }

    @Test
    void storedRunReadsBackToTheSameRecordAndTheSameNumbers() throws Exception {
        RunRecord record = SyntheticRun.record("roundtrip", SyntheticRun.allModes(), 2, 300);
        Path dir = results.resolve("roundtrip");
        // fewer resamples keep the test quick; they are stored with the run and used again on re-reading
        AnalysedRun written = RunStore.write(dir, record, io.meshbench.analysis.AnalysisOptions.defaults().withPermutationSamples(200));
        String html = Files.readString(dir.resolve("report.html"));
        String json = Files.readString(dir.resolve("results.json"));

        RunRecord read = RunStore.read(dir);
        assertEquals(record, read);
        AnalysedRun again = RunStore.reanalyse(dir);
        assertEquals(ResultsJson.toJson(written, null), ResultsJson.toJson(again, null));
        assertEquals(written.comparisons(), again.comparisons());

        RunStore.render(dir);
        assertEquals(json, Files.readString(dir.resolve("results.json")));
        assertEquals(html, Files.readString(dir.resolve("report.html")));
    }

    @Test
    void optionsStoredWithTheRunAreUsedWhenReanalysing() {
        RunRecord record = SyntheticRun.record("opts", List.of(SyntheticRun.sidecar(1)), 1, 200);
        Path dir = results.resolve("opts");
        var options = io.meshbench.analysis.AnalysisOptions.defaults().withNodeMemoryBytes(64L << 30);
        AnalysedRun written = RunStore.write(dir, record, options);
        assertEquals(written.mode("sidecar").servicesPerNode(), RunStore.reanalyse(dir).mode("sidecar").servicesPerNode());
        assertTrue(Analysis.analyse(record).mode("sidecar").servicesPerNode() < written.mode("sidecar").servicesPerNode());
    }

    @Test
    void runsStoredBeforePerRepetitionStatisticsAreStillReadAndReanalysed() throws Exception {
        RunRecord record = SyntheticRun.record("old", List.of(SyntheticRun.sidecar(1), SyntheticRun.ambient(2)), 3, 60);
        Path dir = results.resolve("old");
        AnalysedRun written = RunStore.write(dir, record);
        // what an earlier version stored: other analysis knobs, no churn-probe histograms
        Path json = dir.resolve("results.json");
        var root = (com.fasterxml.jackson.databind.node.ObjectNode) ResultsJson.readTree(json);
        var old = ResultsJson.MAPPER.createObjectNode();
        old.put("nodeMemoryBytes", 16L << 30);
        old.put("bootstrapResamples", 1000);
        old.put("seed", 20261126L);
        old.put("maxTestSamples", 20000);
        old.put("minIntervals", 5);
        old.put("alpha", 0.05);
        root.set("analysis", old);
        for (JsonNode m : root.get("record").get("measurements")) {
            ((com.fasterxml.jackson.databind.node.ObjectNode) m.get("latency")).remove("churn_edges");
        }
        ResultsJson.MAPPER.writeValue(json.toFile(), root);

        AnalysedRun again = RunStore.render(dir);
        assertEquals(written.mode("sidecar").latency(), again.mode("sidecar").latency());
        assertEquals(null, again.mode("sidecar").handshake().p50(), "no probe stored: no handshake figure, not a guess");
        assertTrue(Files.readString(dir.resolve("report.html")).contains("Noise floor"));
        assertEquals(written.comparison("latency_us.p99", "sidecar", "ambient").pValue(),
                again.comparison("latency_us.p99", "sidecar", "ambient").pValue());
    }

    @Test
    void badStoredFilesGiveErrorsNamingTheFileAndField() throws Exception {
        Path dir = results.resolve("bad");
        RunStore.write(dir, SyntheticRun.record("bad", List.of(SyntheticRun.sidecar(1)), 1, 100));
        Path json = dir.resolve("results.json");
        String good = Files.readString(json);
        Files.writeString(json, good.replace("\"status\" : \"complete\"", "\"status\" : \"done\""));
        var status = assertThrows(IllegalArgumentException.class, () -> RunStore.read(dir));
        assertTrue(status.getMessage().contains("results.json") && status.getMessage().contains("'status'")
                && status.getMessage().contains("'done'") && status.getMessage().contains("incomplete"), status.getMessage());
        Files.writeString(json, good.replace("\"target\" : \"local\"", "\"target\" : \"moon\""));
        var target = assertThrows(IllegalArgumentException.class, () -> RunStore.read(dir));
        assertTrue(target.getMessage().contains("results.json") && target.getMessage().contains("'target'")
                && target.getMessage().contains("'moon'") && target.getMessage().contains("kubernetes"), target.getMessage());
        Files.writeString(json, good.replace("meshbench/v1", "meshbench/v0"));
        var e = assertThrows(IllegalArgumentException.class, () -> RunStore.read(dir));
        assertTrue(e.getMessage().contains("results.json") && e.getMessage().contains("'schema'")
                && e.getMessage().contains("meshbench/v0") && e.getMessage().contains("meshbench/v1"), e.getMessage());
        Files.writeString(json, "{ not json");
        e = assertThrows(IllegalArgumentException.class, () -> RunStore.read(dir));
        assertTrue(e.getMessage().contains("not valid JSON"), e.getMessage());
        var missing = assertThrows(IllegalArgumentException.class, () -> RunStore.runDirOf(results.resolve("nope")));
        assertTrue(missing.getMessage().contains("nope"), missing.getMessage());
        assertFalse(missing.getMessage().isBlank());
    }

    private static JsonNode find(JsonNode comparisons, String metric, String from, String to) {
        for (JsonNode c : comparisons) {
            if (c.get("metric").asText().equals(metric) && c.get("from").asText().equals(from) && c.get("to").asText().equals(to)) return c;
        }
        throw new AssertionError("no comparison " + metric + " " + from + "→" + to);
    }

    private static <T> List<T> iter(java.util.Iterator<T> it) {
        List<T> l = new ArrayList<>();
        it.forEachRemaining(l::add);
        return l;
    }
}
