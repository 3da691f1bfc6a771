package io.meshbench.platform.local;

import io.meshbench.workload.OutboundRouter;

import java.net.InetSocketAddress;

/**
 * What the data plane decided for one pod.
 *
 * @param appBind where the workload itself listens: the pod's service port without a mesh, or a
 *                port only its own proxy reaches when a proxy fronts the service port
 * @param routes  how the workload's outbound calls are steered (data, so a workload host can be told)
 */
public record PodPlumbing(InetSocketAddress appBind, OutboundRoutes routes) {

    /** A fresh router for the pod's workload. */
    public OutboundRouter router() {
        return routes.newRouter();
    }
}
