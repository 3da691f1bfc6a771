package io.meshbench.analysis;

import io.meshbench.metrics.DataPlaneSummary;
import io.meshbench.metrics.LatencyRecording;
import io.meshbench.metrics.ModeMeasurement;
import io.meshbench.metrics.PodStartup;
import io.meshbench.metrics.ResourceUsage;
import io.meshbench.metrics.RunRecord;
import io.meshbench.metrics.RunStatus;
import io.meshbench.core.Target;
import io.meshbench.core.MeshMode;
import org.HdrHistogram.Histogram;
import org.apache.commons.math3.random.RandomGenerator;
import org.apache.commons.math3.random.Well19937c;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds RunRecords for tests from real HdrHistograms filled with generated values: log-normal call
 * latencies (median and spread per mode), per-interval histograms with timestamps, per-edge
 * histograms, first calls, pod startups and resource figures. Everything is seeded.
 */
public final class SyntheticRun {

    public static final double MIB = 1024.0 * 1024;

    /** How one mode behaves. */
    public record ModeSpec(MeshMode mode, double medianMicros, double sigma, double extraFirstCallMicros,
                           double startupMedianMillis, double meshMemoryMiB, double meshCpuMcores,
                           double daemonMemoryMiB, double offeredRps, double achievedRps, long errors,
                           boolean tls, String failure, long seed) {

        public ModeSpec withMedian(double median) {
            return new ModeSpec(mode, median, sigma, extraFirstCallMicros, startupMedianMillis, meshMemoryMiB, meshCpuMcores,
                    daemonMemoryMiB, offeredRps, achievedRps, errors, tls, failure, seed);
        }

        public ModeSpec withSeed(long s) {
            return new ModeSpec(mode, medianMicros, sigma, extraFirstCallMicros, startupMedianMillis, meshMemoryMiB,
                    meshCpuMcores, daemonMemoryMiB, offeredRps, achievedRps, errors, tls, failure, s);
        }

        public ModeSpec withMemoryMiB(double mib) {
            return new ModeSpec(mode, medianMicros, sigma, extraFirstCallMicros, startupMedianMillis, mib, meshCpuMcores,
                    daemonMemoryMiB, offeredRps, achievedRps, errors, tls, failure, seed);
        }

        public ModeSpec withAchieved(double achieved) {
            return new ModeSpec(mode, medianMicros, sigma, extraFirstCallMicros, startupMedianMillis, meshMemoryMiB,
                    meshCpuMcores, daemonMemoryMiB, offeredRps, achieved, errors, tls, failure, seed);
        }

        public ModeSpec withFailure(String why) {
            return new ModeSpec(mode, medianMicros, sigma, extraFirstCallMicros, startupMedianMillis, meshMemoryMiB,
                    meshCpuMcores, daemonMemoryMiB, offeredRps, achievedRps, errors, tls, why, seed);
        }
    }

    public static final List<String> EDGES = List.of("frontend->cart", "frontend->catalog", "cart->cart-db",
            "catalog->catalog-db", "checkout->payment", "checkout->cart");
    public static final int PODS = 24;
    public static final int INTERVALS = 30;
    public static final int CALLS_PER_INTERVAL = 2000;
    /** Log-scale spread of latency between deployments (repetitions) of the same mode. */
    public static final double DEPLOYMENT_SIGMA = 0.02;
    /** Share of calls the churn probe puts on a new connection, and what that costs (µs). */
    public static final double CHURN_SHARE = 0.02;

    public static ModeSpec baseline(long seed) {
        return new ModeSpec(MeshMode.BASELINE, 400, 0.5, 150, 300, 0, 0, 0, 600, 598, 0, false, null, seed);
    }

    public static ModeSpec sidecar(long seed) {
        return new ModeSpec(MeshMode.SIDECAR, 900, 0.5, 2500, 900, 60, 20, 0, 600, 597, 1, true, null, seed);
    }

    public static ModeSpec ambient(long seed) {
        return new ModeSpec(MeshMode.AMBIENT, 600, 0.5, 1200, 450, 12.0 / 8, 6.0 / 8, 12, 600, 599, 0, true, null, seed);
    }

    public static ModeSpec waypoint(long seed) {
        return new ModeSpec(MeshMode.WAYPOINT, 800, 0.5, 1300, 460, 3, 1.5, 12, 600, 598, 0, true, null, seed);
    }

    public static List<ModeSpec> allModes() {
        return List.of(baseline(1), sidecar(2), ambient(3), waypoint(4));
    }

    public static RunRecord record(String runId, List<ModeSpec> specs) {
        return record(runId, specs, 1);
    }

    /** One measurement per mode and repetition, interleaved (A B C A B C) as a real run would be. */
    public static RunRecord record(String runId, List<ModeSpec> specs, int repetitions) {
        return record(runId, specs, repetitions, CALLS_PER_INTERVAL);
    }

    /** Fewer calls per interval keep report and browser tests quick; statistics tests use the default. */
    public static RunRecord record(String runId, List<ModeSpec> specs, int repetitions, int callsPerInterval) {
        Instant start = Instant.parse("2026-11-26T22:00:00Z");
        List<ModeMeasurement> ms = new ArrayList<>();
        Instant t = start;
        for (int rep = 1; rep <= repetitions; rep++) {
            for (ModeSpec s : specs) {
                ms.add(measurement(s, rep, t, callsPerInterval));
                t = t.plusSeconds(60);
            }
        }
        Map<String, Object> environment = new LinkedHashMap<>();
        environment.put("java", "17.0.15");
        environment.put("cores", 2);
        environment.put("node_memory_bytes", 16L * 1024 * 1024 * 1024);
        environment.put("injector_cpu_mcores", 850.0);
        Map<String, Object> topology = new LinkedHashMap<>();
        topology.put("name", "shop-6");
        topology.put("services", 6);
        topology.put("edges", EDGES.size());
        topology.put("entrypoints", 1);
        topology.put("pods", PODS);
        Map<String, Object> scenario = new LinkedHashMap<>();
        scenario.put("name", "ci");
        scenario.put("rate_per_service", 100);
        scenario.put("warmup_s", 5);
        scenario.put("duration_s", INTERVALS);
        scenario.put("repeat", repetitions);
        return new RunRecord(runId, start, t, RunStatus.COMPLETE, Target.LOCAL, true, environment, topology, scenario, ms,
                List.of("rate scaled down from 600 to 600 rps (test)"));
    }

