package io.meshbench.analysis;

import io.meshbench.metrics.LatencyRecording;
import io.meshbench.metrics.ModeMeasurement;
import io.meshbench.metrics.RunRecord;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StatisticsTest {

    private static Comparison comparison(AnalysedRun run, String metric) {
        Comparison c = run.comparison(metric, "sidecar", "ambient");
        assertNotNull(c, metric + " sidecar→ambient missing");
        return c;
    }

    @Test
    void twentyPercentLatencyShiftWithThreeRepetitionsIsSignificant() {
        RunRecord r = SyntheticRun.record("shift", List.of(SyntheticRun.sidecar(11).withMedian(1000),
                SyntheticRun.ambient(12).withMedian(1200)), 3, 500);
        AnalysedRun run = Analysis.analyse(r);
        for (String metric : List.of("latency_us.p50", "latency_us.p99")) {
            Comparison c = comparison(run, metric);
            assertEquals(3, c.nFrom());
            assertEquals(3, c.nTo());
            assertTrue(c.changePct() > 12 && c.changePct() < 28, metric + " change " + c.changePct());
            assertTrue(c.ci95().contains(c.changePct()) && c.ci95().lo() > 0, metric + " CI " + c.ci95());
            assertTrue(c.pAdjusted() >= c.pValue(), "Holm never lowers p");
            assertEquals(RepetitionStatistics.METHOD_LOG + "+holm", c.methodWithAdjustment());
            assertNotNull(c.pExact());
            assertTrue(c.pExact() >= 0.1 - 1e-12, "3 vs 3 permutation p cannot go below 0.1: " + c.pExact());
            assertEquals(Boolean.TRUE, c.significant(), metric + " " + c);
            assertNull(c.reason());
            assertTrue(c.noiseFloorPct() > 0 && c.noiseFloorPct() < c.changePct(), "noise floor " + c.noiseFloorPct());
        }
    }

    @Test
    void oneRepetitionShowsTheChangeButNoVerdict() {
        RunRecord r = SyntheticRun.record("one", List.of(SyntheticRun.sidecar(11).withMedian(1000),
                SyntheticRun.ambient(12).withMedian(1200)), 1, 500);
        Comparison c = comparison(Analysis.analyse(r), "latency_us.p99");
        assertTrue(c.changePct() > 10, "change " + c.changePct());
        assertNull(c.significant());
        assertNull(c.pValue());
        assertNull(c.pAdjusted());
        assertNull(c.ci95());
        assertEquals("not enough repetitions to judge (n = 1); use -Drepeat=5", c.reason());
    }

    @Test
    void everyFigureIsComputedPerRepetitionAndTheModeFigureIsTheirGeometricMean() {
        RunRecord r = SyntheticRun.record("reps", List.of(SyntheticRun.sidecar(1), SyntheticRun.ambient(2)), 3, 300);
        AnalysedRun run = Analysis.analyse(r);
        ModeResult m = run.mode("sidecar");
        List<ModeMeasurement> reps = r.modes().stream().filter(x -> x.mode().id().equals("sidecar")).toList();
        assertEquals(3, m.perRepetition().size());
        double logSum = 0;
        for (int i = 0; i < 3; i++) {
            ModeMeasurement rep = reps.get(i);
            RepetitionFigures f = m.perRepetition().get(i);
            assertEquals(rep.repetition(), f.repetition());
            LatencyRecording lat = rep.serviceLatency();
            Histogram merged = lat.merged();
            assertEquals((double) merged.getValueAtPercentile(99), f.get(Metric.LATENCY_P99));
            assertEquals((double) merged.getValueAtPercentile(50), f.get(Metric.LATENCY_P50));
            logSum += Math.log(f.get(Metric.LATENCY_P99));
            double[] ready = rep.startups().stream().mapToDouble(p -> p.readyMillis()).sorted().toArray();
            assertEquals(Spread.nearestRank(ready, 50), f.get(Metric.STARTUP_P50));
            double[] first = SyntheticRun.EDGES.stream().mapToDouble(e -> lat.firstCallMicros().get(e)
                    - lat.perEdge().get(e).getValueAtPercentile(50)).sorted().toArray();
            assertEquals(Spread.nearestRank(first, 50), f.get(Metric.FIRST_CALL_P50));
            Histogram fresh = LatencyRecording.newHistogram();
            Histogram reused = LatencyRecording.newHistogram();
            lat.newConnectionPerEdge().values().forEach(fresh::add);
            lat.reusedConnectionPerEdge().values().forEach(reused::add);
            assertEquals((double) (fresh.getValueAtPercentile(50) - reused.getValueAtPercentile(50)), f.get(Metric.HANDSHAKE_P50));
            assertEquals(rep.idle().meshMemoryPerPodBytes(), f.get(Metric.MEMORY_PER_POD));
            assertEquals(rep.achievedRps(), f.get(Metric.ACHIEVED_RPS));
        }
        assertEquals(Math.round(Math.exp(logSum / 3)), m.latency().p99());
        assertNotNull(m.latency().p99Ci95());
        assertTrue(m.latency().p99Ci95().contains(m.latency().p99()));
        // pods counted once per deployment: n is repetitions, not pods
        Comparison startup = comparison(run, "startup_ms.p50");
        assertEquals(3, startup.nFrom());
        // the churn probe's handshake sits near what the synthetic data plane charges a new connection
        double connect = SyntheticRun.connectMicros(SyntheticRun.sidecar(1));
        assertTrue(Math.abs(m.handshake().p50() - connect) < connect * 0.5, "handshake " + m.handshake().p50() + " vs " + connect);
        assertNotNull(m.noiseFloorPct().get("latency_us.p99"));
        assertEquals(3L * SyntheticRun.INTERVALS * 300, m.latency().count());
        assertEquals(m.pooledLatency().p99().longValue(), run.mode("sidecar").mergedLatency().getValueAtPercentile(99));
    }

    @Test
    void holmAdjustsStepDownAndLeavesMissingPValuesOut() {
        Double[] adjusted = Holm.adjust(new Double[]{0.01, 0.04, 0.03, null, 0.005});
        assertEquals(0.03, adjusted[0], 1e-12);
        assertEquals(0.06, adjusted[1], 1e-12);   // 0.04 × 1 = 0.04, but never below the previous 0.06
        assertEquals(0.06, adjusted[2], 1e-12);
        assertNull(adjusted[3]);
        assertEquals(0.02, adjusted[4], 1e-12);
        assertEquals(1.0, Holm.adjust(new double[]{0.5, 0.6})[0], 1e-12);
    }

    @Test
    void comparisonsOfARunAreAdjustedTogether() {
        RunRecord r = SyntheticRun.record("fam", List.of(SyntheticRun.baseline(1), SyntheticRun.sidecar(2), SyntheticRun.ambient(3)), 3, 200);
        AnalysedRun run = Analysis.analyse(r);
        List<Comparison> tested = run.comparisons().stream().filter(c -> c.pValue() != null).toList();
        assertTrue(tested.size() > 10, "tested " + tested.size());
        Double[] expected = Holm.adjust(tested.stream().map(Comparison::pValue).toArray(Double[]::new));
        for (int i = 0; i < tested.size(); i++) {
            assertEquals(expected[i], tested.get(i).pAdjusted(), 1e-12, tested.get(i).metric());
            assertEquals(tested.get(i).pAdjusted() < 0.05, tested.get(i).significant());
        }
    }

    @Test
    void saturatedAndFailedModesAreLeftOutWithTheReason() {
        RunRecord r = SyntheticRun.record("sat", List.of(SyntheticRun.baseline(1), SyntheticRun.sidecar(2).withAchieved(400),
                SyntheticRun.ambient(3).withFailure("ztunnel never became ready")), 1, 200);
        AnalysedRun run = Analysis.analyse(r);
        ModeResult sidecar = run.mode("sidecar");
        assertEquals(ModeStatus.SATURATED, sidecar.status());
        assertEquals("saturated", sidecar.status().id());
        assertTrue(sidecar.reason().contains("achieved 400.0 of 600.0"), sidecar.reason());
        assertEquals(ModeStatus.FAILED, run.mode("ambient").status());
        assertEquals("failed", run.mode("ambient").status().id());
        assertEquals("ztunnel never became ready", run.mode("ambient").reason());
        assertNull(run.mode("ambient").latency().p99());
        Comparison c = run.comparison("latency_us.p99", "baseline", "sidecar");
        assertNull(c.changePct());
        assertNull(c.significant());
        assertTrue(c.reason().contains("saturated"), c.reason());
        assertTrue(run.warnings().stream().anyMatch(w -> w.startsWith("sidecar is saturated")), run.warnings().toString());
        assertTrue(run.warnings().stream().anyMatch(w -> w.startsWith("ambient failed (ztunnel never became ready)")), run.warnings().toString());
    }

    @Test
    void errorRatioAboveOnePercentSaturates() {
        var spec = SyntheticRun.sidecar(2);
        spec = new SyntheticRun.ModeSpec(spec.mode(), spec.medianMicros(), spec.sigma(), spec.extraFirstCallMicros(),
                spec.startupMedianMillis(), spec.meshMemoryMiB(), spec.meshCpuMcores(), spec.daemonMemoryMiB(),
                spec.offeredRps(), spec.achievedRps(), 1000, spec.tls(), null, 2);
        ModeResult m = Analysis.analyse(SyntheticRun.record("err", List.of(spec), 1, 100)).mode("sidecar");
        assertEquals(ModeStatus.SATURATED, m.status());
        assertTrue(m.reason().contains("% of requests failed"), m.reason());
    }

    @Test
    void resourceFiguresAndServicesPerNode() {
        AnalysedRun run = Analysis.analyse(SyntheticRun.record("res", SyntheticRun.allModes(), 3, 100));
        ModeResult sidecar = run.mode("sidecar");
        ModeResult baseline = run.mode("baseline");
        for (RepetitionFigures f : sidecar.perRepetition()) {
            assertTrue(f.get(Metric.SERVICES_PER_NODE) == Math.floor(f.get(Metric.SERVICES_PER_NODE)));
        }
        assertEquals(16L * 1024 / 40, baseline.servicesPerNode()); // 16 GiB ÷ 40 MiB workload, no mesh
        assertEquals(0.0, baseline.memoryPerPodBytes());
        assertEquals(60 * SyntheticRun.MIB, sidecar.memoryPerPodBytes(), 60 * SyntheticRun.MIB * 0.05);
        Comparison mem = run.comparison("memory_per_pod_bytes", "baseline", "sidecar");
        assertNull(mem.changePct());
        assertEquals(RepetitionStatistics.METHOD_RAW, mem.method());   // zeros: no logarithm
        Comparison memSa = run.comparison("memory_per_pod_bytes", "sidecar", "ambient");
        assertTrue(memSa.changePct() < -90, "change " + memSa.changePct());
        assertEquals(Boolean.TRUE, memSa.significant());
        assertEquals(Analysis.COMPARED.size() * 6, run.comparisons().size()); // 4 modes → 6 pairs
    }

    /**
     * Ambient charges each pod its share of its node's ztunnel (the synthetic run: 24 pods on 3
     * nodes, a 12 MiB ztunnel per node, so 1.5 MiB per pod ±1 %), and the node's ztunnel is
     * subtracted from the node: counted once. 16 GiB node, 40 MiB workloads: (16384 − 12) ÷ 40 = 409;
     * charging the share again gave (16384 − 12) ÷ 41.5 = 394.
     */
    @Test
    void servicesPerNodeCountsANodesZtunnelOnce() {
        ModeResult ambient = Analysis.analyse(SyntheticRun.record("spn", List.of(SyntheticRun.ambient(4)), 1, 100))
                .mode("ambient");
        long spn = ambient.servicesPerNode();
        assertTrue(spn >= 408 && spn <= 409, "services per node " + spn);
        assertEquals(1.5 * SyntheticRun.MIB, ambient.memoryPerPodBytes(), 0.1 * SyntheticRun.MIB,
                "the per-pod figure still carries the ztunnel share");
    }

    @Test
    void startupUsesTheReadyPhaseAndTheDataPlanesHandshakesStayBeside() {
        RunRecord r = SyntheticRun.record("hs", List.of(SyntheticRun.sidecar(9)), 1, 100);
        ModeResult m = Analysis.analyse(r).mode("sidecar");
        double[] ready = r.modes().get(0).startups().stream().mapToDouble(p -> p.readyMillis()).sorted().toArray();
        assertEquals(ready[ready.length - 1], m.startup().max(), 1e-9);
        assertEquals(Spread.nearestRank(ready, 50), m.startup().p50(), 1e-9);
        assertEquals(SyntheticRun.EDGES.size(), m.firstCall().count());
        assertNotNull(m.tlsHandshake());
        assertEquals(50, m.tlsHandshake().count());
        assertNull(m.noiseFloorPct().get("latency_us.p99"), "one repetition: no spread to estimate a noise floor from");
    }

    @Test
    void analysisIsDeterministic() {
        RunRecord r = SyntheticRun.record("det", List.of(SyntheticRun.sidecar(1), SyntheticRun.ambient(2)), 3, 100);
        assertEquals(Analysis.analyse(r).comparisons(), Analysis.analyse(r).comparisons());
    }

    @Test
    void smallSampleStatisticsMatchTheirDefinitions() {
        // hand-computable: ln-values differ by ln(2) on average, spread known
        double[] a = {100, 110, 90};
        double[] b = {200, 220, 180};
        RepetitionStatistics.Result r = RepetitionStatistics.compare(a, b, 1000, Significance.rng(1, "t"));
        assertEquals(100.0, r.changePct(), 1e-9);   // every b is exactly 2 × its a
        assertEquals(Math.exp(Arrays.stream(a).map(Math::log).average().orElseThrow()), r.fromValue(), 1e-9);
        assertTrue(r.pValue() < 0.005, "p " + r.pValue());   // t ≈ 8.5 on 4 df
        assertEquals(0.1, r.pExact(), 1e-12);       // the most extreme of 20 splits, two-sided
        assertNull(r.reason());
        RepetitionStatistics.Result two = RepetitionStatistics.compare(new double[]{1, 2}, new double[]{3, 4}, 1000,
                Significance.rng(1, "t"));
        assertNull(two.pValue());
        assertNotNull(two.ci95(), "n = 2 still shows an interval, without a verdict");
        assertEquals(RepetitionStatistics.tooFewReason(2), two.reason());
        assertFalse(RepetitionStatistics.compare(new double[]{5, 5, 5}, new double[]{5, 5, 5}, 1000,
                Significance.rng(1, "t")).pValue() < 1);
    }
}
