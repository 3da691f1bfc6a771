package io.meshbench.workload;

import io.meshbench.metrics.LatencyRecording;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogWriter;
import org.HdrHistogram.Recorder;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One workload's outbound-call latency, served as an HdrHistogram log.
 *
 * <p>Format (read back by {@link LatencyLogs}): a standard HdrHistogram log whose timestamps are
 * absolute (BaseTime 0, seconds since the epoch). Histograms tagged {@value #INTERVAL_TAG} hold the
 * measured-phase calls of all this workload's edges that ended in one interval (about one second,
 * rotated by {@link #rotate()}); they are the resampling unit of confidence intervals. Histograms
 * tagged {@code edge:caller->callee} hold each edge's measured calls since the start. Before them,
 * one comment line per edge gives the very first call ever made on it, any phase:
 * {@code #[FirstCall: edge=caller->callee micros=1234 startMillis=1790000000000]}. Histograms tagged
 * {@code new:caller->callee} hold the churn probe's measured calls, each on a connection opened for
 * it; they are not part of the interval or edge histograms (which hold the calls through the pool,
 * on reused connections), so the probe does not move the latency figures.
 *
 * <p>Why not one interval log per edge: encoding ~300 edge histograms every second cost a 2-core
 * machine a large share of a core and stalled the calls being measured. One merged interval
 * recorder per workload, recycled so it never resizes on the hot path, keeps the cost to one
 * encode per workload per second.
 */
final class EdgeLatencyLog {
    static final String FIRST_CALL_PREFIX = "#[FirstCall: ";
    static final String INTERVAL_TAG = "interval";
    static final String EDGE_TAG_PREFIX = "edge:";
    static final String NEW_CONNECTION_TAG_PREFIX = "new:";

    private final Recorder intervalRecorder = new Recorder(LatencyRecording.SIGNIFICANT_DIGITS);
    private Histogram recycled;
    private final Map<String, Histogram> perEdge = new ConcurrentHashMap<>();
    private final Map<String, Histogram> newConnection = new ConcurrentHashMap<>();
    private final Map<String, FirstCall> firstCalls = new ConcurrentHashMap<>();
    private final Map<String, AtomicBoolean> firstIssued = new ConcurrentHashMap<>();
    private final ByteArrayOutputStream intervals = new ByteArrayOutputStream();
    private final HistogramLogWriter intervalWriter =
            new HistogramLogWriter(new PrintStream(intervals, true, StandardCharsets.UTF_8));
    private final long startMillis = System.currentTimeMillis();

    record FirstCall(long micros, long startMillis) {
    }

    EdgeLatencyLog() {
        intervalWriter.setBaseTime(0);
    }

    /** True for exactly one caller: the one that issued the first call ever on this edge. */
    boolean claimFirstCall(String edge) {
        return firstIssued.computeIfAbsent(edge, e -> new AtomicBoolean()).compareAndSet(false, true);
    }

    void recordFirstCall(String edge, long micros, long startMillis) {
        firstCalls.putIfAbsent(edge, new FirstCall(Math.max(1, micros), startMillis));
    }

    void recordMeasured(String edge, long micros) {
        long bounded = bounded(micros);
        intervalRecorder.recordValue(bounded);
        record(perEdge, edge, bounded);
    }

    /** A measured call of the churn probe, made on a connection opened for it. */
    void recordNewConnection(String edge, long micros) {
        record(newConnection, edge, bounded(micros));
    }

    private static long bounded(long micros) {
        return Math.min(Math.max(1, micros), LatencyRecording.HIGHEST_TRACKABLE_MICROS);
    }

    private static void record(Map<String, Histogram> byEdge, String edge, long micros) {
        Histogram h = byEdge.computeIfAbsent(edge, e -> new Histogram(LatencyRecording.SIGNIFICANT_DIGITS));
        synchronized (h) {
            h.recordValue(micros);
        }
    }

    /** Closes the current interval and appends it to the log when it holds calls. */
    synchronized void rotate() {
        Histogram h = intervalRecorder.getIntervalHistogram(recycled);
        recycled = h;
        if (h.getTotalCount() == 0) return;
        h.setTag(INTERVAL_TAG);
        intervalWriter.outputIntervalHistogram(h);
    }

    /** The whole log so far: intervals (the current partial one included), then each edge since the start. */
    synchronized String text() {
        rotate();
        ByteArrayOutputStream header = new ByteArrayOutputStream();
        HistogramLogWriter w = new HistogramLogWriter(new PrintStream(header, true, StandardCharsets.UTF_8));
        w.outputLogFormatVersion();
        w.outputStartTime(startMillis);
        w.outputBaseTime(0);
        new TreeMap<>(firstCalls).forEach((edge, fc) -> w.outputComment("[FirstCall: edge=" + edge
                + " micros=" + fc.micros() + " startMillis=" + fc.startMillis() + "]"));
        w.outputLegend();
        ByteArrayOutputStream edges = new ByteArrayOutputStream();
        HistogramLogWriter ew = new HistogramLogWriter(new PrintStream(edges, true, StandardCharsets.UTF_8));
        ew.setBaseTime(0);
        long now = System.currentTimeMillis();
        output(ew, perEdge, EDGE_TAG_PREFIX, now);
        output(ew, newConnection, NEW_CONNECTION_TAG_PREFIX, now);
        return header.toString(StandardCharsets.UTF_8) + intervals.toString(StandardCharsets.UTF_8)
                + edges.toString(StandardCharsets.UTF_8);
    }

    private void output(HistogramLogWriter w, Map<String, Histogram> byEdge, String tagPrefix, long now) {
        new TreeMap<>(byEdge).forEach((edge, h) -> {
            Histogram copy;
            synchronized (h) {
                copy = h.copy();
            }
            copy.setStartTimeStamp(startMillis);
            copy.setEndTimeStamp(now);
            copy.setTag(tagPrefix + edge);
            w.outputIntervalHistogram(copy);
        });
    }
}
