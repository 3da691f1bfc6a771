package io.meshbench.metrics.scrape;

import io.meshbench.core.MetricsSource;
import io.meshbench.metrics.DataPlaneSummary;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MetricsScraperTest {

    /** A metrics endpoint that answers with the next prepared text (or failure) each time it is scraped. */
    private static final class FakeSource implements MetricsSource {
        private final String name;
        private final String kind;
        private final Deque<Object> answers = new ArrayDeque<>();

        FakeSource(String name, String kind, Object... answers) {
            this.name = name;
            this.kind = kind;
            this.answers.addAll(List.of(answers));
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public String kind() {
            return kind;
        }

        @Override
        public String scrape() throws IOException {
            Object next = answers.poll();
            if (next == null) throw new IllegalStateException(name + " scraped more often than the test prepared");
            if (next instanceof IOException e) throw e;
            return (String) next;
        }
    }

    private static String fixture(String name) throws IOException {
        try (InputStream in = MetricsScraperTest.class.getResourceAsStream("/metrics/" + name)) {
            if (in == null) throw new IOException("missing test fixture /metrics/" + name);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static String ztunnel(double opened, double sent) {
        return """
                # HELP istio_tcp_connections_opened The total number of TCP connections opened.
                # TYPE istio_tcp_connections_opened counter
                istio_tcp_connections_opened_total{reporter="destination",connection_security_policy="mutual_tls"} %s
                istio_tcp_connections_opened_total{reporter="source",connection_security_policy="mutual_tls"} %s
                # TYPE istio_tcp_connections_closed counter
                # TYPE istio_tcp_sent_bytes counter
                istio_tcp_sent_bytes_total{reporter="destination",connection_security_policy="mutual_tls"} %s
                # TYPE istio_tcp_received_bytes counter
                # TYPE workload_manager_active_proxy_count gauge
                workload_manager_active_proxy_count %s
                # EOF
                """.formatted(opened, opened, sent, opened);
    }

    private final MetricsScraper scraper = new MetricsScraper();

    private DataPlaneSummary window(List<MetricsSource> sources) {
        ScrapeSnapshot before = scraper.scrape(sources);
        ScrapeSnapshot after = scraper.scrape(sources);
        return scraper.summarize(before, after);
    }

    @Test
    void countersBecomeDeltasSummedOverSourcesAndKeyedByChosenLabels() {
        List<MetricsSource> sources = List.of(
                new FakeSource("ztunnel-node-0", "ztunnel", ztunnel(10, 1000), ztunnel(25, 4000)),
                new FakeSource("ztunnel-node-1", "ztunnel", ztunnel(3, 300), ztunnel(5, 800)));
        DataPlaneSummary s = window(sources);
        Map<String, Double> d = s.counterDeltas();
        assertEquals(2 * (15 + 2), d.get("istio_tcp_connections_opened_total"));
        assertEquals(15 + 2, d.get("istio_tcp_connections_opened_total{reporter=\"destination\"}"));
        assertEquals(15 + 2, d.get("istio_tcp_connections_opened_total{reporter=\"source\"}"));
        assertEquals(2 * 17, d.get("istio_tcp_connections_opened_total{connection_security_policy=\"mutual_tls\"}"));
        assertEquals(3000 + 500, d.get("istio_tcp_sent_bytes_total"));
        assertFalse(d.containsKey("workload_manager_active_proxy_count"), "gauges are not deltas");
        assertTrue(s.missingMetrics().isEmpty(), s.missingMetrics().toString());
        assertNull(s.tlsHandshakeMicros(), "no handshake histogram exported");
    }

    @Test
    void aLowerValueMeansARestartAndTheAfterValueIsTheDelta() {
        FakeSource z = new FakeSource("ztunnel-node-0", "ztunnel", ztunnel(100, 9000), ztunnel(7, 600));
        ScrapeSnapshot before = scraper.scrape(List.of(z));
        ScrapeSnapshot after = scraper.scrape(List.of(z));
        WindowDeltas deltas = scraper.deltas(before, after);
        assertEquals(14, deltas.sum("istio_tcp_connections_opened_total"));
        assertEquals(600, deltas.sum("istio_tcp_sent_bytes_total"));
        assertTrue(deltas.named("istio_tcp_sent_bytes_total").get(0).reset());
    }

    @Test
    void aSeriesThatAppearsDuringTheWindowCountsFromZero() throws IOException {
        String declaredOnly = """
                # HELP istio_tcp_connections_opened The total number of TCP connections opened.
                # TYPE istio_tcp_connections_opened counter
                # TYPE istio_tcp_connections_closed counter
                # TYPE istio_tcp_received_bytes counter
                # TYPE istio_tcp_sent_bytes counter
                # EOF
                """;
        FakeSource z = new FakeSource("ztunnel-1", "ztunnel", declaredOnly, fixture("ztunnel-stats.prom"));
        ScrapeSnapshot before = scraper.scrape(List.of(z));
        ScrapeSnapshot after = scraper.scrape(List.of(z));
        WindowDeltas deltas = scraper.deltas(before, after);
        assertEquals(17, deltas.sum("istio_tcp_connections_opened_total", Map.of("reporter", "destination")));
        assertEquals(5, deltas.sum("istio_tcp_connections_opened_total",
                Map.of("reporter", "destination", "destination_workload", "helloworld-v2")));
        assertEquals(2700 + 2700 + 1125, deltas.sum("istio_tcp_sent_bytes_total"));
        assertTrue(MetricsScraper.problems(before, after).isEmpty());
    }

    @Test
    void envoySidecarFixtureParsesBackToItsRequestCounts() throws IOException {
        String envoy = fixture("envoy-sidecar-stats.prom");
        FakeSource sidecar = new FakeSource("reviews-0.istio-proxy", "sidecar", "# TYPE istio_requests_total counter\n", envoy);
        ScrapeSnapshot before = scraper.scrape(List.of(sidecar));
        ScrapeSnapshot after = scraper.scrape(List.of(sidecar));
        DataPlaneSummary s = scraper.summarize(before, after);
        assertEquals(168, s.counterDeltas().get("istio_requests_total"));
        assertEquals(165, s.counterDeltas().get("istio_requests_total{response_code=\"200\"}"));
        assertEquals(3, s.counterDeltas().get("istio_requests_total{response_code=\"503\"}"));
        assertEquals(168, s.counterDeltas().get("istio_request_duration_milliseconds_count"));
        assertEquals(3 + 0, s.counterDeltas().get("istio_request_duration_milliseconds_bucket{le=\"1\"}"));
        assertEquals(168, s.counterDeltas().get("istio_request_duration_milliseconds_bucket{le=\"+Inf\"}"));
        assertTrue(s.missingMetrics().isEmpty(), s.missingMetrics().toString());
    }

    @Test
    void histogramResetIsDecidedByItsCountForAllItsBuckets() {
        String h1 = "# TYPE d histogram\nd_bucket{le=\"1\"} 5\nd_bucket{le=\"+Inf\"} 10\nd_sum 20\nd_count 10\n";
        // After a restart the +Inf bucket (8) is still below before (10) but the le=1 bucket (6) is above its 5:
        // judged per bucket that would give 1 for le=1; judged by the series' count it is 6.
        String h2 = "# TYPE d histogram\nd_bucket{le=\"1\"} 6\nd_bucket{le=\"+Inf\"} 8\nd_sum 9\nd_count 8\n";
        FakeSource src = new FakeSource("w", "workload", h1, h2);
        WindowDeltas deltas = scraper.deltas(scraper.scrape(List.of(src)), scraper.scrape(List.of(src)));
        assertEquals(6, deltas.sum("d_bucket", Map.of("le", "1")));
        assertEquals(8, deltas.sum("d_count"));
        assertEquals(9, deltas.sum("d_sum"));
        assertTrue(deltas.named("d_bucket").stream().allMatch(SeriesDelta::reset));
    }

    @Test
    void handshakeHistogramBucketsBecomeAnHdrHistogramAtTheirUpperBounds() {
        String before = handshakes(new long[]{0, 0, 0, 0});
        // per bucket in the window: 10 ≤ 0.5 ms, 80 in (0.5, 1] ms, 9 in (1, 5] ms, 1 above 5 ms
        String after = handshakes(new long[]{10, 90, 99, 100});
        String waypointText = after + "# TYPE istio_requests_total counter\n# TYPE istio_request_duration_milliseconds histogram\n"
                + "# TYPE envoy_server_memory_allocated gauge\nenvoy_server_memory_allocated 1000\n";
        FakeSource waypoint = new FakeSource("waypoint-ns", "waypoint",
                before + "# TYPE istio_requests_total counter\n", waypointText);
        DataPlaneSummary s = window(List.of(waypoint));
        Histogram h = s.tlsHandshakeMicros();
        assertNotNull(h);
        assertEquals(100, h.getTotalCount());
        assertTrue(h.valuesAreEquivalent(500, h.getValueAtPercentile(10)), "p10 at the 0.5 ms bound");
        assertTrue(h.valuesAreEquivalent(1000, h.getValueAtPercentile(50)), "p50 at the 1 ms bound");
        assertTrue(h.valuesAreEquivalent(5000, h.getValueAtPercentile(99)), "p99 at the 5 ms bound");
        assertTrue(h.valuesAreEquivalent(5000, h.getMaxValue()), "+Inf counts sit at the largest finite bound");
        assertTrue(s.missingMetrics().isEmpty(), s.missingMetrics().toString());
    }

    private static String handshakes(long[] cumulative) {
        return "# HELP meshbench_tls_handshake_seconds TLS handshakes the proxy completed.\n"
                + "# TYPE meshbench_tls_handshake_seconds histogram\n"
                + "meshbench_tls_handshake_seconds_bucket{side=\"server\",le=\"0.0005\"} " + cumulative[0] + "\n"
                + "meshbench_tls_handshake_seconds_bucket{side=\"server\",le=\"0.001\"} " + cumulative[1] + "\n"
                + "meshbench_tls_handshake_seconds_bucket{side=\"server\",le=\"0.005\"} " + cumulative[2] + "\n"
                + "meshbench_tls_handshake_seconds_bucket{side=\"server\",le=\"+Inf\"} " + cumulative[3] + "\n"
                + "meshbench_tls_handshake_seconds_count{side=\"server\"} " + cumulative[3] + "\n"
                + "meshbench_tls_handshake_seconds_sum{side=\"server\"} 0.1\n";
    }

    /** A proxy that also serves its exact handshake histogram, a prepared one per scrape. */
    private static final class ExactSource implements MetricsSource {
        private final String name;
        private final Deque<String> histograms = new ArrayDeque<>();

        ExactSource(String name, HandshakeTimes... histograms) {
            this.name = name;
            for (HandshakeTimes h : histograms) this.histograms.add(h.encoded());
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public String kind() {
            return "ztunnel";
        }

        @Override
        public String scrape() {
            return MetricsScraperTest.handshakes(new long[]{0, 0, 100, 100});
        }

        @Override
        public String handshakes() {
            return histograms.poll();
        }
    }

    private static HandshakeTimes times(double... seconds) {
        HandshakeTimes t = new HandshakeTimes();
        for (double s : seconds) t.record(s);
        return t;
    }

    @Test
    void exactHandshakesAreTheWindowsGrowthMergedOverEndpointsInsteadOfBuckets() {
        // z0 grows from 1 to 3 handshakes; z1 restarted (its count went down): its after value counts
        ExactSource z0 = new ExactSource("z0", times(0.0031), times(0.0031, 0.001234, 0.004321));
        ExactSource z1 = new ExactSource("z1", times(0.002, 0.002, 0.002), times(0.002777));
        DataPlaneSummary s = window(List.of(z0, z1));
        assertEquals(DataPlaneSummary.HANDSHAKES_EXACT, s.tlsHandshakeMethod());
        Histogram h = s.tlsHandshakeMicros();
        assertEquals(3, h.getTotalCount());
        assertTrue(h.valuesAreEquivalent(1234, h.getMinValue()), "exact, not the 2.5 ms bucket edge");
        assertTrue(h.valuesAreEquivalent(2777, h.getValueAtPercentile(50)));
        assertTrue(h.valuesAreEquivalent(4321, h.getMaxValue()));
        assertEquals(0, h.getCountAtValue(3100), "the handshake before the window is subtracted");
    }

    @Test
    void withoutAnExactHistogramTheBucketsAreUsedAndTheMethodSaysSo() {
        String before = handshakes(new long[]{0, 0, 0, 0});
        String after = handshakes(new long[]{1, 2, 3, 3});
        DataPlaneSummary s = window(List.of(new FakeSource("z0", "ztunnel", before, after)));
        assertEquals(DataPlaneSummary.HANDSHAKES_BUCKETS, s.tlsHandshakeMethod());
        assertEquals(3, s.tlsHandshakeMicros().getTotalCount());
    }

    @Test
    void handshakeBucketsOfSeveralSeriesAreCombinedBucketByBucket() {
        String a = "# TYPE meshbench_tls_handshake_seconds histogram\n"
                + "meshbench_tls_handshake_seconds_bucket{le=\"0.001\"} 4\nmeshbench_tls_handshake_seconds_bucket{le=\"+Inf\"} 4\n";
        String b = "# TYPE meshbench_tls_handshake_seconds histogram\n"
                + "meshbench_tls_handshake_seconds_bucket{le=\"0.002\"} 1\nmeshbench_tls_handshake_seconds_bucket{le=\"+Inf\"} 6\n";
        String empty = "# TYPE meshbench_tls_handshake_seconds histogram\n";
        DataPlaneSummary s = window(List.of(new FakeSource("z0", "workload", empty, a), new FakeSource("z1", "workload", empty, b)));
        Histogram h = s.tlsHandshakeMicros();
        assertEquals(10, h.getTotalCount());
        assertEquals(4, h.getCountBetweenValues(1000, 1000));
        assertEquals(6, h.getCountBetweenValues(2000, 2000), "z1's +Inf bucket lands at its largest finite bound");
    }

    @Test
    void missingExpectedMetricsAreReportedByNameAndKind() {
        String partialZtunnel = "# TYPE istio_tcp_connections_opened counter\n# TYPE istio_tcp_connections_closed counter\n"
                + "# TYPE istio_tcp_received_bytes counter\n"; // no istio_tcp_sent_bytes
        String partialSidecar = "# TYPE istio_requests_total counter\nistio_requests_total{response_code=\"200\"} 3\n"
                + "# TYPE istio_request_duration_milliseconds histogram\n"; // no memory gauge
        String fullSidecar = partialSidecar + "# TYPE envoy_server_memory_allocated gauge\nenvoy_server_memory_allocated{} 5\n";
        List<MetricsSource> sources = List.of(
                new FakeSource("ztunnel-node-0", "ztunnel", partialZtunnel, partialZtunnel),
                new FakeSource("a-0", "sidecar", partialSidecar, partialSidecar),
                new FakeSource("b-0", "sidecar", fullSidecar, fullSidecar),
                new FakeSource("c-0", "sidecar", partialSidecar, partialSidecar),
                new FakeSource("checkout-0", "workload", "", ""));
        List<String> missing = window(sources).missingMetrics();
        assertEquals(List.of(
                "istio_tcp_sent_bytes_total missing from 1 of 1 ztunnel endpoints: ztunnel-node-0",
                "envoy_server_memory_allocated missing from 2 of 3 sidecar endpoints: a-0, c-0"), missing);
    }

    @Test
    void failedScrapesAndUnreadableFamiliesAreReportedAndLeftOutOfTheDeltas() {
        FakeSource broken = new FakeSource("ztunnel-node-1", "ztunnel", ztunnel(1, 1),
                new IOException("connection refused"));
        // One unreadable family costs that family only: node-2's opened connections still count.
        String oneBadFamily = ztunnel(4, 7).replace("istio_tcp_sent_bytes_total{reporter=\"destination\"",
                "istio_tcp_sent_bytes_total{reporter=\"destination");
        FakeSource malformed = new FakeSource("ztunnel-node-2", "ztunnel", ztunnel(1, 1), oneBadFamily);
        FakeSource healthy = new FakeSource("ztunnel-node-0", "ztunnel", ztunnel(1, 10), ztunnel(2, 20));
        DataPlaneSummary s = window(List.of(healthy, broken, malformed));
        assertEquals(10, s.counterDeltas().get("istio_tcp_sent_bytes_total"));
        assertEquals(2 + 6, s.counterDeltas().get("istio_tcp_connections_opened_total"));
        assertEquals(2, s.missingMetrics().size(), s.missingMetrics().toString());
        assertTrue(s.missingMetrics().get(0).startsWith("ztunnel ztunnel-node-1 after the window: scrape failed: IOException: connection refused"),
                s.missingMetrics().get(0));
        String parseProblem = s.missingMetrics().get(1);
        assertTrue(parseProblem.startsWith("ztunnel ztunnel-node-2: metric family 'istio_tcp_sent_bytes' skipped: ztunnel-node-2 line 7"),
                parseProblem);
        assertTrue(parseProblem.contains("expected ',' or '}' after the value of label 'reporter'"), parseProblem);
    }

    @Test
    void aSourceWhoseBeforeScrapeFailedIsLeftOutRatherThanCountedFromZero() {
        FakeSource late = new FakeSource("ztunnel-node-0", "ztunnel", new IOException("not up yet"), ztunnel(50, 5000));
        DataPlaneSummary s = window(List.of(late));
        assertFalse(s.counterDeltas().containsKey("istio_tcp_sent_bytes_total"));
        assertEquals(1, s.missingMetrics().size());
        assertTrue(s.missingMetrics().get(0).contains("before the window"), s.missingMetrics().get(0));
    }

    /**
     * An endpoint that answers only once {@code together} endpoints are being scraped at the same
     * time (or after a bounded wait, answering "alone"), and records the most it saw at once.
     */
    private static final class MeetingSource implements MetricsSource {
        private final String name;
        private final CountDownLatch together;
        private final AtomicInteger inFlight;
        private final AtomicInteger most;

        MeetingSource(String name, CountDownLatch together, AtomicInteger inFlight,
                      AtomicInteger most) {
            this.name = name;
            this.together = together;
            this.inFlight = inFlight;
            this.most = most;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public String kind() {
            return "sidecar";
        }

        @Override
        public String scrape() throws IOException {
            most.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
            try {
                together.countDown();
                boolean met = together.await(5, TimeUnit.SECONDS);
                if (name.endsWith("-broken")) throw new IOException("connection refused");
                return "# TYPE met gauge\nmet{endpoint=\"" + name + "\"} " + (met ? 1 : 0) + "\n";
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted");
            } finally {
                inFlight.decrementAndGet();
            }
        }
    }

    @Test
    void endpointsAreScrapedSeveralAtOnceBoundedAndKeptInTheirOrder() {
        int at = 3;
        var together = new CountDownLatch(at);
        var inFlight = new AtomicInteger();
        var most = new AtomicInteger();
        List<MetricsSource> sources = new ArrayList<>();
        for (int i = 0; i < 10; i++) sources.add(new MeetingSource("proxy-" + i + (i == 4 ? "-broken" : ""), together, inFlight, most));

        ScrapeSnapshot snapshot = new MetricsScraper(MetricsScraper.DEFAULT_SUM_LABELS, Clock.systemUTC(), at)
                .scrape(sources);

        assertEquals(sources.stream().map(MetricsSource::name).toList(),
                snapshot.sources().stream().map(ScrapedSource::name).toList(), "the snapshot keeps the sources' order");
        assertEquals(at, most.get(), "as many endpoints in flight at once as allowed, and no more");
        for (ScrapedSource s : snapshot.sources()) {
            if (s.name().endsWith("-broken")) {
                assertEquals("scrape failed: IOException: connection refused", s.failure());
                continue;
            }
            assertNull(s.failure(), s.name());
            assertEquals(1, s.families().size(), s.name());
        }
        // the first three met while all three were in flight
        assertEquals(1.0, snapshot.sources().get(0).families().get(0).samples().get(0).value());
    }

    @Test
    void oneAtATimeWhenParallelismIsOne() {
        var together = new CountDownLatch(1);
        var inFlight = new AtomicInteger();
        var most = new AtomicInteger();
        List<MetricsSource> sources = List.of(new MeetingSource("a", together, inFlight, most),
                new MeetingSource("b", together, inFlight, most), new MeetingSource("c", together, inFlight, most));
        ScrapeSnapshot snapshot = new MetricsScraper(MetricsScraper.DEFAULT_SUM_LABELS, Clock.systemUTC(), 1).scrape(sources);
        assertEquals(1, most.get());
        assertEquals(List.of("a", "b", "c"), snapshot.sources().stream().map(ScrapedSource::name).toList());
    }
}
