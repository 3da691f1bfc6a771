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

    /** All edges' measured calls in one histogram. */
    public Histogram merged() {
        Histogram all = newHistogram();
        perEdge.values().forEach(all::add);
        return all;
    }
}
