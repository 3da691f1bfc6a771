package io.meshbench.run;

import io.meshbench.analysis.SecondPoint;
import io.meshbench.load.Completion;
import io.meshbench.metrics.LatencyRecording;
import org.HdrHistogram.Histogram;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The load generator's view of a disruption scenario's measured window, second by second and per
 * entry service: requests that ended in each second from the window's start, how many failed (the
 * same rule as every other figure: anything but 200 or a 500 the topology injects on purpose), and
 * their response times (Gatling's whole ms, kept as µs). Fed from Gatling's threads.
 */
final class SecondCounts {
    private static final long MAX_MICROS = LatencyRecording.HIGHEST_TRACKABLE_MICROS;

    private final Map<String, Map<Integer, Second>> byService = new HashMap<>();
    private volatile long originNanos;

    private static final class Second {
        long requests;
        long errors;
        final Histogram micros = new Histogram(MAX_MICROS, 2);
    }

    /** The window opened now: seconds count from here (responses before it count in second 0). */
    void start(long originNanos) {
        this.originNanos = originNanos;
    }

    void record(String service, int status, boolean injected, long responseMillis) {
        long origin = originNanos;
        int second = origin == 0 ? 0 : (int) Math.max(0, (System.nanoTime() - origin) / 1_000_000_000L);
        boolean failed = !Completion.completed(status, injected);
        synchronized (this) {
            Second s = byService.computeIfAbsent(service, k -> new HashMap<>()).computeIfAbsent(second, k -> new Second());
            s.requests++;
            if (failed) s.errors++;
            if (status > 0 && responseMillis >= 0) s.micros.recordValue(Math.min(MAX_MICROS, Math.max(1, responseMillis * 1000)));
        }
    }

    /** Every entry request, seconds {@code 0 .. seconds-1}; a second with nothing completed has 0 requests. */
    synchronized List<SecondPoint> total(int seconds) {
        List<SecondPoint> out = new ArrayList<>();
        for (int i = 0; i < seconds; i++) {
            long requests = 0;
            long errors = 0;
            Histogram merged = new Histogram(MAX_MICROS, 2);
            for (Map<Integer, Second> perSecond : byService.values()) {
                Second s = perSecond.get(i);
                if (s == null) continue;
                requests += s.requests;
                errors += s.errors;
                merged.add(s.micros);
            }
            out.add(point(i, requests, errors, merged));
        }
        return out;
    }

    /** Per entry service, its seconds {@code 0 .. seconds-1}. */
    synchronized Map<String, List<SecondPoint>> perService(int seconds) {
        Map<String, List<SecondPoint>> out = new LinkedHashMap<>();
        byService.forEach((service, perSecond) -> {
            List<SecondPoint> points = new ArrayList<>();
            for (int i = 0; i < seconds; i++) {
                Second s = perSecond.get(i);
                points.add(s == null ? new SecondPoint(i, 0, 0, null) : point(i, s.requests, s.errors, s.micros));
            }
            out.put(service, points);
        });
        return out;
    }

    private static SecondPoint point(int second, long requests, long errors, Histogram h) {
        return new SecondPoint(second, requests, errors, h.getTotalCount() == 0 ? null : h.getValueAtPercentile(99));
    }
}
