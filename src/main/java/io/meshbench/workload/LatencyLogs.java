package io.meshbench.workload;

import io.meshbench.metrics.LatencyRecording;
import org.HdrHistogram.EncodableHistogram;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogReader;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Merges the latency logs of many workloads (what each serves at {@code /meshbench/latency}, format
 * in {@link EdgeLatencyLog}) into one {@link LatencyRecording}: histograms per edge over all replicas,
 * intervals merged over all workloads into 1-second buckets by interval start, each
 * edge's first call (the earliest-issued one when several replicas report one), and the churn
 * probe's calls on new connections per edge.
 */
public final class LatencyLogs {
    private static final Pattern FIRST_CALL =
            Pattern.compile("^#\\[FirstCall: edge=(\\S+) micros=(\\d+) startMillis=(\\d+)]\\s*$");

    private LatencyLogs() {
    }

    public static LatencyRecording parse(List<String> logTexts) {
        Map<String, Histogram> perEdge = new TreeMap<>();
        Map<String, Histogram> newConnection = new TreeMap<>();
        TreeMap<Long, Histogram> bySecond = new TreeMap<>();
        Map<String, long[]> first = new HashMap<>();   // edge → {startMillis, micros}
        int logIndex = 0;
        for (String text : logTexts) {
            logIndex++;
            readFirstCalls(text, first);
            HistogramLogReader reader = new HistogramLogReader(
                    new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
            while (true) {
                EncodableHistogram next;
                try {
                    next = reader.nextIntervalHistogram();
                } catch (RuntimeException e) {
                    throw new IllegalArgumentException("latency log #" + logIndex + " is malformed: " + e.getMessage(), e);
                }
                if (next == null) break;
                if (!(next instanceof Histogram h)) {
                    throw new IllegalArgumentException("latency log #" + logIndex
                            + " holds a non-integer histogram; workloads write integer µs histograms");
                }
                String tag = h.getTag() == null ? "" : h.getTag();
                if (tag.startsWith(EdgeLatencyLog.EDGE_TAG_PREFIX)) {
                    String edge = tag.substring(EdgeLatencyLog.EDGE_TAG_PREFIX.length());
                    perEdge.computeIfAbsent(edge, e -> LatencyRecording.newHistogram()).add(h);
                    continue;
                }
                if (tag.startsWith(EdgeLatencyLog.NEW_CONNECTION_TAG_PREFIX)) {
                    String edge = tag.substring(EdgeLatencyLog.NEW_CONNECTION_TAG_PREFIX.length());
                    newConnection.computeIfAbsent(edge, e -> LatencyRecording.newHistogram()).add(h);
                    continue;
                }
                long second = h.getStartTimeStamp() / 1_000;
                bySecond.computeIfAbsent(second, s -> {
                    Histogram bucket = LatencyRecording.newHistogram();
                    bucket.setStartTimeStamp(s * 1_000);
                    bucket.setEndTimeStamp(s * 1_000 + 1_000);
                    return bucket;
                }).add(h);
            }
        }
        Map<String, Long> firstCallMicros = new TreeMap<>();
        first.forEach((edge, v) -> firstCallMicros.put(edge, v[1]));
        // the edge histograms hold exactly the calls through the pool: they are the probe's "reused" side
        return new LatencyRecording(perEdge, new ArrayList<>(bySecond.values()), firstCallMicros, newConnection, perEdge);
    }

    private static void readFirstCalls(String text, Map<String, long[]> first) {
        for (String line : text.split("\n")) {
            if (!line.startsWith(EdgeLatencyLog.FIRST_CALL_PREFIX)) continue;
            Matcher m = FIRST_CALL.matcher(line);
            if (!m.matches()) throw new IllegalArgumentException("malformed first-call line in latency log: " + line);
            long micros = Long.parseLong(m.group(2));
            long start = Long.parseLong(m.group(3));
            first.merge(m.group(1), new long[]{start, micros}, (a, b) -> b[0] < a[0] ? b : a);
        }
    }
}
