package io.meshbench.metrics;

import org.HdrHistogram.Histogram;

import java.util.List;
import java.util.Map;

/**
 * Service-to-service latency of one mode, in microseconds, from the workloads' own recording:
 * each outbound call timed from the moment it was issued (before waiting for a connection) to
 * the last byte of the response.
 *
 * @param perEdge                 measured-phase histogram per "caller->callee" edge (every measured call)
 * @param intervals               measured-phase histograms merged over edges, one per recording interval,
 *                                in time order (the within-window timeline)
 * @param firstCallMicros         latency of the first call ever made on each edge (connection set-up included)
 * @param newConnectionPerEdge    churn probe: measured calls the workload forced onto a new connection, per edge
 * @param reusedConnectionPerEdge churn probe: measured calls on a reused (kept-alive) connection, per edge
 */
public record LatencyRecording(Map<String, Histogram> perEdge, List<Histogram> intervals,
                               Map<String, Long> firstCallMicros,
                               Map<String, Histogram> newConnectionPerEdge,
                               Map<String, Histogram> reusedConnectionPerEdge) {

    public static final long HIGHEST_TRACKABLE_MICROS = 60_000_000L;
    public static final int SIGNIFICANT_DIGITS = 3;

    public LatencyRecording {
        newConnectionPerEdge = newConnectionPerEdge == null ? Map.of() : newConnectionPerEdge;
        reusedConnectionPerEdge = reusedConnectionPerEdge == null ? Map.of() : reusedConnectionPerEdge;
    }

    /** Without a churn probe (old recordings, targets that do not run it). */
    public LatencyRecording(Map<String, Histogram> perEdge, List<Histogram> intervals, Map<String, Long> firstCallMicros) {
        this(perEdge, intervals, firstCallMicros, Map.of(), Map.of());
    }

    public static Histogram newHistogram() {
        return new Histogram(1, HIGHEST_TRACKABLE_MICROS, SIGNIFICANT_DIGITS);
    }

    /** Measured calls on an edge: through the pool plus the churn probe's own-connection calls. */
    public long measuredCalls(String edge) {
        Histogram pooled = perEdge.get(edge);
        Histogram probe = newConnectionPerEdge.get(edge);
        return (pooled == null ? 0 : pooled.getTotalCount()) + (probe == null ? 0 : probe.getTotalCount());
    }

    /** Calls the churn probe made on connections of their own, all edges. */
    public long probeCalls() {
        return newConnectionPerEdge.values().stream().mapToLong(Histogram::getTotalCount).sum();
    }

    /** All edges' measured calls through the pool in one histogram (the churn probe's are not among them). */
    public Histogram merged() {
        Histogram all = newHistogram();
        perEdge.values().forEach(all::add);
        return all;
    }
}
