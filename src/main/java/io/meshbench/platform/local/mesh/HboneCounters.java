package io.meshbench.platform.local.mesh;

import io.prometheus.client.CollectorRegistry;
import io.prometheus.client.Counter;

/**
 * The HBONE pooling counters of one proxy (a ztunnel or a waypoint), shared by all its
 * {@link HboneClient}s: connections and CONNECT streams opened per peer.
 */
public record HboneCounters(Counter connectionsOpened, Counter streamsOpened) {

    static HboneCounters register(CollectorRegistry registry) {
        return new HboneCounters(
                Counter.build("meshbench_hbone_connections_opened_total",
                        "HTTP/2 mTLS connections opened to each HBONE peer.").labelNames("peer").register(registry),
                Counter.build("meshbench_hbone_streams_opened_total",
                        "HTTP/2 CONNECT streams opened to each HBONE peer.").labelNames("peer").register(registry));
    }
}
