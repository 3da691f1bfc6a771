package io.meshbench.platform.local;

import io.meshbench.workload.OutboundRouter;

import java.net.InetSocketAddress;

/**
 * What the data plane decided for one pod.
 *
 * @param appBind where the workload itself listens: the pod's service port without a mesh, or a
 *                port only its own proxy reaches when a proxy fronts the service port
 * @param router  how the workload's outbound calls are steered
 */
public record PodPlumbing(InetSocketAddress appBind, OutboundRouter router) {
}
