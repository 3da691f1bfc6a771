package io.meshbench.platform.local.mesh;

import io.meshbench.core.MetricsSource;
import io.meshbench.metrics.DataPlaneSummary;
import io.meshbench.metrics.scrape.HandshakeTimes;
import io.meshbench.metrics.scrape.MetricsScraper;
import io.meshbench.metrics.scrape.ScrapeSnapshot;
import io.meshbench.platform.local.AddressBlocks;
import io.meshbench.platform.local.LocalCluster;
import io.meshbench.platform.local.LocalPod;
import io.meshbench.platform.local.PodPlumbing;
import io.meshbench.workload.Route;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Real mTLS handshakes through embedded sidecars: each front sidecar opens one pooled upstream
 * connection per backend, and its admin server serves every one of those client-side handshakes,
 * exact, at {@link HandshakeTimes#PATH}; the scraper merges them into the data plane's figure.
 */
class ExactHandshakeTimesTest {
    private static final String NET = "127." + AddressBlocks.reserve() + ".";
    private static final int FRONTS = 2;
    private static final int BACKS = 3;

    @Test
    void servedHistogramCountsEveryClientHandshakeWithExactValues() throws Exception {
        List<LocalPod> fronts = new ArrayList<>();
        List<LocalPod> backs = new ArrayList<>();
        for (int i = 0; i < FRONTS; i++) fronts.add(pod("front-" + i, "front", NET + "31." + (i + 1)));
        for (int i = 0; i < BACKS; i++) backs.add(pod("back-" + i, "back", NET + "32." + (i + 1)));
        LocalCluster cluster = new LocalCluster("mb-hs", List.of(InetAddress.getByName(NET + "30.1")),
                Map.of("front", fronts, "back", backs));
        TestApp apps = new TestApp();
        try (SidecarDataPlane plane = new SidecarDataPlane()) {
            plane.start(cluster);
            List<Route> routes = new ArrayList<>();
            for (LocalPod p : fronts) routes.add(plane.attach(p).router().route("back"));
            for (LocalPod p : backs) {
                PodPlumbing pl = plane.attach(p);
                apps.serve(p.name(), pl.appBind());
            }
            MetricsScraper scraper = new MetricsScraper();
            ScrapeSnapshot before = scraper.scrape(plane.metrics());
            for (Route route : routes) {
                try (RawHttpClient client = new RawHttpClient(route.connectTo(), route.preamble())) {
                    // round robin over the backends: one new upstream mTLS connection to each
                    for (int i = 0; i < 2 * BACKS; i++) client.post("back", 10);
                }
            }
            ScrapeSnapshot after = scraper.scrape(plane.metrics());

            long served = 0;
            double exported = 0;
            Histogram merged = new Histogram(HandshakeTimes.LOWEST_MICROS, HandshakeTimes.HIGHEST_MICROS, HandshakeTimes.DIGITS);
            for (MetricsSource s : plane.metrics()) {
                String encoded = s.handshakes();
                assertNotNull(encoded, s.name() + " serves " + HandshakeTimes.PATH);
                Histogram h = HandshakeTimes.decode(encoded);
                served += h.getTotalCount();
                merged.add(h);
                exported += PromScan.sum(s.scrape(), ProxyMetrics.HANDSHAKE + "_count", "role", "client", "result", "ok");
                long expected = s.name().startsWith("front-") ? BACKS : 0;
                assertEquals(expected, h.getTotalCount(), s.name() + ": client-side handshakes only");
            }
            assertEquals(FRONTS * BACKS, served, "one handshake per front and backend");
            assertEquals(exported, served, "the Prometheus histogram counts the same handshakes");
            assertNotExactlyBucketEdges(merged);

            DataPlaneSummary summary = scraper.summarize(before, after);
            assertEquals(DataPlaneSummary.HANDSHAKES_EXACT, summary.tlsHandshakeMethod());
            assertEquals(FRONTS * BACKS, summary.tlsHandshakeMicros().getTotalCount());
            assertEquals(merged.getValueAtPercentile(50), summary.tlsHandshakeMicros().getValueAtPercentile(50));
            assertTrue(summary.missingMetrics().isEmpty(), summary.missingMetrics().toString());
        } finally {
            apps.close();
        }
    }

    @Test
    void encodingRoundTripsAndOtherSourcesServeNone() throws Exception {
        HandshakeTimes t = new HandshakeTimes();
        t.record(0.001234);
        t.record(0.0021);
        t.record(120);
        Histogram h = HandshakeTimes.decode(t.encoded());
        assertEquals(3, h.getTotalCount());
        assertTrue(h.valuesAreEquivalent(1234, h.getValueAtPercentile(1)));
        assertTrue(h.valuesAreEquivalent(HandshakeTimes.HIGHEST_MICROS, h.getMaxValue()), "clamped to 60 s");
        MetricsSource realEnvoy = new MetricsSource() {
            public String name() { return "real-envoy"; }
            public String kind() { return "sidecar"; }
            public String scrape() { return ""; }
        };
        assertNull(realEnvoy.handshakes(), "a source without the histogram serves none");
    }

    /**
     * p50 and p99 lie strictly between 0 and 5 s, and the recorded values are not bucket upper edges:
     * a histogram of bucket edges has every value on an edge, while exact values land on one only by
     * chance (a 10.003 ms handshake is within HdrHistogram's precision of the 10 ms edge), so one
     * value on an edge is allowed, all of min, p50, p99 and max on edges is not.
     */
    private static void assertNotExactlyBucketEdges(Histogram h) {
        for (double p : new double[]{50, 99}) {
            long v = h.getValueAtPercentile(p);
            assertTrue(v > 0 && v < 5_000_000, "p" + p + " = " + v + " µs");
        }
        long[] values = {h.getMinValue(), h.getValueAtPercentile(50), h.getValueAtPercentile(99), h.getMaxValue()};
        long onEdges = java.util.Arrays.stream(values).filter(v -> java.util.Arrays.stream(ProxyMetrics.HANDSHAKE_SECONDS_BUCKETS)
                .anyMatch(edge -> h.valuesAreEquivalent(v, Math.round(edge * 1e6)))).count();
        assertTrue(onEdges < values.length, "min, p50, p99 and max " + java.util.Arrays.toString(values)
                + " µs are all Prometheus bucket edges: the histogram holds bucket edges, not exact values");
    }

    private static LocalPod pod(String name, String service, String ip) throws Exception {
        return new LocalPod(name, service, "mb-hs", InetAddress.getByName(ip), 0);
    }
}
