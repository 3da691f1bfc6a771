package io.meshbench.platform.local;

import io.meshbench.metrics.ResourceWindow;
import io.meshbench.core.MetricsSource;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Optional;

/**
 * The embedded data plane of one mode on the local target: nothing (baseline), a proxy per pod
 * (sidecar), a ztunnel per node (ambient), or ztunnels plus a waypoint per namespace.
 */
public interface LocalDataPlane extends AutoCloseable {

    /** Starts per-node and per-namespace components (ztunnels, waypoints) before any pod. */
    void start(LocalCluster cluster) throws Exception;

    /**
     * Sets up one pod's mesh plumbing before its workload starts: issues its identity, starts its
     * sidecar or enrols it with its node's ztunnel. Returns when that proxy is ready.
     */
    PodPlumbing attach(LocalPod pod) throws Exception;

    /**
     * Where the load generator reaches an entry service's pod from outside the mesh, when the data
     * plane puts something in front of it (an ingress gateway, a plaintext port of its proxy).
     * Empty means the pod's service port ({@code podIp:8080}), as in baseline.
     */
    default Optional<InetSocketAddress> ingress(LocalPod pod) {
        return Optional.empty();
    }

    /**
     * Warms the request path of the proxy process that serves {@code pod} (its sidecar, or its
     * node's ztunnel when no other pod of the node warmed it yet) on a twin at {@code scratch}, and
     * says what that took; null when there was nothing (left) to warm.
     */
    default String warmUp(LocalPod pod, ScratchAddresses scratch) throws Exception {
        return null;
    }

    /** Whether {@link #warmUp} does anything here. */
    default boolean warmsUp() {
        return false;
    }

    /** The data plane's Prometheus endpoints (empty for baseline). */
    List<MetricsSource> metrics();

    /** Samples the data plane's own memory and CPU, attributed per pod. */
    ResourceWindow startResourceWindow();

    /**
     * Parts of the data plane that died without being told to (a proxy process's exit status and
     * last stderr lines), empty while all is well.
     */
    default List<String> failures() {
        return List.of();
    }

    /**
     * The pod is being deleted (a restart-pod fault): its sidecar goes with it, or its node's
     * ztunnel forgets it, so a fresh {@link #attach} of the same pod can follow. Baseline: nothing.
     */
    default void detach(LocalPod pod) throws Exception {
    }

    /**
     * Kills the data-plane component serving {@code pod} — its sidecar, its node's ztunnel, or the
     * waypoint — and starts a fresh one, returning once the fresh one is ready and every pod it
     * serves is attached to it again. Empty where there is nothing to restart (baseline).
     *
     * @param pods every pod of the deployment (a ztunnel re-enrols those of its node)
     */
    default Optional<Restart> restartServing(LocalPod pod, List<LocalPod> pods) throws Exception {
        return Optional.empty();
    }

    /**
     * Gives {@code service} a weighted route, as a DestinationRule (subsets v1, v2) and a
     * VirtualService do: {@code weight} (0–1) of its requests to the pods {@code v2}, the rest to
     * its own. Weight 0 pushes the v2 endpoints before any request goes there (so the v2 pods can
     * attach). Returns false where the data plane has no L7 route to split — baseline, and ambient
     * without a waypoint (ztunnel sees only L4) — and then nothing changed.
     */
    default boolean route(String service, List<LocalPod> v2, double weight) throws Exception {
        return false;
    }

    /** Drops the service's weighted route and its v2 endpoints (the rollback); nothing where none was set. */
    default void unroute(String service) throws Exception {
    }

    /**
     * What a data-plane restart did.
     *
     * @param removed    what was killed ("pid 1234 sidecar cart-0", or an embedded proxy's instance)
     * @param added      what replaced it, in the same form
     * @param podsServed the pods the component served: every one lost its data plane meanwhile
     * @param method     how, in a few words
     */
    record Restart(String removed, String added, List<String> podsServed, String method) {
        public Restart {
            podsServed = List.copyOf(podsServed);
        }
    }

    @Override
    void close();
}
