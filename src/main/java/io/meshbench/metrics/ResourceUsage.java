package io.meshbench.metrics;

/**
 * Memory and CPU over a window, attributed per pod.
 *
 * @param meshMemoryPerPodBytes    data plane memory charged to one pod: its sidecar, or its share of
 *                                 its node's ztunnel (+ waypoint share); 0 for baseline
 * @param meshCpuPerPodMillicores  data plane CPU charged to one pod, same attribution
 * @param workloadMemoryPerPodBytes the workload container's own memory
 * @param meshDaemonMemoryPerNodeBytes memory of per-node daemons (ztunnel) on one node, for services-per-node
 * @param method                   how these were measured on this target, in words, for the report
 */
public record ResourceUsage(double windowSeconds, int pods, int nodes,
                            double meshMemoryPerPodBytes, double meshCpuPerPodMillicores,
                            double workloadMemoryPerPodBytes, double workloadCpuPerPodMillicores,
                            double meshDaemonMemoryPerNodeBytes, String method) {
}
