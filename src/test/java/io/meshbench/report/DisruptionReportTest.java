package io.meshbench.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.meshbench.analysis.AnalysedRun;
import io.meshbench.analysis.Analysis;
import io.meshbench.analysis.AnalysisOptions;
import io.meshbench.analysis.DisruptionAnalysis;
import io.meshbench.analysis.DisruptionFigures;
import io.meshbench.analysis.DisruptionTimeline;
import io.meshbench.analysis.Gate;
import io.meshbench.analysis.GateResult;
import io.meshbench.analysis.GateRow;
import io.meshbench.analysis.Metric;
import io.meshbench.analysis.RunDisruption;
import io.meshbench.analysis.SecondPoint;
import io.meshbench.analysis.SyntheticRun;
import io.meshbench.analysis.Thresholds;
import io.meshbench.metrics.RunRecord;
import io.meshbench.platform.FaultAction;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DisruptionReportTest {

    /** 30 s at 100 rps; from the fault at 10 s, {@code badSeconds} seconds fail 20% at 4 ms p99. */
    private static DisruptionTimeline timeline(String mode, int rep, int badSeconds) {
        List<SecondPoint> points = new ArrayList<>();
        for (int s = 0; s < 30; s++) {
            boolean bad = s >= 10 && s < 10 + badSeconds;
            points.add(new SecondPoint(s, 100, bad ? 20 : 0, bad ? 4_000L : 1_000L));
        }
        return new DisruptionTimeline(mode, rep, 10, points,
                Map.of("cart", points, "db", points.stream().map(p -> new SecondPoint(p.second(), 10, 0, 900L)).toList()),
                1_000L, Map.of());
    }

    @Test
    void resultsJsonCarriesTheHeadlineMediansAndEachRepetition() throws Exception {
        List<DisruptionFigures> reps = List.of(
                DisruptionAnalysis.analyse(timeline("ambient", 1, 2), 1, false),
                DisruptionAnalysis.analyse(timeline("ambient", 2, 4), 1, false),
                DisruptionAnalysis.analyse(timeline("ambient", 3, 25), 1, false));
        Map<String, Object> json = DisruptionJson.mode("restart-dataplane", reps);
        assertEquals("restart-dataplane", json.get("scenario"));
        assertEquals(10.0, json.get("fault_at_s"));
        assertEquals(80L, json.get("failed_requests"), "medians of 40, 80 and 400 failed");
        assertEquals(1L, json.get("affected_services"), "cart, not db");
        assertNull(json.get("detect_s"));
        assertEquals(4.0, json.get("recover_s"), "2, 4 and never: the median is 4");
        assertEquals("2 of 3", json.get("recovered"));
        assertEquals(4_000L, json.get("p99_during_us"));
        List<?> perRep = (List<?>) json.get("repetitions");
        assertEquals(3, perRep.size());
        assertEquals(false, ((Map<?, ?>) perRep.get(2)).get("recovered"));
        assertEquals(List.of("cart"), ((Map<?, ?>) perRep.get(0)).get("affected"));
        String text = new ObjectMapper().writeValueAsString(json);
        assertTrue(text.contains("\"recover_s\":4.0"), text);

        Map<String, Object> mostlyDown = DisruptionJson.mode("restart-pod", List.of(reps.get(2), reps.get(2), reps.get(0)));
        assertNull(mostlyDown.get("recover_s"), "when most repetitions never recovered there is no median time");
    }

    /** A run of sidecar and ambient (3 repetitions each) whose ambient recovers after {@code ambientBad} seconds. */
    private static RunDisruption disruption(int ambientBad) {
        Map<String, List<DisruptionTimeline>> timelines = new LinkedHashMap<>();
        Map<String, List<DisruptionFigures>> figures = new LinkedHashMap<>();
        for (String mode : List.of("sidecar", "ambient")) {
            List<DisruptionTimeline> ts = new ArrayList<>();
            for (int rep = 1; rep <= 3; rep++) ts.add(timeline(mode, rep, (mode.equals("sidecar") ? 2 : ambientBad) + rep % 2));
            timelines.put(mode, ts);
            figures.put(mode, ts.stream().map(t -> DisruptionAnalysis.analyse(t, 1, false)).toList());
        }
        return new RunDisruption("restart-dataplane", "restart-dataplane", "cart", 1, timelines, figures, Map.of());
    }

    @Test
    void aStoredRunKeepsItsDisruptionFiguresSoTheGateJudgesThem(@TempDir Path dir) {
        RunRecord record = SyntheticRun.record("base", List.of(SyntheticRun.sidecar(2), SyntheticRun.ambient(3)), 3, 200);
        AnalysedRun baseline = RunStore.write(dir.resolve("base"), record, AnalysisOptions.defaults(), disruption(4));
        assertEquals(3, baseline.mode("ambient").n(Metric.DISRUPTION_RECOVER_S));
        assertNotNull(baseline.comparison("disruption.recover_s", "sidecar", "ambient"), "modes compared on it");
        AnalysedRun reread = RunStore.reanalyse(dir.resolve("base"));
        assertArrayEquals(baseline.mode("ambient").values(Metric.DISRUPTION_RECOVER_S),
                reread.mode("ambient").values(Metric.DISRUPTION_RECOVER_S), "read back from results.json");
        assertEquals("restart-dataplane", reread.disruption().kind());

        AnalysedRun slower = Analysis.analyse(SyntheticRun.record("cur", List.of(SyntheticRun.sidecar(2),
                SyntheticRun.ambient(3)), 3, 200)).withDisruption(disruption(8));
        GateResult gate = Gate.compare(slower, reread, Thresholds.parse("disruption.recover_s:+20%"));
        GateRow ambient = gate.rows().stream().filter(r -> r.mode().equals("ambient")).findFirst().orElseThrow();
        assertEquals("disruption.recover_s", ambient.metric());
        assertTrue(ambient.currentValue() > ambient.baselineValue(), ambient.toString());
        assertNotEquals(GateRow.Verdict.SKIPPED, ambient.verdict(), "judged from the stored figures: " + ambient);
    }

    @Test
    void aReRenderedStoredRunDrawsTheChartAndListsTheActionsAgain(@TempDir Path dir) throws Exception {
        RunDisruption measured = disruption(4);
        FaultAction rollout = new FaultAction("rollout", "cart", List.of(), List.of("pod cart-v2-0 v2"),
                Instant.parse("2026-01-01T00:00:10Z"), Instant.parse("2026-01-01T00:00:10.400Z"), 10.0, "v2 pod started",
                "weighted L7 canary");
        RunDisruption withActions = new RunDisruption(measured.scenario(), measured.kind(), measured.service(),
                measured.thresholdPct(), measured.timelines(), measured.figures(), Map.of("sidecar", List.of(rollout)));
        RunRecord record = SyntheticRun.record("stored", List.of(SyntheticRun.sidecar(2), SyntheticRun.ambient(3)), 3, 200);
        RunStore.write(dir.resolve("stored"), record, AnalysisOptions.defaults(), withActions);

        RunDisruption reread = RunStore.storedDisruption(dir.resolve("stored"));
        DisruptionTimeline original = measured.timelines().get("ambient").get(1);
        DisruptionTimeline stored = reread.timelines().get("ambient").get(1);
        assertEquals(original.total(), stored.total(), "every second of the whole traffic, as measured");
        assertEquals(original.faultAtS(), stored.faultAtS());
        FaultAction back = reread.actions().get("sidecar").get(0);
        assertEquals(List.of("pod cart-v2-0 v2"), back.added());
        assertEquals(400, back.timeToReady().toMillis());
        assertEquals(10.0, back.trafficSharePct());

        RunStore.render(dir.resolve("stored"));
        String html = java.nio.file.Files.readString(dir.resolve("stored").resolve(HtmlReport.FILE));
        assertTrue(html.contains("<img alt=\"error share and p99 per second around the fault\" src=\"data:image/png;base64,"),
                "the re-rendered report has the chart");
        assertTrue(!html.contains("No per-second data"), "not the empty placeholder");
        assertTrue(html.contains("added pod cart-v2-0 v2; ready after 400 ms; 10% of traffic"), "the actions again");
    }

    @Test
    void theSectionDrawsTheChartAndTheRecoveryTableSideBySideAndSaysWhatWasDone() {
        Map<String, List<DisruptionTimeline>> timelines = new LinkedHashMap<>();
        Map<String, List<DisruptionFigures>> figures = new LinkedHashMap<>();
        for (String mode : List.of("sidecar", "ambient")) {
            DisruptionTimeline t = timeline(mode, 1, mode.equals("sidecar") ? 3 : 25);
            timelines.put(mode, List.of(t));
            figures.put(mode, List.of(DisruptionAnalysis.analyse(t, 1, false)));
        }
        FaultAction killed = new FaultAction("restart-dataplane", "cart", List.of("istio-system/ztunnel-1"),
                List.of("istio-system/ztunnel-node-1-r1"), Instant.parse("2026-01-01T00:00:10Z"),
                Instant.parse("2026-01-01T00:00:11.250Z"), null, "ztunnel pod delete", "ztunnel serves every ambient pod <b>");
        String html = DisruptionSection.html("restart-dataplane", 1, timelines, figures, Map.of("ambient", List.of(killed)));
        assertTrue(html.contains("<img alt=\"error share and p99 per second around the fault\" src=\"data:image/png;base64,"),
                "the chart is embedded");
        assertTrue(html.contains("display:flex"), "chart and table side by side");
        assertTrue(html.contains("<td class=\"num\">3&nbsp;s</td>"), "sidecar recovered 3 s after the fault");
        assertTrue(html.contains("not recovered within the window"), html);
        assertTrue(html.contains("removed istio-system/ztunnel-1; added istio-system/ztunnel-node-1-r1; ready after 1250 ms"), html);
        assertTrue(html.contains("ztunnel serves every ambient pod &lt;b&gt;"), "notes are escaped");
        assertTrue(html.contains("docs/disruption.md"));
        assertNull(DisruptionSection.chart(1, Map.of(), Map.of()), "no data: no chart");
    }
}
