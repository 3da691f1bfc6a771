package io.meshbench.analysis;

import io.meshbench.metrics.LatencyRecording;
import io.meshbench.metrics.ModeMeasurement;
import io.meshbench.metrics.PodStartup;
import io.meshbench.metrics.ResourceUsage;
import io.meshbench.metrics.RunRecord;
import io.meshbench.core.MeshMode;
import org.HdrHistogram.Histogram;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Turns a measured run into figures, confidence intervals and comparisons. Deterministic: the same
 * record and options give the same numbers (every bootstrap is seeded), which is what lets a stored
 * run be re-rendered.
 */
public final class Analysis {

    /** The figures compared between every pair of modes (the comparisons of docs/reports.md). */
    public static final List<Metric> COMPARED = List.of(Metric.LATENCY_P50, Metric.LATENCY_P99,
            Metric.MEMORY_PER_POD, Metric.CPU_IDLE_PER_POD, Metric.STARTUP_P50, Metric.HANDSHAKE_P50, Metric.SERVICES_PER_NODE);

    private final AnalysisOptions options;

    private Analysis(AnalysisOptions options) {
        this.options = options;
    }

    public static AnalysedRun analyse(RunRecord record) {
        return analyse(record, AnalysisOptions.defaults());
    }

    public static AnalysedRun analyse(RunRecord record, AnalysisOptions options) {
        return new Analysis(options).run(record);
    }

    private AnalysedRun run(RunRecord record) {
        Map<String, List<ModeMeasurement>> byMode = new LinkedHashMap<>();
        for (ModeMeasurement m : record.modes()) byMode.computeIfAbsent(m.mode().id(), k -> new ArrayList<>()).add(m);
        // report modes in the canonical order baseline, sidecar, ambient, waypoint
        Map<String, ModeResult> modes = new LinkedHashMap<>();
        for (MeshMode mode : MeshMode.values()) {
            List<ModeMeasurement> reps = byMode.get(mode.id());
            if (reps != null) modes.put(mode.id(), mode(record.runId(), mode.id(), reps));
        }
        List<String> warnings = new ArrayList<>(record.warnings());
        for (ModeResult m : modes.values()) {
            if (!m.ok()) {
                warnings.add(m.mode() + (m.status().equals(ModeResult.FAILED) ? " failed" : " is saturated") + " ("
                        + m.reason() + "): left out of the comparisons");
            }
            warnings.addAll(m.warnings());
        }
        return new AnalysedRun(record, options, modes, comparisons(modes), dedupe(warnings));
    }

    private List<Comparison> comparisons(Map<String, ModeResult> modes) {
        FigureComparator comparator = new FigureComparator(options);
        List<String> ids = new ArrayList<>(modes.keySet());
        List<Comparison> out = new ArrayList<>();
        for (int i = 0; i < ids.size(); i++) {
            for (int j = i + 1; j < ids.size(); j++) {
                ModeResult from = modes.get(ids.get(i));
                ModeResult to = modes.get(ids.get(j));
                for (Metric metric : COMPARED) {
                    if (!from.ok() || !to.ok()) {
                        ModeResult bad = from.ok() ? to : from;
                        out.add(new Comparison(metric.id(), from.mode(), to.mode(), null, null, null, null, null, null,
                                bad.mode() + " " + bad.status() + ": " + bad.reason()));
                    } else {
                        out.add(comparator.compare(metric, from, to, from.mode(), to.mode()));
                    }
                }
            }
        }
        return out;
    }

