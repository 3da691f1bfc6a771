package io.meshbench.analysis;

import io.meshbench.metrics.LatencyRecording;
import io.meshbench.metrics.RunRecord;
import org.HdrHistogram.Histogram;
import org.apache.commons.math3.random.Well19937c;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StatisticsTest {

    private static Comparison latency(AnalysedRun run, String metric) {
        Comparison c = run.comparison(metric, "sidecar", "ambient");
        assertNotNull(c, metric + " sidecar→ambient missing");
        return c;
    }

    @Test
    void twentyPercentLatencyShiftIsFoundSignificant() {
        RunRecord r = SyntheticRun.record("shift", List.of(SyntheticRun.sidecar(11).withMedian(1000),
                SyntheticRun.ambient(12).withMedian(1200)));
        AnalysedRun run = Analysis.analyse(r);
        for (String metric : List.of("latency_us.p50", "latency_us.p99")) {
            Comparison c = latency(run, metric);
            assertTrue(c.changePct() > 15 && c.changePct() < 25, metric + " change " + c.changePct());
            assertTrue(c.pValue() < 1e-6, metric + " p " + c.pValue());
            assertTrue(c.ci95().lo() > 0, metric + " CI " + c.ci95());
            assertTrue(c.ci95().contains(c.changePct()), metric + " CI " + c.ci95() + " should hold " + c.changePct());
            assertEquals(Boolean.TRUE, c.significant(), metric);
        }
    }

    @Test
    void samplesOfOneDistributionAreRarelySignificant() {
        // 10 independent pairs from the same distribution: a 5% test may flag one by chance, not more
        int significant = 0;
        for (int seed = 0; seed < 10; seed++) {
            RunRecord r = SyntheticRun.record("same" + seed, List.of(SyntheticRun.sidecar(100 + seed).withMedian(1000),
                    SyntheticRun.ambient(200 + seed).withMedian(1000)));
            Comparison c = latency(Analysis.analyse(r), "latency_us.p50");
            assertTrue(Math.abs(c.changePct()) < 3, "change " + c.changePct());
            if (Boolean.TRUE.equals(c.significant())) significant++;
        }
        assertTrue(significant <= 1, significant + " of 10 identical pairs were called significant");
    }

    @Test
    void percentilesComeFromTheMergedHistogram() {
        RunRecord r = SyntheticRun.record("p", List.of(SyntheticRun.sidecar(5)));
        ModeResult m = Analysis.analyse(r).mode("sidecar");
        Histogram merged = r.modes().get(0).serviceLatency().merged();
        assertEquals(merged.getValueAtPercentile(50), m.latency().p50());
        assertEquals(merged.getValueAtPercentile(99), m.latency().p99());
        assertEquals(merged.getValueAtPercentile(99.9), m.latency().p999());
        assertEquals(merged.getMaxValue(), m.latency().max());
        assertEquals((long) SyntheticRun.INTERVALS * SyntheticRun.CALLS_PER_INTERVAL, m.latency().count());
        // the true median of the generator (900 µs) lies in the bootstrap CI of p50
        assertTrue(m.latency().p50Ci95().contains(900), "CI " + m.latency().p50Ci95());
        assertTrue(m.latency().p99Ci95().contains(m.latency().p99()), "CI " + m.latency().p99Ci95());
        assertEquals(SyntheticRun.INTERVALS, m.timeline().size());
        assertEquals(1.0, m.timeline().get(1).seconds(), 1e-9);
    }

    @Test
    void resamplerReproducesHdrHistogramPercentilesExactly() {
        Well19937c rng = new Well19937c(3);
        List<Histogram> intervals = new ArrayList<>();
        Histogram all = LatencyRecording.newHistogram();
        for (int i = 0; i < 7; i++) {
            Histogram h = LatencyRecording.newHistogram();
            for (int k = 0; k < 999; k++) h.recordValue(1 + (long) Math.abs(rng.nextGaussian() * 5000));
            intervals.add(h);
            all.add(h);
        }
        IntervalResampler r = new IntervalResampler(intervals);
        for (double p : new double[]{0.1, 50, 90, 99, 99.9, 99.99, 100}) {
            assertEquals((double) all.getValueAtPercentile(p), r.percentile(r.all(), p), "p" + p);
        }
    }

    @Test
    void histogramSamplesKeepTheShapeAndRespectTheCap() {
        Histogram h = LatencyRecording.newHistogram();
        for (int v = 1; v <= 100_000; v++) h.recordValue(v);
        double[] s = HistogramSamples.of(h, 1000);
        assertEquals(1000, s.length);
        assertEquals(h.getValueAtPercentile(50), s[500], h.getValueAtPercentile(50) * 0.01);
        Histogram small = LatencyRecording.newHistogram();
        small.recordValueWithCount(10, 3);
        small.recordValueWithCount(20, 2);
        assertEquals(List.of(10.0, 10.0, 10.0, 20.0, 20.0), toList(HistogramSamples.of(small, 1000)));
    }

    @Test
    void saturatedAndFailedModesAreLeftOutWithTheReason() {
        RunRecord r = SyntheticRun.record("sat", List.of(SyntheticRun.baseline(1), SyntheticRun.sidecar(2).withAchieved(400),
                SyntheticRun.ambient(3).withFailure("ztunnel never became ready")));
        AnalysedRun run = Analysis.analyse(r);
        ModeResult sidecar = run.mode("sidecar");
        assertEquals("saturated", sidecar.status());
        assertTrue(sidecar.reason().contains("achieved 400.0 of 600.0"), sidecar.reason());
        assertEquals("failed", run.mode("ambient").status());
        assertEquals("ztunnel never became ready", run.mode("ambient").reason());
        assertNull(run.mode("ambient").latency().p99());
        Comparison c = run.comparison("latency_us.p99", "baseline", "sidecar");
        assertNull(c.changePct());
        assertTrue(c.note().contains("saturated"), c.note());
        assertTrue(run.warnings().stream().anyMatch(w -> w.startsWith("sidecar is saturated")), run.warnings().toString());
        assertTrue(run.warnings().stream().anyMatch(w -> w.startsWith("ambient is failed")), run.warnings().toString());
    }

    @Test
    void errorRatioAboveOnePercentSaturates() {
        var spec = SyntheticRun.sidecar(2);
        spec = new SyntheticRun.ModeSpec(spec.mode(), spec.medianMicros(), spec.sigma(), spec.extraFirstCallMicros(),
                spec.startupMedianMillis(), spec.meshMemoryMiB(), spec.meshCpuMcores(), spec.daemonMemoryMiB(),
                spec.offeredRps(), spec.achievedRps(), 1000, spec.tls(), null, 2);
        ModeResult m = Analysis.analyse(SyntheticRun.record("err", List.of(spec))).mode("sidecar");
        assertEquals("saturated", m.status());
        assertTrue(m.reason().contains("% of requests failed"), m.reason());
    }

    @Test
    void resourceFiguresAndServicesPerNode() {
        AnalysedRun run = Analysis.analyse(SyntheticRun.record("res", SyntheticRun.allModes()));
        ModeResult sidecar = run.mode("sidecar");
        ModeResult baseline = run.mode("baseline");
        var idle = sidecar.idle();
        long expected = (long) Math.floor((16.0 * 1024 * 1024 * 1024 - idle.meshDaemonMemoryPerNodeBytes())
                / (idle.workloadMemoryPerPodBytes() + idle.meshMemoryPerPodBytes()));
        assertEquals(expected, sidecar.servicesPerNode());
        assertEquals(16L * 1024 / 40, baseline.servicesPerNode()); // 16 GiB ÷ 40 MiB workload, no mesh
        assertEquals(0.0, baseline.memoryPerPodBytes());
        assertEquals(60 * SyntheticRun.MIB, sidecar.memoryPerPodBytes(), 60 * SyntheticRun.MIB * 0.05);
        Comparison mem = run.comparison("memory_per_pod_bytes", "baseline", "sidecar");
        assertNull(mem.changePct());
        assertEquals("no % change from a base of 0", mem.note());
        Comparison memSa = run.comparison("memory_per_pod_bytes", "sidecar", "ambient");
        assertTrue(memSa.changePct() < -90, "change " + memSa.changePct());
        assertNull(memSa.significant(), "one repetition has no variance");
        assertEquals(Analysis.COMPARED.size() * 6, run.comparisons().size()); // 4 modes → 6 pairs
    }

    @Test
    void handshakeIsFirstCallMinusEdgeMedianAndStartupUsesReadyPhase() {
        RunRecord r = SyntheticRun.record("hs", List.of(SyntheticRun.sidecar(9)));
        ModeResult m = Analysis.analyse(r).mode("sidecar");
        var lat = r.modes().get(0).serviceLatency();
        double[] expected = SyntheticRun.EDGES.stream()
                .mapToDouble(e -> lat.firstCallMicros().get(e) - lat.perEdge().get(e).getValueAtPercentile(50)).sorted().toArray();
        double[] got = m.handshakeMicros().clone();
        java.util.Arrays.sort(got);
        assertEquals(toList(expected), toList(got));
        assertEquals(SyntheticRun.EDGES.size(), m.handshake().count());
        double[] ready = r.modes().get(0).startups().stream().mapToDouble(p -> p.readyMillis()).sorted().toArray();
        assertEquals(ready[ready.length - 1], m.startup().max());
        assertEquals(Spread.nearestRank(ready, 50), m.startup().p50());
        assertNotNull(m.tlsHandshake());
        assertEquals(50, m.tlsHandshake().count());
    }

    @Test
    void repetitionsAreMergedAndGiveResourceVariance() {
        RunRecord r = SyntheticRun.record("reps", List.of(SyntheticRun.sidecar(1), SyntheticRun.ambient(2)), 3);
        AnalysedRun run = Analysis.analyse(r);
        ModeResult m = run.mode("sidecar");
        assertEquals(3, m.repetitions());
        assertEquals(3L * SyntheticRun.INTERVALS * SyntheticRun.CALLS_PER_INTERVAL, m.latency().count());
        assertEquals(3, m.memoryPerPodByRepetition().length);
        Comparison mem = run.comparison("memory_per_pod_bytes", "sidecar", "ambient");
        assertNotNull(mem.pValue());
        assertEquals(Boolean.TRUE, mem.significant());
        assertFalse(run.comparison("latency_us.p50", "sidecar", "ambient").ci95().contains(0));
    }

    @Test
    void analysisIsDeterministic() {
        RunRecord r = SyntheticRun.record("det", List.of(SyntheticRun.sidecar(1), SyntheticRun.ambient(2)));
        assertEquals(Analysis.analyse(r).comparisons(), Analysis.analyse(r).comparisons());
    }

    private static List<Double> toList(double[] a) {
        List<Double> l = new ArrayList<>();
        for (double v : a) l.add(v);
        return l;
    }
}
