package io.meshbench.core;

import java.io.IOException;

/** One Prometheus text-format endpoint of the data plane. */
public interface MetricsSource {

    /** Pod or process name, e.g. "ztunnel-node-1" or "checkout-0.istio-proxy". */
    String name();

    /** "ztunnel", "sidecar", "waypoint" or "workload". */
    String kind();

    /** The endpoint's current exposition text. */
    String scrape() throws IOException;

    /**
     * The endpoint's exact client-side TLS handshake histogram (base64 of HdrHistogram's compressed
     * encoding, µs), or null when it serves none (real Envoy and ztunnel do not).
     */
    default String handshakes() throws IOException {
        return null;
    }
}
