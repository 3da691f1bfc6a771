package io.meshbench.analysis;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The figures that can be compared between modes or gated between runs, named as in results.json
 * (docs/reports.md). Every metric has one value per repetition ({@link RepetitionFigures}); a mode's
 * figure is the {@link RepetitionStatistics#central central value} of those.
 */
public enum Metric {
    LATENCY_P50("latency_us.p50", Kind.LATENCY, 50, true),
    LATENCY_P90("latency_us.p90", Kind.LATENCY, 90, true),
    LATENCY_P99("latency_us.p99", Kind.LATENCY, 99, true),
    LATENCY_P999("latency_us.p999", Kind.LATENCY, 99.9, true),
    LATENCY_MAX("latency_us.max", Kind.LATENCY, 100, true),
    STARTUP_P50("startup_ms.p50", Kind.STARTUP, 50, true),
    STARTUP_P95("startup_ms.p95", Kind.STARTUP, 95, true),
    STARTUP_P99("startup_ms.p99", Kind.STARTUP, 99, true),
    STARTUP_MAX("startup_ms.max", Kind.STARTUP, 100, true),
    HANDSHAKE_P50("handshake_us.p50", Kind.HANDSHAKE, 50, true),
    HANDSHAKE_P99("handshake_us.p99", Kind.HANDSHAKE, 99, true),
    FIRST_CALL_P50("first_call_us.p50", Kind.FIRST_CALL, 50, true),
    MEMORY_PER_POD("memory_per_pod_bytes", Kind.MEMORY, 0, true),
    CPU_IDLE_PER_POD("cpu_idle_per_pod_mcores", Kind.CPU_IDLE, 0, true),
    SERVICES_PER_NODE("services_per_node", Kind.SERVICES_PER_NODE, 0, false),
    ACHIEVED_RPS("achieved_rps", Kind.RATE, 0, false),
    /** Disruption scenarios: one value per repetition, from {@link DisruptionFigures#value}. */
    DISRUPTION_FAILED_REQUESTS("disruption.failed_requests", Kind.DISRUPTION, 0, true),
    DISRUPTION_FAILED_SHARE("disruption.failed_share_pct", Kind.DISRUPTION, 0, true),
    DISRUPTION_AFFECTED_SERVICES("disruption.affected_services", Kind.DISRUPTION, 0, true),
    DISRUPTION_DETECT_S("disruption.detect_s", Kind.DISRUPTION, 0, true),
    DISRUPTION_RECOVER_S("disruption.recover_s", Kind.DISRUPTION, 0, true),
    DISRUPTION_P99_DURING("disruption.p99_during_us", Kind.DISRUPTION, 0, true);

    /** Where a metric's values come from. */
    public enum Kind { LATENCY, STARTUP, HANDSHAKE, FIRST_CALL, MEMORY, CPU_IDLE, SERVICES_PER_NODE, RATE, DISRUPTION }

    private final String id;
    private final Kind kind;
    private final double percentile;
    private final boolean higherIsWorse;

    Metric(String id, Kind kind, double percentile, boolean higherIsWorse) {
        this.id = id;
        this.kind = kind;
        this.percentile = percentile;
        this.higherIsWorse = higherIsWorse;
    }

    public String id() {
        return id;
    }

    public Kind kind() {
        return kind;
    }

    public double percentile() {
        return percentile;
    }

    /** True for latency, memory, CPU, startup; false for services per node (fewer is worse). */
    public boolean higherIsWorse() {
        return higherIsWorse;
    }

    /** The figure's point value for a mode (central value over its repetitions), null when not measured. */
    public Double value(ModeResult m) {
        double[] v = m.values(this);
        return v.length == 0 ? null : RepetitionStatistics.central(v);
    }

    public static String validNames() {
        return Arrays.stream(values()).map(Metric::id).collect(Collectors.joining(", "));
    }

    /** Finds a metric by its results.json name; the error lists the valid names. */
    public static Metric byId(String id) {
        for (Metric m : values()) {
            if (m.id.equals(id)) return m;
        }
        throw new IllegalArgumentException("unknown metric '" + id + "'; valid metrics: " + validNames());
    }

}
