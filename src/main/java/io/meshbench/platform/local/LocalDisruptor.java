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
    /** Per service, the pods a rollout put the bad version on (rollBack restores them). */
    private final Map<String, List<LocalPod>> rolledOut = new ConcurrentHashMap<>();

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
     * The bad version runs on the service's pods, replaced one by one. Where the mode splits L7
     * traffic (sidecar, waypoint) only a canary's share of the replicas takes it — round(weight ×
     * replicas), at least one; the local target has no weighted route, so the share is by replica
     * count and the action says so. Ambient (no L7 split without a waypoint) and baseline: all pods.
     */
    @Override
    public FaultAction rollOut(String service, BadVersion version) throws PlatformException {
        Service v1 = deployment.service(service);
        List<LocalPod> replicas = deployment.localPods().stream().filter(p -> p.service().equals(service)).toList();
        boolean splits = deployment.mode() == MeshMode.SIDECAR || deployment.mode() == MeshMode.WAYPOINT;
        int count = splits ? (int) Math.max(1, Math.min(replicas.size(), Math.round(version.canaryWeightPct() / 100.0 * replicas.size())))
                : replicas.size();
        List<LocalPod> targets = replicas.subList(0, count);
        Service v2 = badVersion(v1, version);
        Instant started = Instant.now();
        List<String> removed = new ArrayList<>();
        List<String> added = new ArrayList<>();
        try {
            for (LocalPod p : targets) {
                removed.add(deployment.instanceOf(p.name()));
                deployment.replacePod(p, v2);
                added.add(deployment.instanceOf(p.name()) + " v2");
            }
        } catch (Exception e) {
            throw new PlatformException("rollout of " + service + " v2 failed: " + e.getMessage(), e);
        }
        rolledOut.put(service, targets);
        double share = 100.0 * count / replicas.size();
        String note = splits
                ? String.format(Locale.ROOT, "local target: the canary is by replica count (%d of %d pods run v2, the weight asked "
                + "for was %.0f%%), not an L7 weighted route", count, replicas.size(), version.canaryWeightPct())
                : deployment.mode() == MeshMode.AMBIENT
                ? "ambient without a waypoint cannot split L7 traffic by weight (ztunnel sees only L4): all pods of the service run v2"
                : "no mesh, no L7 split: all pods of the service run v2";
        return new FaultAction("rollout", service, removed, added, started, Instant.now(), share,
                String.format(Locale.ROOT, "local target: pods restarted as v2 (fails %.0f%% of its requests with HTTP 500, "
                        + "adds %d ms), each ready once its readiness probe answered", version.errorSharePct(),
                        version.addedLatency().toMillis()), note);
    }

    @Override
    public FaultAction rollBack(String service) throws PlatformException {
        List<LocalPod> targets = rolledOut.remove(service);
        if (targets == null) throw new PlatformException("nothing of " + service + " was rolled out, so nothing rolls back");
        Service v1 = deployment.service(service);
        Instant started = Instant.now();
        List<String> removed = new ArrayList<>();
        List<String> added = new ArrayList<>();
        try {
            for (LocalPod p : targets) {
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
