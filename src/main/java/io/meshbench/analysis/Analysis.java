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
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Turns a measured run into figures, confidence intervals and comparisons. Deterministic: the same
 * record and options give the same numbers (every random draw is seeded), which is what lets a stored
 * run be re-rendered.
 */
public final class Analysis {

    /** The figures compared between every pair of modes (the comparisons of docs/reports.md). */
    public static final List<Metric> COMPARED = List.of(Metric.LATENCY_P50, Metric.LATENCY_P99,
            Metric.MEMORY_PER_POD, Metric.CPU_IDLE_PER_POD, Metric.STARTUP_P50, Metric.HANDSHAKE_P50,
            Metric.FIRST_CALL_P50, Metric.SERVICES_PER_NODE);

    /** Figures whose noise floor a mode reports: every per-repetition metric. */
    static final List<Metric> PER_REPETITION = List.of(Metric.values());

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
                warnings.add(m.mode() + (m.status() == ModeStatus.FAILED ? " failed" : " is saturated") + " ("
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
                        out.add(Comparison.notMade(metric.id(), from.mode(), to.mode(),
                                bad.mode() + " " + bad.status().id() + ": " + bad.reason()));
                    } else {
                        out.add(comparator.compare(metric, from, to, from.mode(), to.mode()));
                    }
                }
            }
        }
        return adjustAcross(out, options.alpha());
    }

    /** Holm across a family of comparisons: each gets its adjusted p and the verdict that follows. */
    public static List<Comparison> adjustAcross(List<Comparison> family, double alpha) {
        Double[] adjusted = Holm.adjust(family.stream().map(Comparison::pValue).toArray(Double[]::new));
        List<Comparison> out = new ArrayList<>(family.size());
        for (int i = 0; i < family.size(); i++) out.add(family.get(i).adjusted(adjusted[i], alpha));
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
        ModeStatus status = ModeStatus.OK;
        String reason = null;
        if (ran.isEmpty()) {
            status = ModeStatus.FAILED;
            reason = String.join("; ", new LinkedHashSet<>(reps.stream().map(ModeMeasurement::failure).toList()));
        }

        Double offered = ran.isEmpty() ? null : ran.stream().mapToDouble(ModeMeasurement::offeredRps).average().orElse(0);
        Double achieved = ran.isEmpty() ? null : ran.stream().mapToDouble(ModeMeasurement::achievedRps).average().orElse(0);
        long requests = ran.stream().mapToLong(ModeMeasurement::requests).sum();
        long errors = ran.stream().mapToLong(ModeMeasurement::errors).sum();
        Double errorRatio = requests > 0 ? (double) errors / requests : null;
        if (status == ModeStatus.OK) {
            reason = saturation(ran);
            if (reason != null) status = ModeStatus.SATURATED;
        }

        Histogram merged = LatencyRecording.newHistogram();
        List<TimelinePoint> timeline = new ArrayList<>();
        List<Double> startups = new ArrayList<>();
        List<Double> firstCalls = new ArrayList<>();
        List<RepetitionFigures> perRep = new ArrayList<>();
        long probeCalls = 0;
        Histogram tls = null;
        Histogram entry = null;
        Map<String, Double> counters = new TreeMap<>();
        LinkedHashSet<String> missing = new LinkedHashSet<>();
        for (ModeMeasurement r : ran) {
            perRep.add(repetition(r));
            LatencyRecording lat = r.serviceLatency();
            if (lat != null) {
                lat.perEdge().values().forEach(merged::add);
                timeline.addAll(timeline(r, lat.intervals()));
                firstCalls.addAll(firstCallExcess(lat));
                probeCalls += lat.probeCalls();
            }
            startups.addAll(startupMillis(r));
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
        ModeResult draft = new ModeResult(id, status, reason, reps.size(), offered, achieved, requests, errors, errorRatio,
                null, null, merged, timeline, null, toArray(startups), null, toArray(firstCalls), null, null,
                null, null, null, perRep, Map.of(), idle, load, counters, List.copyOf(missing), entry, warnings);
        Map<String, Double> floors = new LinkedHashMap<>();
        for (Metric metric : PER_REPETITION) {
            double[] v = draft.values(metric);
            if (v.length > 0) floors.put(metric.id(), RepetitionStatistics.noiseFloorPct(v));
        }
        Double spn = Metric.SERVICES_PER_NODE.value(draft);
        return new ModeResult(id, status, reason, reps.size(), offered, achieved, requests, errors, errorRatio,
                latency(draft, merged.getTotalCount()), pooled(merged), merged, timeline,
                spread(draft, Metric.STARTUP_P50, Metric.STARTUP_P95, Metric.STARTUP_P99, Metric.STARTUP_MAX, startups.size()),
                toArray(startups),
                spread(draft, Metric.FIRST_CALL_P50, null, null, null, firstCalls.size()), toArray(firstCalls),
                spread(draft, Metric.HANDSHAKE_P50, null, Metric.HANDSHAKE_P99, null, probeCalls),
                tls == null ? null : Spread.of(tls),
                Metric.MEMORY_PER_POD.value(draft), Metric.CPU_IDLE_PER_POD.value(draft),
                spn == null ? null : Math.round(spn), perRep, floors, idle, load, counters, List.copyOf(missing), entry, warnings);
    }

    /** Every figure of one repetition, from that deployment's own measurements only. */
    private RepetitionFigures repetition(ModeMeasurement r) {
        Map<Metric, Double> v = new EnumMap<>(Metric.class);
        LatencyRecording lat = r.serviceLatency();
        if (lat != null) {
            Histogram h = merge(lat.perEdge());
            if (h != null && h.getTotalCount() > 0) {
                v.put(Metric.LATENCY_P50, (double) h.getValueAtPercentile(50));
                v.put(Metric.LATENCY_P90, (double) h.getValueAtPercentile(90));
                v.put(Metric.LATENCY_P99, (double) h.getValueAtPercentile(99));
                v.put(Metric.LATENCY_P999, (double) h.getValueAtPercentile(99.9));
                v.put(Metric.LATENCY_MAX, (double) h.getMaxValue());
            }
            double[] first = toArray(firstCallExcess(lat));
            if (first.length > 0) v.put(Metric.FIRST_CALL_P50, percentile(first, 50));
            Histogram fresh = merge(lat.newConnectionPerEdge());
            Histogram reused = merge(lat.reusedConnectionPerEdge());
            if (fresh != null && reused != null && fresh.getTotalCount() > 0 && reused.getTotalCount() > 0) {
                v.put(Metric.HANDSHAKE_P50, (double) (fresh.getValueAtPercentile(50) - reused.getValueAtPercentile(50)));
                v.put(Metric.HANDSHAKE_P99, (double) (fresh.getValueAtPercentile(99) - reused.getValueAtPercentile(99)));
            }
        }
        double[] st = toArray(startupMillis(r));
        if (st.length > 0) {
            v.put(Metric.STARTUP_P50, percentile(st, 50));
            v.put(Metric.STARTUP_P95, percentile(st, 95));
            v.put(Metric.STARTUP_P99, percentile(st, 99));
            v.put(Metric.STARTUP_MAX, percentile(st, 100));
        }
        ResourceUsage idle = r.idle();
        if (idle != null) {
            v.put(Metric.MEMORY_PER_POD, idle.meshMemoryPerPodBytes());
            v.put(Metric.CPU_IDLE_PER_POD, idle.meshCpuPerPodMillicores());
        }
        Long spn = servicesPerNode(idle != null ? idle : r.load());
        if (spn != null) v.put(Metric.SERVICES_PER_NODE, spn.doubleValue());
        if (r.offeredRps() > 0 || r.achievedRps() > 0) v.put(Metric.ACHIEVED_RPS, r.achievedRps());
        return new RepetitionFigures(r.repetition(), v);
    }

    private static Spread spread(ModeResult m, Metric p50, Metric p95, Metric p99, Metric max, long count) {
        return new Spread(p50 == null ? null : p50.value(m), p95 == null ? null : p95.value(m),
                p99 == null ? null : p99.value(m), max == null ? null : max.value(m), count);
    }

    private static List<Double> startupMillis(ModeMeasurement r) {
        List<Double> out = new ArrayList<>();
        for (PodStartup p : r.startups()) {
            double ms = p.readyMillis();
            if (Double.isFinite(ms)) out.add(ms);
        }
        return out;
    }

    /** All edges' histograms in one; null when there are none. */
    private static Histogram merge(Map<String, Histogram> perEdge) {
        if (perEdge.isEmpty()) return null;
        if (perEdge.size() == 1) return perEdge.values().iterator().next();
        Histogram all = LatencyRecording.newHistogram();
        perEdge.values().forEach(all::add);
        return all;
    }

    private static double percentile(double[] values, double pct) {
        double[] s = values.clone();
        java.util.Arrays.sort(s);
        return Spread.nearestRank(s, pct);
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

    /** Central value over repetitions of each percentile, with Student-t CIs over repetitions. */
    private static LatencyFigures latency(ModeResult m, long calls) {
        Double p50 = Metric.LATENCY_P50.value(m);
        if (p50 == null) return new LatencyFigures(null, null, null, null, null, null, 0, null, null, "no calls recorded");
        int n = m.n(Metric.LATENCY_P50);
        String note = n < 2 ? "one repetition: no interval over repetitions (use -Drepeat="
                + RepetitionStatistics.RECOMMENDED_REPETITIONS + ")" : null;
        return new LatencyFigures(round(p50), round(Metric.LATENCY_P90.value(m)), round(Metric.LATENCY_P99.value(m)),
                round(Metric.LATENCY_P999.value(m)), null, round(Metric.LATENCY_MAX.value(m)), calls,
                RepetitionStatistics.centralInterval(m.values(Metric.LATENCY_P50)),
                RepetitionStatistics.centralInterval(m.values(Metric.LATENCY_P99)), note);
    }

    /** Percentiles of all repetitions' calls merged: the within-window spread, never a comparison's interval. */
    private static LatencyFigures pooled(Histogram merged) {
        if (merged.getTotalCount() == 0) return new LatencyFigures(null, null, null, null, null, null, 0, null, null, "no calls recorded");
        return new LatencyFigures(merged.getValueAtPercentile(50), merged.getValueAtPercentile(90),
                merged.getValueAtPercentile(99), merged.getValueAtPercentile(99.9), merged.getValueAtPercentile(99.99),
                merged.getMaxValue(), merged.getTotalCount(), null, null,
                "all repetitions' calls pooled: spread within windows, not an interval for comparisons");
    }

    private static Long round(Double v) {
        return v == null ? null : Math.round(v);
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
                // Workloads cut their intervals on whole wall-clock seconds, so the first one began up to
                // a second before the window did; it holds only calls from the window's start on (calls
                // are kept by phase), so it is placed at 0, where its calls begin, not at −0.99 s.
                if (fromStart >= -1 && fromStart <= window + 1) t = Math.max(0, fromStart);
            }
            boolean any = h.getTotalCount() > 0;
            out.add(new TimelinePoint(r.repetition(), t, h.getTotalCount(),
                    any ? h.getValueAtPercentile(50) : null, any ? h.getValueAtPercentile(99) : null));
        }
        return out;
    }

    /** First call on an edge minus that edge's steady-state p50, one value per edge (the first-call figure). */
    private static List<Double> firstCallExcess(LatencyRecording lat) {
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
        // The per-pod figure charges each pod its share of its node's daemons (ambient: the ztunnel ÷ the
        // pods on the node); the node's daemons are subtracted from the node once below, so that share
        // comes out of the per-pod cost here (counted twice, it cut a 71-pod ambient run from 127 to 125).
        double daemon = u.meshDaemonMemoryPerNodeBytes();
        double daemonShare = u.pods() > 0 && daemon > 0 ? daemon * u.nodes() / u.pods() : 0;
        double perPod = workload + Math.max(0, u.meshMemoryPerPodBytes() - daemonShare);
        double free = options.nodeMemoryBytes() - daemon;
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
