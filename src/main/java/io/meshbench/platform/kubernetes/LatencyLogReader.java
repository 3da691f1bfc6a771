package io.meshbench.platform.kubernetes;

import io.meshbench.metrics.LatencyRecording;
import org.HdrHistogram.EncodableHistogram;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogReader;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Merges the workloads' {@code /meshbench/latency} answers (HdrHistogram interval logs) into one
 * {@link LatencyRecording}. Each interval histogram is tagged with its edge ("caller->callee");
 * a tag {@code first:caller->callee} carries that edge's first call. Intervals of all pods that
 * start in the same second are merged into one resampling unit.
 */
final class LatencyLogReader {
    static final String FIRST_CALL_PREFIX = "first:";

    private final Map<String, Histogram> perEdge = new LinkedHashMap<>();
    private final TreeMap<Long, Histogram> intervals = new TreeMap<>();
    private final Map<String, Long> firstCall = new LinkedHashMap<>();

    void add(String log) {
        HistogramLogReader reader = new HistogramLogReader(new ByteArrayInputStream(log.getBytes(StandardCharsets.UTF_8)));
        for (int i = 0; i < 10_000_000; i++) {
            EncodableHistogram next = reader.nextIntervalHistogram();
            if (next == null) break;
            if (!(next instanceof Histogram h)) continue;
            String tag = h.getTag() == null ? "unknown" : h.getTag();
            if (tag.startsWith(FIRST_CALL_PREFIX)) {
                firstCall.merge(tag.substring(FIRST_CALL_PREFIX.length()), h.getMaxValue(), Math::min);
                continue;
            }
            perEdge.computeIfAbsent(tag, t -> LatencyRecording.newHistogram()).add(h);
            intervals.computeIfAbsent(h.getStartTimeStamp() / 1000, s -> LatencyRecording.newHistogram()).add(h);
        }
    }

    LatencyRecording recording() {
        return new LatencyRecording(perEdge, List.copyOf(intervals.values()), firstCall);
    }
}
