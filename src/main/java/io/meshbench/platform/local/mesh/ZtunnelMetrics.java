package io.meshbench.platform.local.mesh;

import io.meshbench.metrics.scrape.HandshakeTimes;
import io.prometheus.client.CollectorRegistry;
import io.prometheus.client.Counter;
import io.prometheus.client.Histogram;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * What an emulated ztunnel exports at :15020/stats/prometheus: ztunnel's own TCP metric names and
 * labels (it has no request, latency or memory metrics), plus this emulation's TLS handshake
 * histogram and HBONE pooling counters.
 */
public final class ZtunnelMetrics {

    public static final String OPENED = "istio_tcp_connections_opened_total";
    public static final String CLOSED = "istio_tcp_connections_closed_total";
    public static final String SENT = "istio_tcp_sent_bytes_total";
    public static final String RECEIVED = "istio_tcp_received_bytes_total";

    private static final String[] LABELS = IstioLabels.ZTUNNEL_TCP;

    private final CollectorRegistry registry = new CollectorRegistry();
    private final Counter opened = counter(OPENED, "The total number of TCP connections opened.");
    private final Counter closed = counter(CLOSED, "The total number of TCP connections closed.");
    private final Counter sent = counter(SENT, "The size of total bytes sent during response in case of a TCP connection.");
    private final Counter received = counter(RECEIVED, "The size of total bytes received during request in case of a TCP connection.");
    private final Histogram handshakes = ProxyMetrics.handshakeHistogram(registry);
    private final HboneCounters hbone = HboneCounters.register(registry);
    /** Every successful client-side handshake, exact (served at {@link HandshakeTimes#PATH}). */
    private final HandshakeTimes clientHandshakes = new HandshakeTimes();

    private Counter counter(String name, String help) {
        return Counter.build(name, help).labelNames(LABELS).register(registry);
    }

    /** The HBONE pooling counters, shared by the ztunnel's clients (one per source identity). */
    HboneCounters hbone() {
        return hbone;
    }

    public void handshake(String role, double seconds, boolean ok) {
        handshakes.labels(role, ok ? "ok" : "failed").observe(seconds);
        if (ok && "client".equals(role)) clientHandshakes.record(seconds);
    }

    /** The client-side handshakes so far, as {@link HandshakeTimes#encoded()}. */
    public String clientHandshakes() {
        return clientHandshakes.encoded();
    }

    /** Counts a tunnelled connection as opened and returns the handle its bytes and close are counted on. */
    public Connection open(String reporter, ProxyMetrics.Peer source, ProxyMetrics.Peer destination) {
        return open(reporter, source, destination, "mutual_tls");
    }

    /**
     * @param security "mutual_tls" for HBONE; anything else (the plaintext ingress port) is written as
     *                 "unknown", the only other value real ztunnel emits
     */
    public Connection open(String reporter, ProxyMetrics.Peer source, ProxyMetrics.Peer destination, String security) {
        String[] labels = IstioLabels.ztunnelTcp(reporter, source, destination, "mutual_tls".equals(security));
        opened.labels(labels).inc();
        return new Connection(labels);
    }

    public String render() {
        return ProxyExposition.text004(registry);
    }

    /** One tunnelled connection's counters. */
    public final class Connection {
        private final String[] labels;
        private final AtomicBoolean done = new AtomicBoolean();

        private Connection(String[] labels) {
            this.labels = labels;
        }

        /** Bytes of the request direction (client → server). */
        public void received(long bytes) {
            if (bytes > 0) received.labels(labels).inc(bytes);
        }

        /** Bytes of the response direction (server → client). */
        public void sent(long bytes) {
            if (bytes > 0) sent.labels(labels).inc(bytes);
        }

        /** Counts the close once, whichever side ends first. */
        public void closed() {
            if (done.compareAndSet(false, true)) closed.labels(labels).inc();
        }
    }
}
