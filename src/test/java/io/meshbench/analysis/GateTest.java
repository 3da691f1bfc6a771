package io.meshbench.analysis;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GateTest {

    private static final Thresholds THRESHOLDS = Thresholds.parse("latency_us.p99:+10%,memory_per_pod_bytes:+15%");

    private static AnalysedRun run(String id, List<SyntheticRun.ModeSpec> modes, int repetitions) {
        return Analysis.analyse(SyntheticRun.record(id, modes, repetitions, 300));
    }

    private static GateRow row(GateResult g, String mode, String metric) {
        return g.rows().stream().filter(r -> r.mode().equals(mode) && r.metric().equals(metric)).findFirst().orElseThrow();
    }

    @Test
    void aRerunOfTheSameSystemPasses() {
        AnalysedRun base = run("base", List.of(SyntheticRun.sidecar(1), SyntheticRun.ambient(2)), 3);
        AnalysedRun cur = run("cur", List.of(SyntheticRun.sidecar(31), SyntheticRun.ambient(32)), 3);
        GateResult g = Gate.compare(cur, base, THRESHOLDS);
        assertTrue(g.passed(), g.table());
        assertEquals(4, g.rows().size());
        assertTrue(g.rows().stream().allMatch(r -> r.verdict() == GateRow.Verdict.PASS), g.table());
        assertTrue(g.warnings().isEmpty());
    }

    @Test
    void aSignificantLatencyRegressionBeyondTheThresholdFails() {
        AnalysedRun base = run("base", List.of(SyntheticRun.sidecar(1), SyntheticRun.ambient(2)), 3);
        AnalysedRun cur = run("cur", List.of(SyntheticRun.sidecar(31), SyntheticRun.ambient(32).withMedian(600 * 1.3)), 3);
        GateResult g = Gate.compare(cur, base, THRESHOLDS);
        assertFalse(g.passed(), g.table());
        GateRow r = row(g, "ambient", "latency_us.p99");
        assertEquals(GateRow.Verdict.FAIL, r.verdict(), g.table());
        assertTrue(r.changePct() > 20, g.table());
        assertTrue(r.why().contains("significant"), r.why());
        assertEquals(3, r.nBaseline());
        assertEquals(3, r.nCurrent());
        assertTrue(r.pAdjusted() >= r.pValue());
        assertEquals(GateRow.Verdict.PASS, row(g, "sidecar", "latency_us.p99").verdict(), g.table());
        assertTrue(g.table().contains("FAILED"), g.table());
    }

    @Test
    void gateRowsAreHolmAdjustedTogether() {
        AnalysedRun base = run("base", List.of(SyntheticRun.sidecar(1), SyntheticRun.ambient(2)), 3);
        AnalysedRun cur = run("cur", List.of(SyntheticRun.sidecar(31), SyntheticRun.ambient(32).withMedian(700)), 3);
        GateResult g = Gate.compare(cur, base, THRESHOLDS);
        Double[] expected = Holm.adjust(g.rows().stream().map(GateRow::pValue).toArray(Double[]::new));
        for (int i = 0; i < expected.length; i++) assertEquals(expected[i], g.rows().get(i).pAdjusted());
    }

    @Test
    void aSignificantChangeWithinTheThresholdPasses() {
        AnalysedRun base = run("base", List.of(SyntheticRun.ambient(2)), 3);
        AnalysedRun cur = run("cur", List.of(SyntheticRun.ambient(32).withMedian(600 * 1.05)), 3);
        GateResult g = Gate.compare(cur, base, THRESHOLDS);
        GateRow r = row(g, "ambient", "latency_us.p99");
        assertEquals(GateRow.Verdict.PASS, r.verdict(), g.table());
        assertTrue(r.changePct() > 0 && r.changePct() < 10, g.table());
    }

    @Test
    void anImprovementNeverFails() {
        AnalysedRun base = run("base", List.of(SyntheticRun.ambient(2)), 3);
        AnalysedRun cur = run("cur", List.of(SyntheticRun.ambient(32).withMedian(400).withMemoryMiB(0.5)), 3);
        assertTrue(Gate.compare(cur, base, THRESHOLDS).passed());
    }

    @Test
    void tooFewRepetitionsWarnAndOnlyStrictFails() {
        AnalysedRun base = run("base", List.of(SyntheticRun.sidecar(1)), 1);
        AnalysedRun cur = run("cur", List.of(SyntheticRun.sidecar(1).withMemoryMiB(60 * 1.25).withMedian(2000)), 1);
        GateResult lenient = Gate.compare(cur, base, THRESHOLDS);
        assertTrue(lenient.passed(), lenient.table());
        GateRow r = row(lenient, "sidecar", "memory_per_pod_bytes");
        assertEquals(GateRow.Verdict.WARN, r.verdict(), lenient.table());
        assertNull(r.significant());
        assertTrue(r.why().contains("not enough repetitions to judge (n = 1); use -Drepeat=5"), r.why());
        assertTrue(r.changePct() > 20);
        assertEquals(2, lenient.warnings().size());
        assertTrue(lenient.table().contains("not judged"), lenient.table());

        GateResult strict = Gate.compare(cur, base, THRESHOLDS, true);
        assertFalse(strict.passed(), strict.table());
        assertEquals(GateRow.Verdict.FAIL, row(strict, "sidecar", "memory_per_pod_bytes").verdict());
        assertTrue(strict.table().contains("(strict)"));
    }

    @Test
    void saturatedModesAreSkippedWithTheReason() {
        AnalysedRun base = run("base", List.of(SyntheticRun.sidecar(1)), 1);
        AnalysedRun cur = run("cur", List.of(SyntheticRun.sidecar(5).withAchieved(100).withMedian(5000)), 1);
        GateResult g = Gate.compare(cur, base, THRESHOLDS, true);
        GateRow r = row(g, "sidecar", "latency_us.p99");
        assertEquals(GateRow.Verdict.SKIPPED, r.verdict());
        assertTrue(r.why().contains("current saturated"), r.why());
        assertTrue(g.passed());
    }

    @Test
    void servicesPerNodeRegressesWhenItFalls() {
        Thresholds t = Thresholds.parse("services_per_node:+10%");
        AnalysedRun base = run("base", List.of(SyntheticRun.sidecar(1)), 3);
        AnalysedRun cur = run("cur", List.of(SyntheticRun.sidecar(1).withMemoryMiB(120)), 3);
        GateRow r = row(Gate.compare(cur, base, t), "sidecar", "services_per_node");
        assertTrue(r.changePct() < -10, "change " + r.changePct());
        assertTrue(r.worsePct() > 10);
        assertEquals(GateRow.Verdict.FAIL, r.verdict());
    }
}
