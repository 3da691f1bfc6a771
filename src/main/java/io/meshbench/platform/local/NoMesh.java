package io.meshbench.platform.local;

import io.meshbench.metrics.ResourceUsage;
import io.meshbench.metrics.ResourceWindow;
import io.meshbench.core.MetricsSource;

import java.net.InetSocketAddress;
import java.util.List;

/**
 * Baseline: no data plane. A workload listens on its pod's service port and calls callee pods
 * directly, round-robin over their replicas as kube-proxy would spread connections, in plaintext
 * ({@link OutboundRoutes.Direct}).
 */
final class NoMesh implements LocalDataPlane {
    private volatile LocalCluster cluster;

    @Override
    public void start(LocalCluster cluster) {
        this.cluster = cluster;
    }

    @Override
    public PodPlumbing attach(LocalPod pod) {
        LocalCluster c = cluster;
        if (c == null) throw new IllegalStateException("start(cluster) must come before attach(pod)");
        return new PodPlumbing(new InetSocketAddress(pod.ip(), LocalPod.SERVICE_PORT), OutboundRoutes.Direct.of(c));
    }

    @Override
    public List<MetricsSource> metrics() {
        return List.of();
    }

    @Override
    public ResourceWindow startResourceWindow() {
        long start = System.nanoTime();
        LocalCluster c = cluster;
        int pods = c == null ? 0 : c.podsByService().values().stream().mapToInt(List::size).sum();
        int nodes = c == null ? 0 : c.nodeCount();
        return () -> new ResourceUsage((System.nanoTime() - start) / 1e9, pods, nodes, 0, 0, 0, 0, 0,
                "baseline: no data plane runs, so nothing is charged to the mesh");
    }

    @Override
    public void close() {
        cluster = null;
    }
}
