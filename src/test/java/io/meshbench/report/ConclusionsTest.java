package io.meshbench.report;

import io.meshbench.analysis.AnalysedRun;
import io.meshbench.analysis.Analysis;
import io.meshbench.analysis.SyntheticRun;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The report's answer in words: it says what the comparisons say, and no more. */
class ConclusionsTest {

    private static AnalysedRun analyse(int repetitions) {
        return Analysis.analyse(SyntheticRun.record("words-" + repetitions,
                List.of(SyntheticRun.baseline(1), SyntheticRun.sidecar(2), SyntheticRun.ambient(3)), repetitions, 500));
    }

    @Test
    void oneRepetitionCannotJudgeMemoryAndSaysWhy() {
        AnalysedRun run = analyse(1);
        Conclusions c = Conclusions.of(run);
        assertEquals("sidecar → ambient", c.pairTitle(run));
        assertTrue(c.context().contains("emulated data planes"), c.context());
        String notJudged = String.join("\n", c.notJudged());
        assertTrue(notJudged.contains("Mesh memory per pod") && notJudged.contains("not judged"), notJudged);
        // one repetition per mode: even a large latency change is reported as not judged, with why
        assertTrue(notJudged.contains("p50 service-to-service latency") || notJudged.contains("latency"), notJudged);
        assertTrue(notJudged.contains("not enough repetitions to judge (n = 1)"), notJudged);
        assertTrue(c.findings().isEmpty(), c.findings().toString());
    }

    @Test
    void withRepetitionsMemoryIsJudgedAndEveryFindingMatchesItsComparison() {
        AnalysedRun run = analyse(3);
        Conclusions c = Conclusions.of(run);
        assertFalse(String.join("\n", c.notJudged()).contains("Mesh memory per pod"), c.notJudged().toString());
        boolean memorySignificant = Boolean.TRUE.equals(run.comparison("memory_per_pod_bytes", "sidecar", "ambient").significant());
        String where = memorySignificant ? String.join("\n", c.findings()) : String.join("\n", c.noDifference());
        assertTrue(where.contains("mesh memory per pod") || where.contains("Mesh memory per pod"), where);
        assertTrue(String.join("\n", c.findings()).contains("3 repetitions"), c.findings().toString());
        for (String f : c.findings()) assertTrue(f.contains("above") || f.contains("below"), f);
    }

    @Test
    void aSaturatedModeIsLeftOutWithItsReason() {
        AnalysedRun run = Analysis.analyse(SyntheticRun.record("words-sat",
                List.of(SyntheticRun.sidecar(2), SyntheticRun.ambient(3).withAchieved(300)), 1, 500));
        Conclusions c = Conclusions.of(run);
        assertEquals(1, c.excluded().size(), c.toString());
        assertTrue(c.excluded().get(0).startsWith("ambient was saturated"), c.excluded().toString());
        assertEquals(null, c.pairTitle(run));
        assertTrue(c.findings().isEmpty());
    }

    @Test
    void loadSaysTheRateWasScaledAndWhy() {
        var base = SyntheticRun.record("words-rate", List.of(SyntheticRun.sidecar(2), SyntheticRun.ambient(3)), 1, 500);
        var scenario = new java.util.LinkedHashMap<>(base.scenario());
        scenario.put("rate_per_service", 1.725674773016123);
        scenario.put("entry_rate_rps", 24.159);
        scenario.put("rate_scaled_from", 100.0);
        scenario.put("calibrated_capacity_entry_rps", java.util.Map.of("sidecar", 48, "ambient", 60));
        var record = new io.meshbench.metrics.RunRecord(base.runId(), base.startedAt(), base.finishedAt(), base.status(),
                base.target(), base.emulated(), base.environment(), base.topology(), scenario, base.modes(), base.warnings());
        String load = Conclusions.of(Analysis.analyse(record)).load();
        assertTrue(load.contains("1.73 requests per second per service"), load);
        assertTrue(load.contains("scaled down from the 100 asked") && load.contains("48 entry requests per second"), load);
        assertFalse(load.contains("1.7256"), load);

        // a run calibrated by the step test says the calibration's own reason
        scenario.put("rate_decision", "rate scaled down from 100 to 1.73 rps per service (24.2 entry rps): the highest rate"
                + " every mode carried in the step test (achieved ≥ 95% of offered). Pass -Drate= to insist.");
        var stepTested = new io.meshbench.metrics.RunRecord(base.runId(), base.startedAt(), base.finishedAt(), base.status(),
                base.target(), base.emulated(), base.environment(), base.topology(), scenario, base.modes(), base.warnings());
        String why = Conclusions.of(Analysis.analyse(stepTested)).load();
        assertTrue(why.contains("scaled down from the 100 asked: the highest rate every mode carried in the step test"), why);
        assertFalse(why.contains("half of that") || why.contains("Pass -Drate"), why);
    }

    @Test
    void anIntervalThatExcludesNoChangeButFailsHolmIsSaidToBeAHintNotAFinding() {
        io.meshbench.analysis.Comparison holmAdjustedAway = new io.meshbench.analysis.Comparison("handshake_us.p50", "sidecar",
                "ambient", 3, 3, 523.0, 1760.0, 236.6, new io.meshbench.analysis.Interval(95.6, 479.1), 0.009, 0.136, 0.1,
                "welch_t_log", 40.0, false, null);
        String said = Conclusions.adjustedAway(holmAdjustedAway);
        org.junit.jupiter.api.Assertions.assertTrue(said.contains("Holm") && said.contains("p = 0.14") && said.contains("not a finding"), said);

        io.meshbench.analysis.Comparison straddles = new io.meshbench.analysis.Comparison("latency_us.p99", "sidecar",
                "ambient", 3, 3, 39.6, 49.2, 24.3, new io.meshbench.analysis.Interval(-20.5, 94.4), 0.4, 1.0, 0.4,
                "welch_t_log", 40.0, false, null);
        org.junit.jupiter.api.Assertions.assertEquals("", Conclusions.adjustedAway(straddles));
    }
}