    private ModeResult mode(String runId, String id, List<ModeMeasurement> reps) {
        List<ModeMeasurement> ran = reps.stream().filter(r -> !r.failed()).toList();
        List<String> warnings = new ArrayList<>();
        for (ModeMeasurement r : reps) {
            if (r.failed() && ran.size() > 0) {
                warnings.add(id + " repetition " + r.repetition() + " failed (" + r.failure() + "); figures use the others");
            }
            r.warnings().forEach(w -> warnings.add(id + ": " + w));
        }
        String status = ModeResult.OK;
        String reason = null;
        if (ran.isEmpty()) {
            status = ModeResult.FAILED;
            reason = String.join("; ", new LinkedHashSet<>(reps.stream().map(ModeMeasurement::failure).toList()));
        }

        Double offered = ran.isEmpty() ? null : ran.stream().mapToDouble(ModeMeasurement::offeredRps).average().orElse(0);
        Double achieved = ran.isEmpty() ? null : ran.stream().mapToDouble(ModeMeasurement::achievedRps).average().orElse(0);
        long requests = ran.stream().mapToLong(ModeMeasurement::requests).sum();
        long errors = ran.stream().mapToLong(ModeMeasurement::errors).sum();
        Double errorRatio = requests > 0 ? (double) errors / requests : null;
        if (status.equals(ModeResult.OK)) {
            reason = saturation(ran);
            if (reason != null) status = ModeResult.SATURATED;
        }

        Histogram merged = LatencyRecording.newHistogram();
        List<Histogram> intervals = new ArrayList<>();
        List<TimelinePoint> timeline = new ArrayList<>();
        List<Double> startups = new ArrayList<>();
        List<Double> handshakes = new ArrayList<>();
        Histogram tls = null;
        Histogram entry = null;
        Map<String, Double> counters = new TreeMap<>();
        LinkedHashSet<String> missing = new LinkedHashSet<>();
        for (ModeMeasurement r : ran) {
            LatencyRecording lat = r.serviceLatency();
            if (lat != null) {
                lat.perEdge().values().forEach(merged::add);
                intervals.addAll(lat.intervals());
                timeline.addAll(timeline(r, lat.intervals()));
                handshakes.addAll(handshakes(lat));
            }
            for (PodStartup p : r.startups()) {
                double ms = p.readyMillis();
                if (Double.isFinite(ms)) startups.add(ms);
            }
            if (r.dataPlane() != null) {
                if (r.dataPlane().tlsHandshakeMicros() != null) {
                    if (tls == null) tls = LatencyRecording.newHistogram();
                    tls.add(r.dataPlane().tlsHandshakeMicros());
                }
                r.dataPlane().counterDeltas().forEach((k, v) -> counters.merge(k, v, Double::sum));
                missing.addAll(r.dataPlane().missingMetrics());
            }
            if (r.entryLatencyMillis() != null) {
                if (entry == null) entry = r.entryLatencyMillis().copy();
                else entry.add(r.entryLatencyMillis());
            }
        }
        if (!missing.isEmpty()) warnings.add(id + ": metrics not found on the data plane: " + String.join(", ", missing));

        ResourceUsage idle = meanUsage(ran.stream().map(ModeMeasurement::idle).toList());
        ResourceUsage load = meanUsage(ran.stream().map(ModeMeasurement::load).toList());
        double[] memByRep = ran.stream().map(ModeMeasurement::idle).filter(u -> u != null && Double.isFinite(u.meshMemoryPerPodBytes()))
                .mapToDouble(ResourceUsage::meshMemoryPerPodBytes).toArray();
        double[] cpuByRep = ran.stream().map(ModeMeasurement::idle).filter(u -> u != null && Double.isFinite(u.meshCpuPerPodMillicores()))
                .mapToDouble(ResourceUsage::meshCpuPerPodMillicores).toArray();
        Double memory = idle == null || !Double.isFinite(idle.meshMemoryPerPodBytes()) ? null : idle.meshMemoryPerPodBytes();
        Double cpu = idle == null || !Double.isFinite(idle.meshCpuPerPodMillicores()) ? null : idle.meshCpuPerPodMillicores();

        LatencyBootstrap boot = merged.getTotalCount() == 0 ? null : bootstrap(intervals, runId, id);
        return new ModeResult(id, status, reason, reps.size(), offered, achieved, requests, errors, errorRatio,
                latency(merged, intervals.size(), boot), merged, List.copyOf(intervals), boot, timeline,
                Spread.of(toArray(startups)), toArray(startups), Spread.of(toArray(handshakes)), toArray(handshakes),
                tls == null ? null : Spread.of(tls), memory, cpu, servicesPerNode(idle != null ? idle : load),
                memByRep, cpuByRep, idle, load, counters, List.copyOf(missing), entry, warnings);
    }

    /** The saturation rule (docs/definitions.md), checked per repetition; null when none is saturated. */
    private String saturation(List<ModeMeasurement> ran) {
        List<String> reasons = new ArrayList<>();
        for (ModeMeasurement r : ran) {
            String rep = ran.size() > 1 ? " in repetition " + r.repetition() : "";
            if (r.offeredRps() > 0 && r.achievedRps() < options.minAchievedRatio() * r.offeredRps()) {
                reasons.add(String.format(Locale.ROOT, "achieved %.1f of %.1f offered rps (%.1f%% < %.0f%%)%s", r.achievedRps(),
                        r.offeredRps(), 100 * r.achievedRps() / r.offeredRps(), 100 * options.minAchievedRatio(), rep));
            }
            if (r.requests() > 0 && (double) r.errors() / r.requests() > options.maxErrorRatio()) {
                reasons.add(String.format(Locale.ROOT, "%.2f%% of requests failed (> %.0f%%)%s", 100.0 * r.errors() / r.requests(),
                        100 * options.maxErrorRatio(), rep));
            }
        }
        return reasons.isEmpty() ? null : String.join("; ", reasons);
    }

