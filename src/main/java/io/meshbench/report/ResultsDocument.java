package io.meshbench.report;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import io.meshbench.analysis.AnalysedRun;
import io.meshbench.analysis.Comparison;
import io.meshbench.analysis.GateResult;
import io.meshbench.analysis.GateRow;
import io.meshbench.analysis.Interval;
import io.meshbench.analysis.LatencyFigures;
import io.meshbench.analysis.ModeResult;
import io.meshbench.analysis.RepetitionFigures;
import io.meshbench.analysis.Spread;
import io.meshbench.analysis.TimelinePoint;
import io.meshbench.metrics.DataPlaneSummary;
import io.meshbench.metrics.InjectorLag;
import io.meshbench.metrics.LatencyRecording;
import io.meshbench.metrics.ModeMeasurement;
import io.meshbench.metrics.PodStartup;
import io.meshbench.metrics.ResourceUsage;
import io.meshbench.metrics.RunRecord;
import org.HdrHistogram.Histogram;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The shape of results.json as immutable records, written by Jackson's data binding (a record's
 * properties in its components' order, nulls written as null). The contract's names are in
 * docs/reports.md; {@link ResultsJson} writes and reads the file.
 *
 * @param gate     the comparison with {@code -Dbaseline}; absent when there was none
 * @param analysis the options the run was analysed with, under their Java names (read back by
 *                 {@code RunStore.storedOptions})
 */
