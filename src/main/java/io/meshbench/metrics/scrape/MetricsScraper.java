package io.meshbench.metrics.scrape;

import io.meshbench.metrics.DataPlaneSummary;
import io.meshbench.metrics.prometheus.Exposition;
import io.meshbench.metrics.prometheus.MetricFamily;
import io.meshbench.metrics.prometheus.MetricsFormatException;
import io.meshbench.metrics.prometheus.MetricType;
import io.meshbench.metrics.prometheus.PrometheusText;
import io.meshbench.metrics.prometheus.Sample;
import io.meshbench.core.MetricsSource;
import org.HdrHistogram.Histogram;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Scrapes a data plane's Prometheus endpoints before and after a measured window and turns what
 * they count into growth over the window.
 *
 * <p>Counters, and the buckets, sums and counts of histograms and summaries, become deltas per
 * endpoint and series. A value lower after than before means the endpoint restarted inside the
 * window, so the after value (counted since the restart) is the delta; for a histogram or summary
 * the whole series (all buckets, sum and count) is treated as reset when its count went down. A
 * series first seen after the window started from zero. Untyped samples named {@code *_total} are
 * treated as counters; gauges are not deltas and are left out.
 *
 * <p>The same scraper reads the embedded data plane and real ztunnels and Envoys. It also reports
 * the metric names each kind of endpoint should export but did not, so a report can say that a
 * figure is absent rather than zero.
 */
public final class MetricsScraper {

    /** The four ztunnel counters (OpenMetrics sample names). */
    public static final List<String> ZTUNNEL_METRICS = List.of(
            "istio_tcp_connections_opened_total", "istio_tcp_connections_closed_total",
            "istio_tcp_sent_bytes_total", "istio_tcp_received_bytes_total");

    /** What an L7 proxy (Envoy sidecar or waypoint, or their emulation) exports. */
    public static final List<String> L7_PROXY_METRICS = List.of(
            "istio_requests_total", "istio_request_duration_milliseconds", "envoy_server_memory_allocated");

    /** Metric names each kind of endpoint is expected to export; kinds not listed expect nothing. */
    public static final Map<String, List<String>> EXPECTED_BY_KIND = Map.of(
            "ztunnel", ZTUNNEL_METRICS, "sidecar", L7_PROXY_METRICS, "waypoint", L7_PROXY_METRICS);

    /** The embedded data plane's own TLS handshake histogram (seconds); real ztunnel has none. */
    public static final String TLS_HANDSHAKE_HISTOGRAM = "meshbench_tls_handshake_seconds";

    /** Endpoint kinds asked for their exact handshake histogram ({@link HandshakeTimes#PATH}). */
    public static final Set<String> HANDSHAKE_KINDS = Set.of("sidecar", "ztunnel", "waypoint");

    /** Labels {@link #summarize} keys counter sums by when a series carries them. */
    public static final List<String> DEFAULT_SUM_LABELS = List.of("reporter", "connection_security_policy", "response_code");

    private static final int NAMED_SOURCES_IN_MESSAGES = 5;

    /**
     * Endpoints scraped at once. Why more than one: one at a time, each scrape waits on one proxy
     * while the other core idles, and a pass over hundreds of proxy processes reads its first and
     * last endpoints far apart. Measured with {@code ProxyProcessBenchmark} (30 sidecar processes,
     * 2 cores): a warm pass took 16–19 ms per proxy 8 at once against 24–29 ms one at a time, a
     * fresh one 69 ms against 93 ms. Prometheus scrapes its targets concurrently too.
     */
    public static final int PARALLEL_SCRAPES = 8;

    private final List<String> sumLabels;
    private final Clock clock;
    private final int parallelism;

    /**
     * @param sumLabels   labels the counter sums of {@link #summarize} are also keyed by
     * @param parallelism endpoints scraped at once (1: one after another)
     */
    public MetricsScraper(List<String> sumLabels, Clock clock, int parallelism) {
        if (parallelism < 1) throw new IllegalArgumentException("parallelism must be ≥ 1, got " + parallelism);
        this.sumLabels = List.copyOf(sumLabels);
        this.clock = clock;
        this.parallelism = parallelism;
    }

