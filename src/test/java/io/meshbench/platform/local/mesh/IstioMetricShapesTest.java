package io.meshbench.platform.local.mesh;

import io.meshbench.metrics.prometheus.MetricFamily;
import io.meshbench.metrics.prometheus.PrometheusText;
import io.meshbench.metrics.prometheus.Sample;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The embedded proxies' metrics carry the label sets Istio documents for its standard metrics
 * ("Istio Standard Metrics": labels of HTTP request metrics and of TCP metrics), with Istio's
 * values, so a query written for real Istio reads them unchanged.
 */
class IstioMetricShapesTest {

    /** Istio's documented labels of its TCP metrics (istio_tcp_*), which ztunnel writes. */
    static final Set<String> ISTIO_TCP_LABELS = Set.of("reporter",
            "source_workload", "source_workload_namespace", "source_principal", "source_app", "source_version",
            "source_canonical_service", "source_canonical_revision", "source_cluster",
            "destination_workload", "destination_workload_namespace", "destination_principal", "destination_app",
            "destination_version", "destination_service", "destination_service_name", "destination_service_namespace",
            "destination_canonical_service", "destination_canonical_revision", "destination_cluster",
            "request_protocol", "response_flags", "connection_security_policy");

    /** Istio's documented labels of istio_requests_total and istio_request_duration_milliseconds: TCP's plus two. */
    static final Set<String> ISTIO_REQUEST_LABELS;

    static {
        Set<String> s = new TreeSet<>(ISTIO_TCP_LABELS);
        s.add("response_code");
        s.add("grpc_response_status");
        ISTIO_REQUEST_LABELS = Set.copyOf(s);
    }

    private static final ProxyMetrics.Peer FRONT =
            new ProxyMetrics.Peer("front", "shop", "spiffe://cluster.local/ns/shop/sa/front", "front");
    private static final ProxyMetrics.Peer BACK =
            new ProxyMetrics.Peer("back", "shop", "spiffe://cluster.local/ns/shop/sa/back", "back");

    private static List<Sample> samples(String text, String name) {
        return PrometheusText.parse(text, "embedded").stream().flatMap(f -> f.samples().stream())
                .filter(s -> s.name().equals(name)).toList();
    }

    @Test
    void ztunnelCountersCarryIstiosTcpLabelsAndValues() {
        ZtunnelMetrics m = new ZtunnelMetrics();
        ZtunnelMetrics.Connection c = m.open("source", FRONT, BACK);
        c.sent(10);
        c.received(20);
        c.closed();
        m.open("destination", ProxyMetrics.Peer.unknown(), BACK, "none"); // plaintext ingress
        String text = m.render();
        for (String name : List.of(ZtunnelMetrics.OPENED, ZtunnelMetrics.CLOSED, ZtunnelMetrics.SENT, ZtunnelMetrics.RECEIVED)) {
            for (Sample s : samples(text, name)) {
                assertEquals(ISTIO_TCP_LABELS, s.labels().keySet(), name);
                assertTrue(Set.of("mutual_tls", "unknown").contains(s.label("connection_security_policy")),
                        "ztunnel writes only mutual_tls or unknown: " + s.seriesId());
                assertTrue(Set.of("source", "destination").contains(s.label("reporter")), s.seriesId());
            }
        }
        Sample opened = samples(text, ZtunnelMetrics.OPENED).stream().filter(s -> "source".equals(s.label("reporter")))
                .findFirst().orElseThrow();
        assertEquals("back.shop.svc.cluster.local", opened.label("destination_service"));
        assertEquals("back", opened.label("destination_service_name"));
        assertEquals("shop", opened.label("destination_service_namespace"));
        assertEquals("front", opened.label("source_canonical_service"));
        assertEquals("latest", opened.label("source_canonical_revision"));
        assertEquals("shop", opened.label("source_workload_namespace"));
        assertEquals("spiffe://cluster.local/ns/shop/sa/front", opened.label("source_principal"));
        assertEquals("spiffe://cluster.local/ns/shop/sa/back", opened.label("destination_principal"));
        assertEquals("mutual_tls", opened.label("connection_security_policy"));
        assertEquals("tcp", opened.label("request_protocol"));
        assertEquals("unknown", samples(text, ZtunnelMetrics.OPENED).stream().filter(s -> "destination".equals(s.label("reporter")))
                .findFirst().orElseThrow().label("connection_security_policy"));
    }

    @Test
    void sidecarAndWaypointRequestMetricsCarryIstiosRequestLabelsAndValues() {
        ProxyMetrics m = new ProxyMetrics(() -> 0);
        m.request("source", FRONT, BACK, 200, 1.5, "-", "mutual_tls");
        m.request("destination", FRONT, BACK, 503, 2.5, "UF", "mutual_tls");
        String text = m.render();
        List<Sample> requests = samples(text, ProxyMetrics.REQUESTS);
        assertEquals(2, requests.size());
        for (Sample s : requests) assertEquals(ISTIO_REQUEST_LABELS, s.labels().keySet(), s.seriesId());
        for (Sample s : samples(text, ProxyMetrics.DURATION + "_bucket")) {
            Set<String> withoutLe = new TreeSet<>(s.labels().keySet());
            withoutLe.remove("le");
            assertEquals(ISTIO_REQUEST_LABELS, withoutLe);
        }
        Sample source = requests.stream().filter(s -> "source".equals(s.label("reporter"))).findFirst().orElseThrow();
        assertEquals("unknown", source.label("connection_security_policy"), "Istio: unknown on the source side");
        assertEquals("back.shop.svc.cluster.local", source.label("destination_service"));
        assertEquals("back", source.label("destination_canonical_service"));
        assertEquals("http", source.label("request_protocol"));
        Sample destination = requests.stream().filter(s -> "destination".equals(s.label("reporter"))).findFirst().orElseThrow();
        assertEquals("mutual_tls", destination.label("connection_security_policy"));
        assertEquals("503", destination.label("response_code"));
        assertEquals("UF", destination.label("response_flags"));
    }

    @Test
    void realZtunnelAndEnvoyFixturesHaveTheSameLabelSets() throws Exception {
        // The label sets asserted above are also those of the real expositions the parser is tested on.
        MetricFamily zt = PrometheusText.parse(io.meshbench.metrics.prometheus.PrometheusTextTestFixtures.read("ztunnel-stats.prom"), "z")
                .stream().filter(f -> f.name().equals("istio_tcp_connections_opened")).findFirst().orElseThrow();
        assertEquals(ISTIO_TCP_LABELS, zt.samples().get(0).labels().keySet());
        MetricFamily envoy = PrometheusText.parse(io.meshbench.metrics.prometheus.PrometheusTextTestFixtures.read("envoy-sidecar-stats.prom"), "e")
                .stream().filter(f -> f.name().equals("istio_requests_total")).findFirst().orElseThrow();
        assertEquals(ISTIO_REQUEST_LABELS, envoy.samples().get(0).labels().keySet());
    }
}
