package io.meshbench.workload;

import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Routing on Kubernetes: a callee is its Service's DNS name on the service port; kube-proxy or the
 * mesh spreads connections over its pods. A name is resolved once and cached; a name that does not
 * resolve yet (its Service is still being created) is tried again on the next call.
 */
public final class DnsRouter implements OutboundRouter {
    private final int port;
    private final Map<String, Route> resolved = new ConcurrentHashMap<>();

    public DnsRouter(int port) {
        this.port = port;
    }

    @Override
    public Route route(String callee) {
        Route cached = resolved.get(callee);
        if (cached != null) return cached;
        InetSocketAddress address = new InetSocketAddress(callee, port);
        Route route = new Route(address, null, callee);
        if (!address.isUnresolved()) resolved.put(callee, route);
        return route;
    }
}
