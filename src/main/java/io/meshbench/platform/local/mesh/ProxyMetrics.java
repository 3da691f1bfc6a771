package io.meshbench.platform.local.mesh;

import io.meshbench.metrics.scrape.HandshakeTimes;
import io.prometheus.client.Collector;
import io.prometheus.client.CollectorRegistry;
import io.prometheus.client.Counter;
import io.prometheus.client.GaugeMetricFamily;
import io.prometheus.client.Histogram;

import java.util.List;
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

    private final CollectorRegistry registry = new CollectorRegistry();
    private final Counter requests;
    private final Histogram duration;
    private final Histogram handshakes;
    private final Counter upstreamOpened;
    private HboneCounters hbone;
    /** Every successful client-side handshake, exact (served at {@link HandshakeTimes#PATH}). */
    private final HandshakeTimes clientHandshakes = new HandshakeTimes();

    public ProxyMetrics(DoubleSupplier memoryBytes) {
        requests = Counter.build(REQUESTS, "Requests handled by this proxy.").labelNames(REQUEST_LABELS)
                .register(registry);
        duration = Histogram.build(DURATION, "Request duration through this proxy, ms.").buckets(DURATION_MS_BUCKETS)
                .labelNames(REQUEST_LABELS).register(registry);
        new MemoryGauge(memoryBytes).register(registry);
        handshakes = handshakeHistogram(registry);
        upstreamOpened = Counter.build(UPSTREAM_OPENED, "Upstream connections this proxy opened, per destination.")
                .labelNames("destination").register(registry);
    }

    static Histogram handshakeHistogram(CollectorRegistry registry) {
        return Histogram.build(HANDSHAKE, "TLS 1.3 mutual handshake duration, from connection active to handshake done.")
                .buckets(HANDSHAKE_SECONDS_BUCKETS).labelNames("role", "result").register(registry);
    }

    /** Envoy's memory gauge, read when scraped (simpleclient's Gauge holds a set value, not a supplier). */
    private static final class MemoryGauge extends Collector {
        private final DoubleSupplier bytes;

        MemoryGauge(DoubleSupplier bytes) {
            this.bytes = bytes;
        }

        @Override
        public List<MetricFamilySamples> collect() {
            return List.of(new GaugeMetricFamily(MEMORY,
                    "Bytes attributed to this proxy: its retained heap plus its share of the data plane's buffer pool.",
                    bytes.getAsDouble()));
        }
    }

    public void handshake(String role, double seconds, boolean ok) {
        handshakes.labels(role, ok ? "ok" : "failed").observe(seconds);
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
        requests.labels(labels).inc();
        duration.labels(labels).observe(millis);
    }

    public void upstreamOpened(String destination) {
        upstreamOpened.labels(destination).inc();
    }

    public double upstreamOpenedTotal(String destination) {
        return upstreamOpened.labels(destination).get();
    }

    /** The HBONE pooling counters, registered when a waypoint first asks (a sidecar has none). */
    synchronized HboneCounters hbone() {
        if (hbone == null) hbone = HboneCounters.register(registry);
        return hbone;
    }

    public String render() {
        return ProxyExposition.text004(registry);
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