    private LatencyBootstrap bootstrap(List<Histogram> intervals, String runId, String mode) {
        IntervalResampler resampler = new IntervalResampler(intervals);
        if (resampler.intervals() < options.minIntervals()) return null;
        return LatencyBootstrap.draw(resampler, options.bootstrapResamples(),
                Significance.rng(options.seed(), "latency/" + runId + "/" + mode));
    }

    private LatencyFigures latency(Histogram merged, int intervals, LatencyBootstrap boot) {
        if (merged.getTotalCount() == 0) {
            return new LatencyFigures(null, null, null, null, null, null, 0, null, null, "no calls recorded");
        }
        String note = boot != null ? null
                : intervals + " interval histograms (fewer than " + options.minIntervals() + "): no CI";
        return new LatencyFigures(merged.getValueAtPercentile(50), merged.getValueAtPercentile(90),
                merged.getValueAtPercentile(99), merged.getValueAtPercentile(99.9), merged.getValueAtPercentile(99.99),
                merged.getMaxValue(), merged.getTotalCount(), boot == null ? null : boot.interval(50),
                boot == null ? null : boot.interval(99), note);
    }

    private static List<TimelinePoint> timeline(ModeMeasurement r, List<Histogram> intervals) {
        List<TimelinePoint> out = new ArrayList<>();
        double window = r.windowStart() != null && r.windowEnd() != null
                ? Duration.between(r.windowStart(), r.windowEnd()).toMillis() / 1000.0 : intervals.size();
        for (int i = 0; i < intervals.size(); i++) {
            Histogram h = intervals.get(i);
            double t = i * window / Math.max(1, intervals.size());
            if (h.getStartTimeStamp() > 0 && r.windowStart() != null) {
                double fromStart = (h.getStartTimeStamp() - r.windowStart().toEpochMilli()) / 1000.0;
                if (fromStart >= -1 && fromStart <= window + 1) t = fromStart;
            }
            boolean any = h.getTotalCount() > 0;
            out.add(new TimelinePoint(r.repetition(), t, h.getTotalCount(),
                    any ? h.getValueAtPercentile(50) : null, any ? h.getValueAtPercentile(99) : null));
        }
        return out;
    }

    /** Handshake (docs/definitions.md): first call on an edge minus that edge's steady-state p50, one value per edge. */
    private static List<Double> handshakes(LatencyRecording lat) {
        List<Double> out = new ArrayList<>();
        lat.firstCallMicros().forEach((edge, first) -> {
            Histogram steady = lat.perEdge().get(edge);
            if (first != null && steady != null && steady.getTotalCount() > 0) {
                out.add((double) (first - steady.getValueAtPercentile(50)));
            }
        });
        return out;
    }

    private Long servicesPerNode(ResourceUsage u) {
        if (u == null) return null;
        double workload = options.assumedWorkloadMemoryBytes() > 0
                ? options.assumedWorkloadMemoryBytes() : u.workloadMemoryPerPodBytes();
        double perPod = workload + u.meshMemoryPerPodBytes();
        double free = options.nodeMemoryBytes() - u.meshDaemonMemoryPerNodeBytes();
        if (!Double.isFinite(perPod) || !Double.isFinite(free) || perPod <= 0) return null;
        return (long) Math.max(0, Math.floor(free / perPod));
    }

    /** Field-by-field mean of the repetitions' usages; null when none was measured. */
    static ResourceUsage meanUsage(List<ResourceUsage> usages) {
        List<ResourceUsage> present = usages.stream().filter(u -> u != null).toList();
        if (present.isEmpty()) return null;
        if (present.size() == 1) return present.get(0);
        ResourceUsage f = present.get(0);
        return new ResourceUsage(mean(present, ResourceUsage::windowSeconds), f.pods(), f.nodes(),
                mean(present, ResourceUsage::meshMemoryPerPodBytes), mean(present, ResourceUsage::meshCpuPerPodMillicores),
                mean(present, ResourceUsage::workloadMemoryPerPodBytes), mean(present, ResourceUsage::workloadCpuPerPodMillicores),
                mean(present, ResourceUsage::meshDaemonMemoryPerNodeBytes), f.method());
    }

    private static double mean(List<ResourceUsage> us, java.util.function.ToDoubleFunction<ResourceUsage> f) {
        return us.stream().mapToDouble(f).average().orElse(Double.NaN);
    }

    private static double[] toArray(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).toArray();
    }

    private static List<String> dedupe(List<String> warnings) {
        return List.copyOf(new LinkedHashSet<>(warnings));
    }
}