    public MetricsScraper(List<String> sumLabels, Clock clock) {
        this(sumLabels, clock, PARALLEL_SCRAPES);
    }

    public MetricsScraper() {
        this(DEFAULT_SUM_LABELS, Clock.systemUTC());
    }

    /**
     * Scrapes every source once, up to {@code parallelism} at a time; the snapshot keeps the
     * sources' order. A source that fails is recorded as failed, not thrown. Each source bounds its
     * own time (its client's timeouts), so the pass is bounded too. Interrupted, the sources not
     * yet read are recorded as failed and the interrupt is kept.
     */
    public ScrapeSnapshot scrape(List<MetricsSource> sources) {
        Instant at = clock.instant();
        if (parallelism == 1 || sources.size() <= 1) {
            List<ScrapedSource> scraped = new ArrayList<>();
            for (MetricsSource source : sources) scraped.add(scrapeOne(source));
            return new ScrapeSnapshot(at, scraped);
        }
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(parallelism, sources.size()), SCRAPE_THREADS);
        try {
            List<Future<ScrapedSource>> futures = new ArrayList<>();
            for (MetricsSource source : sources) futures.add(pool.submit(() -> scrapeOne(source)));
            List<ScrapedSource> scraped = new ArrayList<>();
            for (int i = 0; i < sources.size(); i++) scraped.add(await(futures.get(i), sources.get(i)));
            return new ScrapeSnapshot(at, scraped);
        } finally {
            pool.shutdownNow();
        }
    }

    private static final ThreadFactory SCRAPE_THREADS = new ThreadFactory() {
        private final AtomicInteger count = new AtomicInteger();

        @Override
        public Thread newThread(Runnable r) {
            Thread t = new Thread(r, "meshbench-scrape-" + count.incrementAndGet());
            t.setDaemon(true);
            return t;
        }
    };

    private static ScrapedSource await(Future<ScrapedSource> future, MetricsSource source) {
        if (Thread.currentThread().isInterrupted()) {
            future.cancel(true);
            return failed(source, "scrape interrupted");
        }
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            future.cancel(true);
            return failed(source, "scrape interrupted");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            return failed(source, "scrape failed: " + cause.getClass().getSimpleName() + ": " + cause.getMessage());
        }
    }

    private static ScrapedSource failed(MetricsSource source, String why) {
        return new ScrapedSource(source.name(), source.kind(), List.of(), why);
    }

    private static ScrapedSource scrapeOne(MetricsSource source) {
        String text;
        try {
            text = source.scrape();
        } catch (Exception e) {
            return failed(source, "scrape failed: " + e.getClass().getSimpleName() + ": " + e.getMessage());
        }
        // A family the parser cannot read is skipped with a warning; the others still count.
        Exposition exposition = PrometheusText.read(text, source.name());
        List<String> skippedFamilies = exposition.skipped().stream()
                .map(MetricsFormatException::family).filter(java.util.Objects::nonNull).toList();
        List<String> warnings = new ArrayList<>(exposition.warnings());
        Histogram handshakes = null;
        if (HANDSHAKE_KINDS.contains(source.kind())) {
            try {
                String encoded = source.handshakes();
                if (encoded != null) handshakes = HandshakeTimes.decode(encoded);
            } catch (Exception e) {
                warnings.add("its exact handshake histogram (" + HandshakeTimes.PATH + ") could not be read: "
                        + e.getClass().getSimpleName() + ": " + e.getMessage());
            }
        }
        return new ScrapedSource(source.name(), source.kind(), exposition.families(), null,
                warnings, skippedFamilies, handshakes);
    }

    /**
     * Growth of every counter-like series between two snapshots. Endpoints that failed in either
     * snapshot are left out (their problems are listed by {@link #problems}).
     */
    public WindowDeltas deltas(ScrapeSnapshot before, ScrapeSnapshot after) {
        List<SeriesDelta> deltas = new ArrayList<>();
        for (ScrapedSource end : after.sources()) {
            ScrapedSource start = before.source(end.name()).orElse(null);
            if (end.failed() || start == null || start.failed()) continue;
            Map<String, Double> startValues = valuesBySeries(start);
            for (MetricFamily family : end.families()) {
                deltas.addAll(familyDeltas(end, family, startValues));
            }
        }
        return new WindowDeltas(deltas);
    }

    /**
     * The data plane's summary of the window: counter sums, its handshake histogram, what is missing.
     * The handshakes are the proxies' exact client-side ones when any endpoint serves them, else
     * the Prometheus histogram's buckets (each value its bucket's upper edge); the method says which.
     */
    public DataPlaneSummary summarize(ScrapeSnapshot before, ScrapeSnapshot after) {
        WindowDeltas deltas = deltas(before, after);
        Histogram exact = exactHandshakes(before, after);
        if (exact != null) {
            return new DataPlaneSummary(deltas.sumsBy(sumLabels), exact, DataPlaneSummary.HANDSHAKES_EXACT,
                    problems(before, after));
        }
        boolean exportsHandshakes = after.sources().stream().anyMatch(s -> s.provides(TLS_HANDSHAKE_HISTOGRAM));
        return new DataPlaneSummary(deltas.sumsBy(sumLabels),
                exportsHandshakes ? BucketHistograms.toMicros(deltas.named(TLS_HANDSHAKE_HISTOGRAM + "_bucket"), 1e6) : null,
                exportsHandshakes ? DataPlaneSummary.HANDSHAKES_BUCKETS : null,
                problems(before, after));
    }

    /**
     * The client-side handshakes of the window, merged over every endpoint that serves its exact
     * histogram (after minus before; an endpoint whose count went down restarted, so its after
     * value is the window's); null when no endpoint serves one.
     */
    static Histogram exactHandshakes(ScrapeSnapshot before, ScrapeSnapshot after) {
        Histogram merged = null;
        for (ScrapedSource end : after.sources()) {
            if (end.handshakes() == null) continue;
            Histogram window = end.handshakes().copy();
            Histogram start = before.source(end.name()).map(ScrapedSource::handshakes).orElse(null);
            if (start != null && start.getTotalCount() <= window.getTotalCount()) {
                try {
                    window.subtract(start);
                } catch (IllegalArgumentException | ArrayIndexOutOfBoundsException restarted) {
                    window = end.handshakes().copy();
                }
            }
            if (merged == null) merged = new Histogram(HandshakeTimes.LOWEST_MICROS, HandshakeTimes.HIGHEST_MICROS, HandshakeTimes.DIGITS);
            merged.add(window);
        }
        return merged;
    }

    /**
     * Expected metric names absent from the after snapshot, one entry per kind and name, e.g.
     * {@code "istio_requests_total missing from 2 of 5 sidecar endpoints: a-0, b-0"}; then every
     * endpoint whose scrape failed before or after the window, with the reason.
     */
    public static List<String> problems(ScrapeSnapshot before, ScrapeSnapshot after) {
        Map<String, List<String>> missing = new LinkedHashMap<>();
        Map<String, Integer> endpointsOfKind = new TreeMap<>();
        List<String> failures = new ArrayList<>();
        for (ScrapedSource s : after.sources()) {
            List<String> expected = EXPECTED_BY_KIND.getOrDefault(s.kind(), List.of());
            endpointsOfKind.merge(s.kind(), 1, Integer::sum);
            if (s.failed()) {
                failures.add(s.kind() + " " + s.name() + " after the window: " + s.failure());
                continue;
            }
            for (String name : expected) {
                // A skipped family is reported by its warning, not a second time as missing.
                if (!s.provides(name) && !s.skipped(name)) missing.computeIfAbsent(s.kind() + "\u0000" + name, k -> new ArrayList<>()).add(s.name());
            }
        }
        for (ScrapedSource s : after.sources()) {
            for (String w : s.warnings()) failures.add(s.kind() + " " + s.name() + ": " + w);
        }
        for (ScrapedSource s : before.sources()) {
            if (s.failed()) failures.add(s.kind() + " " + s.name() + " before the window: " + s.failure()
                    + " (its counters are left out of the deltas)");
        }
        List<String> problems = new ArrayList<>();
        missing.forEach((key, sources) -> {
            String kind = key.substring(0, key.indexOf('\u0000'));
            String name = key.substring(key.indexOf('\u0000') + 1);
            String named = String.join(", ", sources.subList(0, Math.min(NAMED_SOURCES_IN_MESSAGES, sources.size())))
                    + (sources.size() > NAMED_SOURCES_IN_MESSAGES ? ", …" : "");
            problems.add(name + " missing from " + sources.size() + " of " + endpointsOfKind.get(kind) + " "
                    + kind + " endpoints: " + named);
        });
        problems.addAll(failures);
        return problems;
    }

    private static Map<String, Double> valuesBySeries(ScrapedSource source) {
        Map<String, Double> values = new HashMap<>();
        for (MetricFamily f : source.families()) {
            for (Sample s : f.samples()) values.put(seriesKey(s.name(), s.labels()), s.value());
        }
        return values;
    }

    private static String seriesKey(String name, Map<String, String> labels) {
        return Sample.seriesId(name, new TreeMap<>(labels));
    }

    private static List<SeriesDelta> familyDeltas(ScrapedSource end, MetricFamily family, Map<String, Double> startValues) {
        List<Sample> accumulating = family.samples().stream().filter(s -> accumulates(family, s)).toList();
        if (accumulating.isEmpty()) return List.of();
        Map<String, Boolean> resetGroups = resetGroups(family, accumulating, startValues);
        List<SeriesDelta> out = new ArrayList<>();
        for (Sample s : accumulating) {
            if (Double.isNaN(s.value())) continue;
            Double startValue = startValues.get(seriesKey(s.name(), s.labels()));
            Boolean groupReset = resetGroups.get(groupKey(s));
            boolean reset = groupReset != null ? groupReset : startValue != null && s.value() < startValue;
            double delta = reset || startValue == null || Double.isNaN(startValue) ? s.value() : s.value() - startValue;
            out.add(new SeriesDelta(end.name(), end.kind(), s.name(), s.labels(), delta, reset));
        }
        return out;
    }

    /** Which samples grow monotonically until a restart. */
    private static boolean accumulates(MetricFamily family, Sample s) {
        String n = s.name();
        String f = family.name();
        return switch (family.type()) {
            case COUNTER -> !n.equals(f + "_created");
            case HISTOGRAM -> n.equals(f + "_bucket") || n.equals(f + "_sum") || n.equals(f + "_count");
            case SUMMARY -> n.equals(f + "_sum") || n.equals(f + "_count");
            case UNTYPED -> n.endsWith("_total");
            // Gauges, gauge histograms, state sets and info go up and down: no deltas.
            case GAUGE, GAUGE_HISTOGRAM, STATESET, INFO -> false;
        };
    }

    /**
     * For histograms and summaries: per series (labels without {@code le}), whether its
     * {@code _count} went down — then all its buckets, sum and count restarted together.
     */
    private static Map<String, Boolean> resetGroups(MetricFamily family, List<Sample> samples, Map<String, Double> startValues) {
        Map<String, Boolean> resets = new HashMap<>();
        if (family.type() != MetricType.HISTOGRAM && family.type() != MetricType.SUMMARY) return resets;
        for (Sample s : samples) {
            if (!s.name().equals(family.name() + "_count")) continue;
            Double startValue = startValues.get(seriesKey(s.name(), s.labels()));
            resets.put(groupKey(s), startValue != null && s.value() < startValue);
        }
        return resets;
    }

    /** A histogram or summary series: family prefix and labels other than {@code le}. */
    private static String groupKey(Sample s) {
        String name = s.name();
        for (String suffix : List.of("_bucket", "_sum", "_count")) {
            if (name.endsWith(suffix)) {
                name = name.substring(0, name.length() - suffix.length());
                break;
            }
        }
        Map<String, String> rest = new TreeMap<>(s.labels());
        rest.remove("le");
        return Sample.seriesId(name, rest);
    }
}
