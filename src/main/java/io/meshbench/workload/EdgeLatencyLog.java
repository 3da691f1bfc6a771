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
 * One workload's outbound-call latency per edge, served as an HdrHistogram log.
 *
 * <p>Format (read back by {@link LatencyLogs}): a standard HdrHistogram interval log whose
 * timestamps are absolute (BaseTime 0, seconds since the epoch); each interval histogram is tagged
 * with its edge {@code caller->callee} and holds the measured-phase calls that ended in that
 * interval (about one second, rotated by {@link #rotate()}). Before the intervals, one comment line
 * per edge gives the very first call ever made on it, any phase:
 * {@code #[FirstCall: edge=caller->callee micros=1234 startMillis=1790000000000]}.
 *
 * <p>Interval histograms are packed and auto-resizing, and written out compressed as soon as
 * they are rotated, so a long run holds text, not thousands of dense histograms.
 */
final class EdgeLatencyLog {
    static final String FIRST_CALL_PREFIX = "#[FirstCall: ";

    private final Map<String, Recorder> recorders = new ConcurrentHashMap<>();
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
        long bounded = Math.min(Math.max(1, micros), LatencyRecording.HIGHEST_TRACKABLE_MICROS);
        recorders.computeIfAbsent(edge, e -> new Recorder(LatencyRecording.SIGNIFICANT_DIGITS, true))
                .recordValue(bounded);
    }

    /** Closes the current interval of every edge and appends the non-empty ones to the log. */
    synchronized void rotate() {
        for (Map.Entry<String, Recorder> e : new TreeMap<>(recorders).entrySet()) {
            Histogram h = e.getValue().getIntervalHistogram();
            if (h.getTotalCount() == 0) continue;
            h.setTag(e.getKey());
            intervalWriter.outputIntervalHistogram(h);
        }
    }

    /** The whole log so far, the current partial interval included. */
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
        return header.toString(StandardCharsets.UTF_8) + intervals.toString(StandardCharsets.UTF_8);
    }
}
