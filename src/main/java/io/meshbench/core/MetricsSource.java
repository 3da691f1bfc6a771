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
}
