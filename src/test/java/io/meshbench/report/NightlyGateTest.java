package io.meshbench.report;

import com.fasterxml.jackson.databind.JsonNode;
import io.meshbench.analysis.AnalysedRun;
import io.meshbench.analysis.GateResult;
import io.meshbench.analysis.SyntheticRun;
import io.meshbench.core.Target;
import io.meshbench.metrics.RunRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NightlyGateTest {

    @TempDir
    Path results;

    private Path store(String id, List<SyntheticRun.ModeSpec> modes) {
        return store(id, modes, 3);
    }

    private Path store(String id, List<SyntheticRun.ModeSpec> modes, int repetitions) {
        Path dir = results.resolve(id);
        RunStore.write(dir, SyntheticRun.record(id, modes, repetitions, 40));
        return dir;
    }

    @Test
    void regressionFailsTheGateAndIsWrittenToJunitResultsAndReport() throws Exception {
        Path base = store("base", List.of(SyntheticRun.sidecar(1), SyntheticRun.ambient(2)));
        RunRecord current = SyntheticRun.record("cur", List.of(SyntheticRun.sidecar(21), SyntheticRun.ambient(22).withMedian(900)), 3, 40);
        NightlyGate gate = NightlyGate.prepare(base.toString(), "latency_us.p99:+10%", current.topology(), current.target());
        Path dir = results.resolve("cur");
        AnalysedRun run = RunStore.write(dir, current);
        GateResult g = gate.apply(dir, run);
        assertFalse(g.passed(), g.table());
        assertEquals("ambient", g.failures().get(0).mode());

        String junit = Files.readString(dir.resolve(NightlyGate.JUNIT_FILE));
        assertTrue(junit.contains("<testsuite name=\"meshbench-gate\" tests=\"2\" failures=\"1\""), junit);
        assertTrue(junit.contains("classname=\"meshbench.gate.ambient\" name=\"latency_us.p99\""), junit);
        assertTrue(junit.contains("<failure type=\"regression\""), junit);

        JsonNode json = ResultsJson.readTree(dir.resolve("results.json"));
        assertFalse(json.get("gate").get("passed").asBoolean());
        assertEquals("base", json.get("gate").get("baseline_run_id").asText());
        assertEquals("fail", json.get("gate").get("rows").get(1).get("verdict").asText());
        assertTrue(Files.readString(dir.resolve("report.html")).contains("Regression gate FAILED"));
        // the stored run (with its gate section) still reads back, and re-renders to the same page
        assertEquals(current, RunStore.read(dir));
        String html = Files.readString(dir.resolve("report.html"));
        RunStore.render(dir);
        assertEquals(html, Files.readString(dir.resolve("report.html")));
    }

    @Test
    void sameSystemPassesAndResultsJsonPathWorksAsBaseline() {
        Path base = store("base", List.of(SyntheticRun.sidecar(1)));
        RunRecord current = SyntheticRun.record("cur", List.of(SyntheticRun.sidecar(9)), 3, 40);
        NightlyGate gate = NightlyGate.prepare(base.resolve("results.json").toString(), null, current.topology(), Target.LOCAL);
        assertEquals(NightlyGate.DEFAULT_THRESHOLDS, gate.thresholds().toString());
        Path dir = results.resolve("cur");
        assertTrue(gate.apply(dir, RunStore.write(dir, current)).passed());
    }

    @Test
    void oneRepetitionWarnsInTheGateJsonReportAndJunitAndStrictFails() throws Exception {
        Path base = store("base", List.of(SyntheticRun.sidecar(1)), 1);
        RunRecord current = SyntheticRun.record("cur", List.of(SyntheticRun.sidecar(21).withMedian(2000)), 1, 40);
        Path dir = results.resolve("cur");
        AnalysedRun run = RunStore.write(dir, current);
        GateResult g = NightlyGate.prepare(base.toString(), "latency_us.p99:+10%", current.topology(), current.target())
                .apply(dir, run);
        assertTrue(g.passed(), g.table());
        assertEquals(1, g.warnings().size());
        JsonNode row = ResultsJson.readTree(dir.resolve("results.json")).get("gate").get("rows").get(0);
        assertEquals("warn", row.get("verdict").asText());
        assertTrue(row.get("significant").isNull());
        assertTrue(row.get("why").asText().contains("not enough repetitions to judge (n = 1); use -Drepeat=5"), row.toString());
        assertTrue(Files.readString(dir.resolve("report.html")).contains("WARN"));
        assertTrue(Files.readString(dir.resolve(NightlyGate.JUNIT_FILE)).contains("failures=\"0\""));
        assertEquals(g, ResultsJson.readGate(dir));

        GateResult strict = NightlyGate.prepare(base.toString(), "latency_us.p99:+10%", current.topology(), current.target(), true)
                .apply(dir, run);
        assertFalse(strict.passed(), strict.table());
        Out tool = tool("compare", base.toString(), dir.toString(), "--fail-on=latency_us.p99:+10%", "--strict");
        assertEquals(Outcome.REGRESSION.exitStatus(), tool.exit, tool.out + tool.err);
        assertEquals(0, tool("compare", base.toString(), dir.toString(), "--fail-on=latency_us.p99:+10%").exit);
    }

    @Test
    void incompatibleBaselinesAreRefusedNamingTheField() throws Exception {
        Path base = store("base", List.of(SyntheticRun.sidecar(1)), 1);
        Map<String, Object> topology = new LinkedHashMap<>(SyntheticRun.record("x", List.of(SyntheticRun.sidecar(1)), 1, 10).topology());
        topology.put("services", 142);
        var e = assertThrows(IllegalArgumentException.class, () -> NightlyGate.prepare(base.toString(), "", topology, Target.LOCAL));
        assertTrue(e.getMessage().contains("'topology.services'") && e.getMessage().contains("142"), e.getMessage());

        var t = assertThrows(IllegalArgumentException.class, () -> NightlyGate.prepare(base.toString(), "", Map.of(), Target.KUBERNETES));
        assertTrue(t.getMessage().contains("'target'"), t.getMessage());

        var bad = assertThrows(IllegalArgumentException.class, () -> NightlyGate.prepare(base.toString(), "p99:+10%", Map.of(), Target.LOCAL));
        assertTrue(bad.getMessage().contains("unknown metric 'p99'"), bad.getMessage());

        Path json = base.resolve("results.json");
        Files.writeString(json, Files.readString(json).replace("\"meshbench/v1\"", "\"meshbench/v2\""));
        var s = assertThrows(IllegalArgumentException.class, () -> NightlyGate.prepare(base.toString(), "", Map.of(), Target.LOCAL));
        assertTrue(s.getMessage().contains("'schema'") && s.getMessage().contains("meshbench/v2"), s.getMessage());

        var none = assertThrows(IllegalArgumentException.class, () -> NightlyGate.prepare(results.resolve("missing").toString(), "", Map.of(), Target.LOCAL));
        assertTrue(none.getMessage().contains("missing"), none.getMessage());
    }

    @Test
    void reportToolRendersAndComparesStoredRuns() throws Exception {
        Path base = store("base", List.of(SyntheticRun.sidecar(1), SyntheticRun.ambient(2)));
        Path same = store("same", List.of(SyntheticRun.sidecar(11), SyntheticRun.ambient(12)));
        Path slower = store("slower", List.of(SyntheticRun.sidecar(11).withMedian(1200), SyntheticRun.ambient(12)));

        Files.delete(base.resolve("report.html"));
        assertEquals(0, tool("render", base.toString()).exit);
        assertTrue(Files.isRegularFile(base.resolve("report.html")));

        Out ok = tool("compare", base.toString(), same.toString());
        assertEquals(0, ok.exit, ok.out + ok.err);
        assertTrue(ok.out.contains("PASSED"), ok.out);

        Out fail = tool("compare", base.toString(), slower.toString(), "--fail-on=latency_us.p50:+10%");
        assertEquals(2, fail.exit, fail.out + fail.err);
        assertTrue(fail.out.contains("FAIL") && fail.out.contains("sidecar"), fail.out);

        Out bad = tool("compare", base.toString(), same.toString(), "--fail-on=latency_us.p99:10");
        assertEquals(64, bad.exit);
        assertTrue(bad.err.contains("latency_us.p99:10"), bad.err);
        assertEquals(64, tool("frobnicate").exit);

        assertEquals(0, tool("index", results.toString()).exit);
        String index = Files.readString(results.resolve("index.html"));
        assertTrue(index.contains("href=\"slower/report.html\"") && index.contains("data:image/png;base64,"), "index lacks runs or trends");
    }

    /**
     * A process-layout run against an embedded baseline (or the other way) would "regress" by the
     * layout alone; both the run's gate and the compare tool refuse the pair, naming the field and the fix.
     */
    @Test
    void aBaselineOfTheOtherDataPlaneLayoutIsRefusedNamingTheFieldAndTheFix() throws Exception {
        Path embedded = store("embedded", List.of(SyntheticRun.sidecar(1)));   // stored without the field: embedded
        Path process = store("process", List.of(SyntheticRun.sidecar(2)));
        Path json = process.resolve("results.json");
        String text = Files.readString(json);
        Files.writeString(json, text.replaceFirst("\"java\" *: *\"17.0.15\"", "\"java\" : \"17.0.15\", \"local_dataplane\" : \"process\""));
        assertEquals("process", NightlyGate.layoutOf(RunStore.read(process)));
        assertEquals("embedded", NightlyGate.layoutOf(RunStore.read(embedded)));
        RunRecord current = SyntheticRun.record("cur", List.of(SyntheticRun.sidecar(9)), 3, 40);

        var e = assertThrows(IllegalArgumentException.class,
                () -> NightlyGate.prepare(embedded.toString(), null, current.topology(), Target.LOCAL, "process", false));
        assertTrue(e.getMessage().contains("field 'environment.local_dataplane' is 'embedded' but this run's is 'process'")
                && e.getMessage().contains("-Dlocal.dataplane=embedded"), e.getMessage());
        NightlyGate.prepare(process.toString(), null, current.topology(), Target.LOCAL, "process", false);
        NightlyGate.prepare(embedded.toString(), null, current.topology(), Target.LOCAL, "embedded", false);

        Out tool = tool("compare", process.toString(), embedded.toString());
        assertEquals(64, tool.exit, tool.out + tool.err);
        assertTrue(tool.err.contains("'environment.local_dataplane' is 'process' but this run's is 'embedded'"), tool.err);
        assertEquals(0, tool("compare", embedded.toString(), embedded.toString()).exit);
    }

    private record Out(int exit, String out, String err) {
    }

    private static Out tool(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = ReportTool.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Out(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}
