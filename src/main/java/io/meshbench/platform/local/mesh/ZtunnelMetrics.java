package io.meshbench.platform.local.mesh;

import io.meshbench.metrics.scrape.HandshakeTimes;
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

    private final PromRegistry registry = new PromRegistry();
    private final PromRegistry.Counter opened = registry.counter(OPENED, "The total number of TCP connections opened.", LABELS);
    private final PromRegistry.Counter closed = registry.counter(CLOSED, "The total number of TCP connections closed.", LABELS);
    private final PromRegistry.Counter sent = registry.counter(SENT, "The size of total bytes sent during response in case of a TCP connection.", LABELS);
    private final PromRegistry.Counter received = registry.counter(RECEIVED, "The size of total bytes received during request in case of a TCP connection.", LABELS);
    private final PromRegistry.Histogram handshakes = ProxyMetrics.handshakeHistogram(registry);
    /** Every successful client-side handshake, exact (served at {@link HandshakeTimes#PATH}). */
    private final HandshakeTimes clientHandshakes = new HandshakeTimes();

    public PromRegistry registry() {
        return registry;
    }

    public void handshake(String role, double seconds, boolean ok) {
        handshakes.observe(seconds, role, ok ? "ok" : "failed");
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
        opened.inc(1, labels);
        return new Connection(labels);
    }

    public String render() {
        return registry.render();
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
            if (bytes > 0) received.inc(bytes, labels);
        }

        /** Bytes of the response direction (server → client). */
        public void sent(long bytes) {
            if (bytes > 0) sent.inc(bytes, labels);
        }

        /** Counts the close once, whichever side ends first. */
        public void closed() {
            if (done.compareAndSet(false, true)) closed.inc(1, labels);
        }
    }
}
