package io.meshbench.run;

import io.meshbench.analysis.SecondPoint;
import io.meshbench.core.MetricsSource;
import io.meshbench.metrics.prometheus.MetricFamily;
import io.meshbench.metrics.prometheus.PrometheusText;
import io.meshbench.metrics.prometheus.Sample;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Per-second, per-service traffic of a disruption window as the callers saw it, scraped once a
 * second from every workload's own counters ({@code meshbench_outgoing_calls_total} by callee and
 * code, {@code meshbench_outgoing_call_duration_seconds} buckets): the calls made to each service
 * in that second, how many failed (no response, or any status but 200), and their p99 — the upper
 * bound of the bucket holding the 99th percentile, so as coarse as the buckets. A scrape covers the
 * second that just ended. A counter that went down (a restarted pod starts from zero) counts its
 * new value; a pod that did not answer a scrape is counted at its next answer.
 */
final class ServiceSeconds implements AutoCloseable {
    static final String CALLS = "meshbench_outgoing_calls_total";
    static final String BUCKETS = "meshbench_outgoing_call_duration_seconds_bucket";

    private final Supplier<List<MetricsSource>> sources;
    private final long originNanos;
    private final Map<String, Map<String, Double>> previous = new HashMap<>();
    /** callee → second → accumulated deltas (requests, errors, per-le bucket counts). */
    private final Map<String, Map<Integer, Acc>> seconds = new HashMap<>();
    private final Map<String, long[]> cumulative = new HashMap<>();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "meshbench-seconds");
        t.setDaemon(true);
        return t;
    });
    private boolean baselineTaken;
    private int failedScrapes;

    private static final class Acc {
        long requests;
        long errors;
        final Map<Double, Double> buckets = new TreeMap<>();
    }

    ServiceSeconds(Supplier<List<MetricsSource>> sources, long originNanos) {
        this.sources = sources;
        this.originNanos = originNanos;
    }

    /** Takes the baseline now, then scrapes at every whole second from the origin. */
    void start() {
        scrape();
        long next = 1_000_000_000L - Math.floorMod(System.nanoTime() - originNanos, 1_000_000_000L);
        timer.scheduleAtFixedRate(this::scrape, next, 1_000_000_000L, TimeUnit.NANOSECONDS);
    }

    private void scrape() {
        long at = System.nanoTime();
        int second = (int) Math.floorDiv(at - originNanos + 500_000_000L, 1_000_000_000L) - 1;
        List<MetricsSource> now;
        try {
            now = sources.get();
        } catch (RuntimeException e) {
            return;
        }
        for (MetricsSource s : now) {
            String text;
            try {
                text = s.scrape();
            } catch (Exception e) {
                synchronized (this) {
                    failedScrapes++;
                }
                continue;   // a pod being replaced: its calls are counted at its next answer
            }
            Map<String, Double> values = new HashMap<>();
            List<String[]> keys = new ArrayList<>();
            for (MetricFamily f : PrometheusText.parse(text, s.name())) {
                for (Sample x : f.samples()) {
                    if (x.name().equals(CALLS)) {
                        values.put("c " + x.label("callee") + " " + x.label("code"), x.value());
                    } else if (x.name().equals(BUCKETS)) {
                        values.put("b " + x.label("callee") + " " + x.label("le"), x.value());
                    }
                }
            }
            synchronized (this) {
                Map<String, Double> before = previous.put(s.name(), values);
                if (!baselineTaken) continue;
                values.forEach((key, value) -> {
                    Double prior = before == null ? null : before.get(key);
                    double delta = prior == null || value < prior ? value : value - prior;
                    if (delta <= 0) return;
                    String[] k = key.split(" ", 3);
                    Acc acc = seconds.computeIfAbsent(k[1], c -> new HashMap<>()).computeIfAbsent(Math.max(0, second), c -> new Acc());
                    if (k[0].equals("c")) {
                        long n = Math.round(delta);
                        boolean failed = !k[2].equals("200");
                        acc.requests += n;
                        if (failed) acc.errors += n;
                        long[] c = cumulative.computeIfAbsent(k[1], x -> new long[2]);
                        c[0] += n;
                        if (failed) c[1] += n;
                    } else {
                        acc.buckets.merge(PrometheusText.bound(k[2]), delta, Double::sum);
                    }
                });
            }
        }
        synchronized (this) {
            baselineTaken = true;
        }
    }

    /** Calls made to the service so far and how many failed, since the baseline. */
    synchronized long[] cumulative(String service) {
        long[] c = cumulative.get(service);
        return c == null ? new long[2] : c.clone();
    }

    synchronized int failedScrapes() {
        return failedScrapes;
    }

    /** Per called service, seconds {@code 0 .. count-1}. */
    synchronized Map<String, List<SecondPoint>> perService(int count) {
        Map<String, List<SecondPoint>> out = new TreeMap<>();
        seconds.forEach((service, perSecond) -> {
            List<SecondPoint> points = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                Acc a = perSecond.get(i);
                points.add(a == null ? new SecondPoint(i, 0, 0, null)
                        : new SecondPoint(i, a.requests, Math.min(a.errors, a.requests), p99Micros(a.buckets)));
            }
            out.put(service, points);
        });
        return out;
    }

    /** Upper bound (µs) of the bucket holding the 99th percentile; +Inf counts at the largest finite bound. */
    static Long p99Micros(Map<Double, Double> cumulativeByBound) {
        double total = cumulativeByBound.getOrDefault(Double.POSITIVE_INFINITY, 0.0);
        if (total <= 0) return null;
        double largestFinite = 0;
        for (Map.Entry<Double, Double> e : cumulativeByBound.entrySet()) {
            if (Double.isFinite(e.getKey())) largestFinite = e.getKey();
            if (e.getValue() >= 0.99 * total) {
                double bound = Double.isFinite(e.getKey()) ? e.getKey() : largestFinite;
                return Math.max(1, Math.round(bound * 1e6));
            }
        }
        return Math.max(1, Math.round(largestFinite * 1e6));
    }

    @Override
    public void close() {
        timer.shutdownNow();
        try {
            timer.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
