package io.meshbench.platform.local.mesh;

import io.meshbench.metrics.scrape.HandshakeTimes;
import java.util.function.DoubleSupplier;

/**
 * What an emulated L7 proxy (sidecar or waypoint) exports at /stats/prometheus, under Envoy's and
 * Istio's names, plus the TLS handshake histogram that real Envoy does not have.
 */
public final class ProxyMetrics {

    /** Istio's default buckets for istio_request_duration_milliseconds. */
    static final double[] DURATION_MS_BUCKETS = {0.5, 1, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000,
            30000, 60000, 300000, 600000, 1800000, 3600000};
    /** Handshakes on loopback take 0.2–20 ms; finer buckets than Istio's so they can be told apart. */
    static final double[] HANDSHAKE_SECONDS_BUCKETS = {0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01,
            0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5};

    public static final String REQUESTS = "istio_requests_total";
    public static final String DURATION = "istio_request_duration_milliseconds";
    public static final String MEMORY = "envoy_server_memory_allocated";
    public static final String HANDSHAKE = "meshbench_tls_handshake_seconds";
    public static final String UPSTREAM_OPENED = "meshbench_upstream_connections_opened_total";

    private static final String[] REQUEST_LABELS = IstioLabels.ENVOY_REQUEST;

    private final PromRegistry registry = new PromRegistry();
    private final PromRegistry.Counter requests;
    private final PromRegistry.Histogram duration;
    private final PromRegistry.Histogram handshakes;
    private final PromRegistry.Counter upstreamOpened;
    /** Every successful client-side handshake, exact (served at {@link HandshakeTimes#PATH}). */
    private final HandshakeTimes clientHandshakes = new HandshakeTimes();

    public ProxyMetrics(DoubleSupplier memoryBytes) {
        requests = registry.counter(REQUESTS, "Requests handled by this proxy.", REQUEST_LABELS);
        duration = registry.histogram(DURATION, "Request duration through this proxy, ms.", DURATION_MS_BUCKETS, REQUEST_LABELS);
        registry.gauge(MEMORY, "Bytes attributed to this proxy: its retained heap plus its share of the data plane's buffer pool.", memoryBytes);
        handshakes = handshakeHistogram(registry);
        upstreamOpened = registry.counter(UPSTREAM_OPENED, "Upstream connections this proxy opened, per destination.",
                "destination");
    }

    static PromRegistry.Histogram handshakeHistogram(PromRegistry registry) {
        return registry.histogram(HANDSHAKE, "TLS 1.3 mutual handshake duration, from connection active to handshake done.",
                HANDSHAKE_SECONDS_BUCKETS, "role", "result");
    }

    public void handshake(String role, double seconds, boolean ok) {
        handshakes.observe(seconds, role, ok ? "ok" : "failed");
        if (ok && "client".equals(role)) clientHandshakes.record(seconds);
    }

    /** The client-side handshakes so far, as {@link HandshakeTimes#encoded()}. */
    public String clientHandshakes() {
        return clientHandshakes.encoded();
    }

    /** One request through the proxy. */
    public void request(String reporter, Peer source, Peer destination, int status, double millis, String flags,
                        String security) {
        String[] labels = IstioLabels.envoyRequest(reporter, source, destination, status, flags, security);
        requests.inc(1, labels);
        duration.observe(millis, labels);
    }

    public void upstreamOpened(String destination) {
        upstreamOpened.inc(1, destination);
    }

    public double upstreamOpenedTotal(String destination) {
        return upstreamOpened.get(destination);
    }

    /** The registry, for components that add their own series (the waypoint's HBONE client). */
    public PromRegistry registry() {
        return registry;
    }

    public String render() {
        return registry.render();
    }

    /**
     * One end of a request as Istio labels it.
     *
     * @param service the Kubernetes service's short name; its FQDN is built for destination_service
     */
    public record Peer(String workload, String namespace, String principal, String service) {
        public static Peer unknown() {
            return new Peer("unknown", "unknown", "unknown", "unknown");
        }

        /** The workload behind a spiffe://cluster.local/ns/NS/sa/SA id (SA = service name here). */
        public static Peer ofSpiffe(String spiffeId, String service) {
            if (spiffeId == null) return unknown();
            String[] parts = spiffeId.split("/");
            // spiffe: "" cluster.local ns NS sa SA
            if (parts.length >= 7) return new Peer(parts[6], parts[4], spiffeId, service);
            return new Peer("unknown", "unknown", spiffeId, service);
        }
    }
}
