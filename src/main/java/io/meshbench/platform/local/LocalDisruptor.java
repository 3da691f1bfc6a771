package io.meshbench.platform.local;

import io.meshbench.core.MeshMode;
import io.meshbench.platform.BadVersion;
import io.meshbench.platform.Disruptor;
import io.meshbench.platform.FaultAction;
import io.meshbench.platform.PlatformException;
import io.meshbench.topology.Service;
import io.meshbench.topology.Step;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The faults of the disruption scenarios on the local target, in either layout: the embedded one
 * replaces proxies inside this JVM, the process one kills proxy processes (SIGKILL) and spawns
 * fresh ones. Every replacement is ready only once its own readiness is seen (a proxy's "ready",
 * a workload's readiness probe) — never after a fixed sleep. The pod hit is the service's first
 * replica, so a run is repeatable.
 */
final class LocalDisruptor implements Disruptor {
    private final LocalDeployment deployment;
    /** Per service, what a rollout changed (rollBack undoes it). */
    private final Map<String, Rollout> rolledOut = new ConcurrentHashMap<>();

    LocalDisruptor(LocalDeployment deployment) {
        this.deployment = deployment;
    }

    @Override
    public FaultAction restartPod(String service) throws PlatformException {
        LocalPod pod = firstPod(service);
        String before = deployment.instanceOf(pod.name());
        Instant started = Instant.now();
        try {
            deployment.replacePod(pod, deployment.service(service));
        } catch (Exception e) {
            throw new PlatformException("restart of pod " + pod.name() + " failed: " + e.getMessage(), e);
        }
        Instant ready = Instant.now();
        String how = deployment.mode() == MeshMode.SIDECAR
                ? "pod deleted with its sidecar; a fresh pod started, ready once its fresh sidecar was and its readiness probe answered"
                : deployment.mode().meshed()
                ? "pod deleted and unenrolled from its node's ztunnel; a fresh pod enrolled and ready once its readiness probe answered"
                : "pod deleted; a fresh pod ready once its readiness probe answered";
        return new FaultAction("restart-pod", service, List.of(before), List.of(deployment.instanceOf(pod.name())),
                started, ready, null, "local target: " + how, null);
    }

    @Override
    public FaultAction restartDataPlaneOf(String service) throws PlatformException {
        LocalPod pod = firstPod(service);
        Instant started = Instant.now();
        Optional<LocalDataPlane.Restart> restart;
        try {
            restart = deployment.dataPlane().restartServing(pod, deployment.localPods());
            restart.ifPresent(r -> deployment.reopenIngress(r.podsServed()));
        } catch (Exception e) {
            throw new PlatformException("restart of the data plane serving " + pod.name() + " failed: " + e.getMessage(), e);
        }
        if (restart.isEmpty()) {
            return new FaultAction("restart-dataplane", service, List.of(), List.of(), started, null, null,
                    "local target: nothing restarted", "baseline has no data plane: nothing was restarted (the control)");
        }
        LocalDataPlane.Restart r = restart.get();
        return new FaultAction("restart-dataplane", service, List.of(r.removed()), List.of(r.added()), started,
                Instant.now(), null, "local target: " + r.method(),
                r.podsServed().size() + " pods lost their data plane meanwhile: " + String.join(", ", r.podsServed()));
    }

    /**
     * Where the mode splits L7 traffic (sidecar, waypoint) the bad version is a canary, as on
     * Kubernetes: one v2 pod beside the service's own ({@code <svc>-v2-<n>}), and a weighted route
     * in the proxies sending {@code canaryWeight} of the service's requests to it — pushed at weight
     * 0 first, so the pod can attach, then at the weight once it is ready. Ambient (ztunnel sees
     * only L4, no L7 split without a waypoint) and baseline: the service's own pods are restarted as
     * v2, so it takes all of the traffic, and the action says why.
     */
    @Override
    public FaultAction rollOut(String service, BadVersion version) throws PlatformException {
        Service v1 = deployment.service(service);
        Service v2 = badVersion(v1, version);
        Instant started = Instant.now();
        if (deployment.mode() == MeshMode.SIDECAR || deployment.mode() == MeshMode.WAYPOINT) {
            return canary(service, v2, version, started);
        }
        List<LocalPod> replicas = deployment.localPods().stream().filter(p -> p.service().equals(service)).toList();
        List<String> removed = new ArrayList<>();
        List<String> added = new ArrayList<>();
        try {
            for (LocalPod p : replicas) {
                removed.add(deployment.instanceOf(p.name()));
                deployment.replacePod(p, v2);
                added.add(deployment.instanceOf(p.name()) + " v2");
            }
        } catch (Exception e) {
            throw new PlatformException("rollout of " + service + " v2 failed: " + e.getMessage(), e);
        }
        rolledOut.put(service, new Rollout(replicas, List.of()));
        String note = deployment.mode() == MeshMode.AMBIENT
                ? "ambient without a waypoint cannot split L7 traffic by weight (ztunnel sees only L4): all pods of the service run v2"
                : "no mesh, no L7 split: all pods of the service run v2";
        return new FaultAction("rollout", service, removed, added, started, Instant.now(), 100.0,
                String.format(Locale.ROOT, "local target: the service's pods restarted as v2 (fails %.0f%% of its requests "
                        + "with HTTP 500, adds %d ms), each ready once its readiness probe answered", version.errorSharePct(),
                        version.addedLatency().toMillis()), note);
    }

    private FaultAction canary(String service, Service v2, BadVersion version, Instant started) throws PlatformException {
        LocalPod pod = deployment.extraPod(service, "v2");
        double weight = version.canaryWeightPct() / 100.0;
        LocalDataPlane plane = deployment.dataPlane();
        try {
            if (!plane.route(service, List.of(pod), 0)) {
                throw new PlatformException("the " + deployment.mode() + " data plane has no L7 route to split " + service);
            }
            deployment.startExtraPod(pod, v2);
            plane.route(service, List.of(pod), weight);
        } catch (PlatformException e) {
            throw e;
        } catch (Exception e) {
            throw new PlatformException("rollout of " + service + " v2 failed: " + e.getMessage(), e);
        }
        rolledOut.put(service, new Rollout(List.of(), List.of(pod)));
        String proxies = deployment.mode() == MeshMode.SIDECAR ? "every caller's sidecar" : "the waypoint";
        return new FaultAction("rollout", service, List.of(), List.of(deployment.instanceOf(pod.name()) + " v2"), started,
                Instant.now(), version.canaryWeightPct(),
                String.format(Locale.ROOT, "local target: a v2 pod (fails %.0f%% of its requests with HTTP 500, adds %d ms) "
                        + "started beside the service's own, ready once its readiness probe answered; then %s routed "
                        + "%.0f%% of the service's requests to it (a weighted route, as a VirtualService's)",
                        version.errorSharePct(), version.addedLatency().toMillis(), proxies, version.canaryWeightPct()),
                String.format(Locale.ROOT, "weighted L7 canary: %.0f%% of the requests to %s went to v2, applied by %s",
                        version.canaryWeightPct(), service, proxies));
    }

    @Override
    public FaultAction rollBack(String service) throws PlatformException {
        Rollout rollout = rolledOut.remove(service);
        if (rollout == null) throw new PlatformException("nothing of " + service + " was rolled out, so nothing rolls back");
        Service v1 = deployment.service(service);
        Instant started = Instant.now();
        List<String> removed = new ArrayList<>();
        List<String> added = new ArrayList<>();
        try {
            if (!rollout.canaryPods().isEmpty()) {
                // Weight 0 first, so no request is sent to a pod being deleted; its endpoint goes
                // last (a ztunnel unenrols it by name).
                LocalDataPlane plane = deployment.dataPlane();
                plane.route(service, rollout.canaryPods(), 0);
                for (LocalPod p : rollout.canaryPods()) {
                    removed.add(deployment.instanceOf(p.name()) + " v2");
                    deployment.stopExtraPod(p);
                }
                plane.unroute(service);
                return new FaultAction("rollback", service, removed, added, started, Instant.now(), null,
                        "local target: the weighted route dropped (all requests to v1 again), then the v2 pod deleted", null);
            }
            for (LocalPod p : rollout.replaced()) {
                removed.add(deployment.instanceOf(p.name()) + " v2");
                deployment.replacePod(p, v1);
                added.add(deployment.instanceOf(p.name()));
            }
        } catch (Exception e) {
            throw new PlatformException("rollback of " + service + " failed: " + e.getMessage(), e);
        }
        return new FaultAction("rollback", service, removed, added, started, Instant.now(), null,
                "local target: v2 pods restarted as v1, each ready once its readiness probe answered", null);
    }

    /** What a rollout changed: the service's own pods restarted as v2, or the canary pods added beside them. */
    private record Rollout(List<LocalPod> replaced, List<LocalPod> canaryPods) {
    }

    /** The same service, failing the version's share with HTTP 500 and sleeping its added latency first. */
    static Service badVersion(Service v1, BadVersion version) {
        List<Step> script = new ArrayList<>();
        if (!version.addedLatency().isZero()) script.add(new Step.Sleep(version.addedLatency()));
        script.addAll(v1.script());
        return new Service(v1.name(), v1.replicas(), v1.entrypoint(), v1.responseSizeBytes(),
                Math.max(v1.errorRate(), version.errorFraction()), script);
    }

    private LocalPod firstPod(String service) throws PlatformException {
        return deployment.localPods().stream().filter(p -> p.service().equals(service)).findFirst()
                .orElseThrow(() -> new PlatformException("no pod of service '" + service + "' is running"));
    }
}