record ResultsDocument(String schema, @JsonProperty("run_id") String runId,
                       @JsonProperty("started_at") String startedAt, @JsonProperty("finished_at") String finishedAt,
                       String status, String outcome, String target, boolean emulated,
                       Map<String, Object> environment, Map<String, Object> topology, Map<String, Object> scenario,
                       List<Slot> schedule, Map<String, Mode> modes, List<ComparisonJson> comparisons,
                       List<String> warnings, Map<String, FigureJson> figures, JsonNode analysis,
                       @JsonInclude(JsonInclude.Include.NON_NULL) Gate gate,
                       Files files, Record record) {

    static ResultsDocument of(AnalysedRun run, GateResult gate) {
        RunRecord r = run.record();
        Map<String, Mode> modes = new LinkedHashMap<>();
        run.modes().forEach((id, m) -> modes.put(id,
                Mode.of(m, ResultsJson.handshakeMethod(run, id), DisruptionJson.of(run, id))));
        Map<String, FigureJson> figures = new LinkedHashMap<>();
        for (Figure f : Figures.of(run)) figures.put(f.key(), new FigureJson(f.title(), f.definition(), f.measuredBy()));
        List<String> logs = new ArrayList<>();
        for (String mode : run.modes().keySet()) {
            logs.add(HlogFiles.latencyFile(mode));
            logs.add(HlogFiles.histogramsFile(mode));
        }
        return new ResultsDocument(ResultsJson.SCHEMA, r.runId(), instant(r.startedAt()), instant(r.finishedAt()),
                r.status().id(), Outcome.of(r.status(), gate).id(), r.target().id(), r.emulated(), r.environment(),
                r.topology(), r.scenario(), r.schedule().stream().map(Slot::of).toList(), modes,
                run.comparisons().stream().map(ComparisonJson::of).toList(), run.warnings(), figures,
                ResultsJson.MAPPER.valueToTree(run.options()), gate == null ? null : Gate.of(gate),
                new Files(ResultsJson.FILE, HtmlReport.FILE, logs, gate == null ? null : NightlyGate.JUNIT_FILE),
                Record.of(r));
    }

    static String instant(Instant i) {
        return i == null ? null : i.toString();
    }

    /** An interval as {@code [lo, hi]}, or null. */
    static double[] interval(Interval i) {
        return i == null ? null : new double[] {i.lo(), i.hi()};
    }

    /**
     * A slot in the order the slots started; {@code measured: false} marks a rehearsal (repetition 0),
     * and a measured slot leaves it out (so a stored run's schedule reads and rewrites as it was).
     */
    record Slot(int repetition, String mode, @JsonProperty("started_at") String startedAt,
                @JsonInclude(JsonInclude.Include.NON_NULL)
                Boolean measured) {
        static Slot of(RunRecord.ScheduledSlot s) {
            return new Slot(s.repetition(), s.mode().id(), instant(s.startedAt()), s.measured() ? null : Boolean.FALSE);
        }
    }

    record FigureJson(String title, String definition, @JsonProperty("measured_by") String measuredBy) {
    }

    /** @param junit the JUnit XML, written (and listed) only when the run was gated */
    record Files(String results, String report, @JsonProperty("histogram_logs") List<String> histogramLogs,
                 @JsonInclude(JsonInclude.Include.NON_NULL) String junit) {
    }

    /** One mode's figures: the contract's first, then what the report needs beyond it. */
    record Mode(String status, String reason, @JsonProperty("offered_rps") Double offeredRps,
                @JsonProperty("achieved_rps") Double achievedRps, @JsonProperty("error_ratio") Double errorRatio,
                @JsonProperty("latency_us") Latency latencyUs, @JsonProperty("startup_ms") Startup startupMs,
                @JsonProperty("handshake_us") Handshake handshakeUs, @JsonProperty("first_call_us") FirstCall firstCallUs,
                @JsonProperty("memory_per_pod_bytes") Double memoryPerPodBytes,
                @JsonProperty("cpu_idle_per_pod_mcores") Double cpuIdlePerPodMcores,
                @JsonProperty("services_per_node") Long servicesPerNode,
                int repetitions, long requests, long errors,
                @JsonProperty("tls_handshake_us") TlsHandshake tlsHandshakeUs,
                @JsonProperty("memory_load_per_pod_bytes") Double memoryLoadPerPodBytes,
                @JsonProperty("cpu_load_per_pod_mcores") Double cpuLoadPerPodMcores,
                @JsonProperty("mesh_cpu_per_1000rps_mcores") Double meshCpuPer1000RpsMcores,
                Resources resources, @JsonProperty("data_plane") DataPlane dataPlane,
                @JsonProperty("entry_latency_ms") EntryLatency entryLatencyMs, List<TimelineEntry> timeline,
                @JsonProperty("histogram_log") String histogramLog,
                @JsonProperty("per_repetition") List<Map<String, Object>> perRepetition,
                @JsonProperty("noise_floor_pct") Map<String, Double> noiseFloorPct,
                @JsonInclude(JsonInclude.Include.NON_NULL) Map<String, Object> disruption) {

        /** {@code disruption}: only in disruption scenarios (docs/disruption.md), from {@link DisruptionJson}. */
        static Mode of(ModeResult m, String handshakeMethod, Map<String, Object> disruption) {
            Spread tls = m.tlsHandshake();
            return new Mode(m.status().id(), m.reason(), m.offeredRps(), m.achievedRps(), m.errorRatio(),
                    Latency.of(m), Startup.of(m.startup()), Handshake.of(m.handshake()),
                    new FirstCall(m.firstCall().p50(), m.firstCall().count()), m.memoryPerPodBytes(),
                    m.cpuIdlePerPodMcores(), m.servicesPerNode(), m.repetitions(), m.requests(), m.errors(),
                    tls == null ? null : new TlsHandshake(tls.p50(), tls.p99(), tls.count(), handshakeMethod),
                    m.memoryLoadPerPodBytes(), m.cpuLoadPerPodMcores(), m.meshCpuPer1000RpsMcores(),
                    new Resources(Usage.of(m.idle()), Usage.of(m.load())),
                    new DataPlane(m.dataPlaneCounters(), m.missingMetrics()), EntryLatency.of(m.entryLatencyMillis()),
                    m.timeline().stream().map(TimelineEntry::of).toList(), HlogFiles.latencyFile(m.mode()),
                    m.perRepetition().stream().map(Mode::repetition).toList(), m.noiseFloorPct(), disruption);
        }

        /**
         * {@code {repetition, <metric id>: value, ...}}: the keys are the metrics measured, so this
         * one object is a map rather than a record.
         */
        private static Map<String, Object> repetition(RepetitionFigures f) {
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("repetition", f.repetition());
            f.values().forEach((metric, v) -> o.put(metric.id(), v));
            return o;
        }
    }

    /** Per-repetition percentiles (medians over repetitions), their intervals, and the pooled ones. */
    record Latency(Long p50, Long p90, Long p99, Long p999, Long max, long count, Long p9999,
                   @JsonProperty("p50_ci95") double[] p50Ci95, @JsonProperty("p99_ci95") double[] p99Ci95,
                   @JsonProperty("ci_note") String ciNote, Pooled pooled) {
        static Latency of(ModeResult m) {
            LatencyFigures l = m.latency();
            LatencyFigures p = m.pooledLatency();
            return new Latency(l.p50(), l.p90(), l.p99(), l.p999(), l.max(), l.count(), p.p9999(),
                    interval(l.p50Ci95()), interval(l.p99Ci95()), l.ciNote(),
                    new Pooled(p.p50(), p.p90(), p.p99(), p.p999(), p.max(), p.ciNote()));
        }
    }

    record Pooled(Long p50, Long p90, Long p99, Long p999, Long max, String note) {
    }

    record Startup(Double p50, Double p95, Double p99, Double max, long count) {
        static Startup of(Spread s) {
            return new Startup(s.p50(), s.p95(), s.p99(), s.max(), s.count());
        }
    }

    record Handshake(Double p50, Double p99, long count) {
        static Handshake of(Spread s) {
            return new Handshake(s.p50(), s.p99(), s.count());
        }
    }

    /** @param method how it was measured (see {@link DataPlaneSummary#method}) */
    record TlsHandshake(Double p50, Double p99, long count, String method) {
    }

    record FirstCall(Double p50, long count) {
    }

    record Resources(Usage idle, Usage load) {
    }

    /** A resource window; a figure not measured (NaN in {@link ResourceUsage}) is null. */
    record Usage(@JsonProperty("window_s") double windowS, int pods, int nodes,
                 @JsonProperty("mesh_memory_per_pod_bytes") Double meshMemoryPerPodBytes,
                 @JsonProperty("mesh_cpu_per_pod_mcores") Double meshCpuPerPodMcores,
                 @JsonProperty("workload_memory_per_pod_bytes") Double workloadMemoryPerPodBytes,
                 @JsonProperty("workload_cpu_per_pod_mcores") Double workloadCpuPerPodMcores,
                 @JsonProperty("mesh_daemon_memory_per_node_bytes") Double meshDaemonMemoryPerNodeBytes,
                 String method) {
        static Usage of(ResourceUsage u) {
            if (u == null) return null;
            return new Usage(u.windowSeconds(), u.pods(), u.nodes(), finite(u.meshMemoryPerPodBytes()),
                    finite(u.meshCpuPerPodMillicores()), finite(u.workloadMemoryPerPodBytes()),
                    finite(u.workloadCpuPerPodMillicores()), finite(u.meshDaemonMemoryPerNodeBytes()), u.method());
        }

        private static Double finite(double v) {
            return Double.isFinite(v) ? v : null;
        }
    }

    record DataPlane(Map<String, Double> counters, @JsonProperty("missing_metrics") List<String> missingMetrics) {
    }

    /** Gatling's entry-request latency, ms; null when none was recorded. */
    record EntryLatency(long p50, long p99, long max, long count) {
        static EntryLatency of(Histogram h) {
            if (h == null || h.getTotalCount() == 0) return null;
            return new EntryLatency(h.getValueAtPercentile(50), h.getValueAtPercentile(99), h.getMaxValue(),
                    h.getTotalCount());
        }
    }

    record TimelineEntry(int repetition, @JsonProperty("t_s") double tS, long count, Long p50, Long p99) {
        static TimelineEntry of(TimelinePoint p) {
            return new TimelineEntry(p.repetition(), p.seconds(), p.count(), p.p50(), p.p99());
        }
    }

    record ComparisonJson(String metric, String from, String to, @JsonProperty("n_from") int nFrom,
                          @JsonProperty("n_to") int nTo, @JsonProperty("change_pct") Double changePct,
                          double[] ci95, @JsonProperty("p_value") Double pValue,
                          @JsonProperty("p_adjusted") Double pAdjusted, String method, Boolean significant,
                          String reason, @JsonProperty("from_value") Double fromValue,
                          @JsonProperty("to_value") Double toValue, @JsonProperty("p_exact") Double pExact,
                          @JsonProperty("noise_floor_pct") Double noiseFloorPct) {
        static ComparisonJson of(Comparison c) {
            return new ComparisonJson(c.metric(), c.from(), c.to(), c.nFrom(), c.nTo(), c.changePct(),
                    interval(c.ci95()), c.pValue(), c.pAdjusted(), c.methodWithAdjustment(), c.significant(),
                    c.reason(), c.fromValue(), c.toValue(), c.pExact(), c.noiseFloorPct());
        }
    }

    record Gate(@JsonProperty("baseline_run_id") String baselineRunId, String thresholds, boolean passed,
                boolean strict, List<GateRowJson> rows) {
        static Gate of(GateResult g) {
            return new Gate(g.baselineRunId(), g.thresholds().toString(), g.passed(), g.strict(),
                    g.rows().stream().map(GateRowJson::of).toList());
        }
    }

    record GateRowJson(String mode, String metric, @JsonProperty("threshold_pct") double thresholdPct,
                       Double baseline, Double current, @JsonProperty("change_pct") Double changePct,
                       @JsonProperty("worse_pct") Double worsePct, double[] ci95,
                       @JsonProperty("p_value") Double pValue, @JsonProperty("p_adjusted") Double pAdjusted,
                       @JsonProperty("n_baseline") int nBaseline, @JsonProperty("n_current") int nCurrent,
                       String method, Boolean significant, String rule, String verdict, String why) {
        static GateRowJson of(GateRow r) {
            return new GateRowJson(r.mode(), r.metric(), r.thresholdPct(), r.baselineValue(), r.currentValue(),
                    r.changePct(), r.worsePct(), interval(r.ci95()), r.pValue(), r.pAdjusted(), r.nBaseline(),
                    r.nCurrent(), r.method(), r.significant(), r.rule(), r.verdict().name().toLowerCase(Locale.ROOT),
                    r.why());
        }
    }

    /** The raw measurements that, with the .hlog files, rebuild the RunRecord. */
    record Record(@JsonProperty("run_warnings") List<String> runWarnings, List<Measurement> measurements) {
        static Record of(RunRecord r) {
            return new Record(r.warnings(), r.modes().stream().map(Measurement::of).toList());
        }
    }

    /** One slot's measurement; its histograms are in the .hlog files under rep&lt;N&gt; tags. */
    record Measurement(String mode, int repetition, String failure, @JsonProperty("window_start") String windowStart,
                       @JsonProperty("window_end") String windowEnd, @JsonProperty("offered_rps") double offeredRps,
                       @JsonProperty("achieved_rps") double achievedRps, long requests, long errors,
                       @JsonProperty("injected_errors") long injectedErrors, LatencyRef latency,
                       @JsonProperty("entry_latency") boolean entryLatency, List<StartupJson> startups, Usage idle,
                       Usage load, @JsonProperty("data_plane") DataPlaneRecord dataPlane, List<String> warnings,
                       @JsonProperty("injector_lag_ms") Lag injectorLagMs) {
        static Measurement of(ModeMeasurement m) {
            LatencyRecording lat = m.serviceLatency();
            DataPlaneSummary dp = m.dataPlane();
            InjectorLag lag = m.injectorLag();
            return new Measurement(m.mode().id(), m.repetition(), m.failure(), instant(m.windowStart()),
                    instant(m.windowEnd()), m.offeredRps(), m.achievedRps(), m.requests(), m.errors(),
                    m.injectedErrors(),
                    lat == null ? null : new LatencyRef(new ArrayList<>(lat.perEdge().keySet()), lat.firstCallMicros(),
                            lat.intervals().size(), ResultsJson.churnEdges(lat)),
                    m.entryLatencyMillis() != null, m.startups().stream().map(StartupJson::of).toList(),
                    Usage.of(m.idle()), Usage.of(m.load()),
                    dp == null ? null : new DataPlaneRecord(dp.counterDeltas(), dp.tlsHandshakeMicros() != null,
                            dp.tlsHandshakeMethod(), dp.missingMetrics()),
                    m.warnings(),
                    lag == null ? null : new Lag(lag.p50Ms(), lag.p99Ms(), lag.maxMs(), lag.count(), lag.behind()));
        }
    }

    /**
     * @param edges       the edges in the order of their rep&lt;N&gt;.edge.&lt;i&gt; histograms
     * @param intervals   how many interval histograms the latency log holds for the slot
     * @param churnEdges  the edges in the order of their rep&lt;N&gt;.new/reused.&lt;i&gt; histograms
     */
    record LatencyRef(List<String> edges, @JsonProperty("first_call_us") Map<String, Long> firstCallUs,
                      int intervals, @JsonProperty("churn_edges") List<String> churnEdges) {
    }

    record StartupJson(String pod, String service, String node, String created,
                       @JsonProperty("phase_ms") Map<String, Double> phaseMs) {
        static StartupJson of(PodStartup p) {
            return new StartupJson(p.pod(), p.service(), p.node(), instant(p.created()), p.phaseMillis());
        }
    }

    /** @param tlsHandshake whether a rep&lt;N&gt;.tls histogram is stored */
    record DataPlaneRecord(@JsonProperty("counter_deltas") Map<String, Double> counterDeltas,
                           @JsonProperty("tls_handshake") boolean tlsHandshake,
                           @JsonProperty("tls_handshake_method") String tlsHandshakeMethod,
                           @JsonProperty("missing_metrics") List<String> missingMetrics) {
    }

    /** The injector's send lag, ms; null when the window had no timetable to lag behind. */
    record Lag(double p50, double p99, double max, long count, boolean behind) {
    }
}