    /** What a new connection adds to a call in this mode: a fifth of its first-call excess. */
    public static double connectMicros(ModeSpec s) {
        return s.extraFirstCallMicros() / 5;
    }

    static ModeMeasurement measurement(ModeSpec s, int rep, Instant windowStart, int callsPerInterval) {
        if (s.failure() != null) {
            return ModeMeasurement.failed(s.mode(), rep, s.failure(), List.of(), null);
        }
        RandomGenerator rng = new Well19937c(s.seed() * 7919 + rep);
        // each repetition is a fresh deployment: it shifts the whole latency distribution a little
        double mu = Math.log(s.medianMicros()) + DEPLOYMENT_SIGMA * rng.nextGaussian();
        Map<String, Histogram> perEdge = new LinkedHashMap<>();
        for (String e : EDGES) perEdge.put(e, LatencyRecording.newHistogram());
        List<Histogram> intervals = new ArrayList<>();
        Map<String, Histogram> fresh = new LinkedHashMap<>();
        Map<String, Histogram> reused = new LinkedHashMap<>();
        long t0 = windowStart.toEpochMilli();
        for (int i = 0; i < INTERVALS; i++) {
            Histogram interval = LatencyRecording.newHistogram();
            interval.setStartTimeStamp(t0 + i * 1000L);
            interval.setEndTimeStamp(t0 + (i + 1) * 1000L);
            for (int c = 0; c < callsPerInterval; c++) {
                long v = Math.max(1, Math.round(Math.exp(mu + s.sigma() * rng.nextGaussian())));
                String edge = EDGES.get(rng.nextInt(EDGES.size()));
                if (rng.nextDouble() < CHURN_SHARE) {
                    v += Math.round(connectMicros(s) * (0.8 + 0.4 * rng.nextDouble()));
                    fresh.computeIfAbsent(edge, e -> LatencyRecording.newHistogram()).recordValue(v);
                } else {
                    reused.computeIfAbsent(edge, e -> LatencyRecording.newHistogram()).recordValue(v);
                }
                interval.recordValue(v);
                perEdge.get(edge).recordValue(v);
            }
            intervals.add(interval);
        }
        Map<String, Long> first = new LinkedHashMap<>();
        for (String e : EDGES) {
            first.put(e, perEdge.get(e).getValueAtPercentile(50) + Math.round(s.extraFirstCallMicros() * (0.8 + 0.4 * rng.nextDouble())));
        }
        List<PodStartup> startups = new ArrayList<>();
        for (int p = 0; p < PODS; p++) {
            double ready = s.startupMedianMillis() * Math.exp(0.2 * rng.nextGaussian());
            Map<String, Double> phases = new LinkedHashMap<>();
            phases.put("listening", ready * 0.4);
            phases.put("proxy-ready", ready * 0.8);
            phases.put("ready", ready);
            startups.add(new PodStartup("svc" + p % 6 + "-" + p, "svc" + p % 6, "node-" + p % 3,
                    windowStart.minusSeconds(30), phases));
        }
        double mem = s.meshMemoryMiB() * MIB * (1 + 0.01 * rng.nextGaussian());
        String method = s.mode().meshed() ? "emulated proxy: JVM heap of the pod's proxy threads, sampled every 1 s"
                : "no data plane (baseline)";
        ResourceUsage idle = new ResourceUsage(10, PODS, 3, s.mode().meshed() ? mem : 0, s.meshCpuMcores() / 4,
                40 * MIB, 2, s.daemonMemoryMiB() * MIB, method);
        ResourceUsage load = new ResourceUsage(INTERVALS, PODS, 3, s.mode().meshed() ? mem * 1.3 : 0, s.meshCpuMcores(),
                44 * MIB, 30, s.daemonMemoryMiB() * MIB * 1.2, method);
        Histogram tls = null;
        if (s.tls()) {
            tls = LatencyRecording.newHistogram();
            for (int i = 0; i < 50; i++) tls.recordValue(Math.round(800 * Math.exp(0.3 * rng.nextGaussian())));
        }
        Map<String, Double> counters = s.mode().meshed()
                ? Map.of("istio_tcp_connections_opened_total", 40.0, "istio_tcp_sent_bytes_total", 1.2e7) : Map.of();
        DataPlaneSummary dp = new DataPlaneSummary(counters, tls, s.mode() == MeshMode.AMBIENT ? List.of("istio_requests_total") : List.of());
        Histogram entry = new Histogram(1, 60_000, 3);
        for (int i = 0; i < 500; i++) entry.recordValue(1 + rng.nextInt(5));
        long requests = Math.round(s.achievedRps() * INTERVALS);
        return ModeMeasurement.window(s.mode(), rep)
                .window(windowStart, windowStart.plusSeconds(INTERVALS))
                .rates(s.offeredRps(), s.achievedRps())
                .counts(requests, s.errors(), 3)
                .latency(new LatencyRecording(perEdge, intervals, first, fresh, reused), entry)
                .deployment(startups, idle)
                .load(load, dp)
                .build();
    }
}
