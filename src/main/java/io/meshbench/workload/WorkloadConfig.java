package io.meshbench.workload;

import io.meshbench.topology.Service;
import io.netty.channel.EventLoopGroup;

import java.net.InetSocketAddress;
import java.util.Objects;

/**
 * What one workload (one replica of a service) needs to run.
 *
 * @param service the topology's service whose script this workload runs
 * @param pod     replica name, e.g. "checkout-0" (reported, not used for routing)
 * @param bind    where it listens
 * @param router  how its outbound calls are steered
 * @param group   event loops shared by many workloads; the workload never shuts it down
 * @param seed    seeds the error-injection random, so a run's errors are reproducible per pod
 */
public record WorkloadConfig(Service service, String pod, InetSocketAddress bind, OutboundRouter router,
                             EventLoopGroup group, long seed) {

    public WorkloadConfig {
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(pod, "pod");
        Objects.requireNonNull(bind, "bind");
        Objects.requireNonNull(router, "router");
        Objects.requireNonNull(group, "group");
    }
}
