package io.meshbench.platform.kubernetes;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodList;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.FilterWatchListDeletable;
import io.fabric8.kubernetes.client.dsl.PodResource;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.meshbench.core.MeshMode;
import io.meshbench.platform.BadVersion;
import io.meshbench.platform.Disruptor;
import io.meshbench.platform.FaultAction;
import io.meshbench.platform.PlatformException;
import io.meshbench.topology.Topology;

import java.io.PrintStream;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * Faults on the cluster, for one mode's namespace:
 * <ul>
 *   <li>restart-pod: deletes one Ready pod of the service; its ReplicaSet creates a fresh pod, and
 *       the action returns when a watch sees that new pod Ready (kubelet's readiness probe, and in
 *       sidecar mode the proxy's, decide that — no fixed wait).
 *   <li>restart-dataplane: sidecar — the pod is deleted as above: the proxy is a container of the
 *       pod and Kubernetes has no API to restart one container (a proxy upgrade restarts the pod
 *       too); ambient — the ztunnel pod of the node one pod of the service runs on is deleted in
 *       {@code istio-system}, and its DaemonSet starts a fresh one on that node; waypoint — the
 *       namespace's waypoint pod is deleted and its Deployment replaces it; baseline — nothing.
 *   <li>bad rollout and rollback: {@code -Ddeploy=argocd} commits the bad version's objects
 *       ({@link BadVersionRenderer}) to the mode's folder, asks ArgoCD to refresh and waits until the
 *       Application is Synced + Healthy at that commit; the rollback is a {@code git revert} of that
 *       commit, synced the same way (ArgoCD prunes what the revert removed). {@code -Ddeploy=direct}
 *       creates and deletes the same objects with fabric8.
 * </ul>
 *
 * <p>Deleting a ztunnel pod touches a pod the run did not create: that is the fault being measured
 * (ztunnel is per node by design, so its restart reaches every ambient pod there). It is guarded:
 * only a pod labelled {@code app=ztunnel} in {@code istio-system}, owned by a DaemonSet when it has
 * an owner, on a node where this run has a pod, and only when no ambient pod of another tenant
 * (a namespace not labelled with this run's id) runs on that node — otherwise the fault is refused
 * with the pods it would have hit.
 */
final class KubernetesDisruptor implements Disruptor {
    static final String ZTUNNEL_LABEL_VALUE = "ztunnel";
    static final String REFRESH_ANNOTATION = "argocd.argoproj.io/refresh";

    private final KubernetesClient client;
    private final KubernetesSettings settings;
    private final RenderedMode rendered;
    private final Topology topology;
    private final GitOpsPublisher publisher;
    private final PrintStream log;
    private final Map<String, Rollout> rollouts = new HashMap<>();

    /** A rollout in place: its commit (GitOps) or the objects it created (direct), and v1 as rendered. */
    private record Rollout(String commit, List<HasMetadata> added, Deployment v1) {
    }

    KubernetesDisruptor(KubernetesClient client, KubernetesSettings settings, RenderedMode rendered, Topology topology,
                        GitOpsPublisher publisher, PrintStream log) {
        this.client = client;
        this.settings = settings;
        this.rendered = rendered;
        this.topology = topology;
        this.publisher = publisher;
        this.log = log;
    }

    private String ns() {
        return rendered.namespace();
    }

    private MeshMode mode() {
        return rendered.mode();
    }

    @Override
    public FaultAction restartPod(String service) throws PlatformException {
        return replacePod("restart-pod", service, ns(), victim(service), servicePods(service), p -> true,
                "pod delete; its ReplicaSet created a fresh pod; Ready seen on a watch");
    }

    @Override
    public FaultAction restartDataPlaneOf(String service) throws PlatformException {
        return switch (mode()) {
            case BASELINE -> new FaultAction("restart-dataplane", service, List.of(), List.of(), Instant.now(), null, null,
                    "none", "baseline has no data plane: nothing was restarted (the control for the meshed modes)");
            case SIDECAR -> {
                FaultAction a = replacePod("restart-dataplane", service, ns(), victim(service), servicePods(service), p -> true,
                        "pod delete (sidecar and workload restart together); ReplicaSet created a fresh pod; Ready seen on a watch");
                yield new FaultAction(a.action(), a.service(), a.removed(), a.added(), a.started(), a.ready(), null, a.method(),
                        "in sidecar mode the proxy is a container of the pod: Kubernetes restarts it with its pod");
            }
            case AMBIENT -> restartZtunnel(service);
            case WAYPOINT -> {
                Pod waypoint = pods(client.pods().inNamespace(ns()).withLabel(ResourceSampler.WAYPOINT_LABEL)).stream()
                        .filter(p -> p.getMetadata().getDeletionTimestamp() == null).min(Comparator.comparing(p -> p.getMetadata().getName()))
                        .orElseThrow(() -> new PlatformException("no waypoint pod in " + ns() + " to restart"));
                yield replacePod("restart-dataplane", service, ns(), waypoint,
                        client.pods().inNamespace(ns()).withLabel(ResourceSampler.WAYPOINT_LABEL), p -> true,
                        "waypoint pod delete; its Deployment created a fresh pod; Ready seen on a watch");
            }
        };
    }

    private FaultAction restartZtunnel(String service) throws PlatformException {
        Pod target = victim(service);
        String node = target.getSpec() == null ? null : target.getSpec().getNodeName();
        if (node == null) throw new PlatformException("pod " + ns() + "/" + target.getMetadata().getName() + " is on no node");
        var ztunnels = client.pods().inNamespace(Prerequisites.ISTIO_NAMESPACE).withLabel("app", ZTUNNEL_LABEL_VALUE);
        Pod ztunnel = pods(ztunnels).stream().filter(z -> z.getSpec() != null && node.equals(z.getSpec().getNodeName()))
                .findFirst().orElseThrow(() -> new PlatformException("no ztunnel pod in " + Prerequisites.ISTIO_NAMESPACE
                        + " on node " + node + " — is the ztunnel DaemonSet running there?"));
        List<String> refusals = ztunnelGuard(ztunnel, node);
        if (!refusals.isEmpty()) throw new PlatformException(refusals, null);
        FaultAction a = replacePod("restart-dataplane", service, Prerequisites.ISTIO_NAMESPACE, ztunnel,
                ztunnels, z -> z.getSpec() != null && node.equals(z.getSpec().getNodeName()),
                "ztunnel pod delete on node " + node + "; its DaemonSet created a fresh one; Ready seen on a watch");
        return new FaultAction(a.action(), a.service(), a.removed(), a.added(), a.started(), a.ready(), null, a.method(),
                "ztunnel serves every ambient pod on node " + node + ", not only " + service + "'s");
    }

    /** Why deleting this ztunnel pod is not ours to do, if it is not (empty when allowed). */
    List<String> ztunnelGuard(Pod ztunnel, String node) {
        List<String> problems = new ArrayList<>();
        List<OwnerReference> owners = ztunnel.getMetadata().getOwnerReferences();
        if (owners != null && !owners.isEmpty()
                && owners.stream().noneMatch(o -> "DaemonSet".equals(o.getKind()) && ZTUNNEL_LABEL_VALUE.equals(o.getName()))) {
            problems.add("refusing to delete " + Prerequisites.ISTIO_NAMESPACE + "/" + ztunnel.getMetadata().getName()
                    + ": it is not owned by the ztunnel DaemonSet, so nothing would replace it");
        }
        Set<String> ambientOfOthers = new TreeSet<>();
        for (Pod p : client.pods().inAnyNamespace().list().getItems()) {
            if (p.getSpec() == null || !node.equals(p.getSpec().getNodeName())) continue;
            String podNs = p.getMetadata().getNamespace();
            if (Prerequisites.ISTIO_NAMESPACE.equals(podNs)) continue;
            Namespace n = client.namespaces().withName(podNs).get();
            Map<String, String> labels = n == null || n.getMetadata().getLabels() == null ? Map.of() : n.getMetadata().getLabels();
            if ("ambient".equals(labels.get(Labels.DATAPLANE_MODE)) && !settings.runId().equals(labels.get(Labels.RUN_ID))) {
                ambientOfOthers.add(podNs + "/" + p.getMetadata().getName());
            }
        }
        if (!ambientOfOthers.isEmpty()) {
            problems.add("refusing to restart the ztunnel on node " + node + ": ambient pods of other tenants run there ("
                    + ambientOfOthers.stream().limit(5).collect(Collectors.joining(", "))
                    + (ambientOfOthers.size() > 5 ? ", …" : "") + ") and would lose their data plane too — run "
                    + "restart-dataplane on a cluster (or nodes) dedicated to the benchmark");
        }
        return problems;
    }

    private FilterWatchListDeletable<Pod, PodList, PodResource> servicePods(String service) {
        return client.pods().inNamespace(ns()).withLabel(Labels.APP, service).withLabel(Labels.RUN_ID, settings.runId());
    }

    /** The first Ready pod of the service by name, so a run hits the same pod position each time. */
    private Pod victim(String service) throws PlatformException {
        List<Pod> candidates = pods(servicePods(service)).stream().filter(KubernetesDisruptor::ready)
                .sorted(Comparator.comparing(p -> p.getMetadata().getName())).toList();
        if (candidates.isEmpty()) throw new PlatformException("no Ready pod of service " + service + " in " + ns());
        return candidates.get(0);
    }

    /**
     * Deletes {@code victim} and waits on a watch of {@code group} (the pods its controller keeps)
     * until a pod that was not there before is Ready.
     */
    private FaultAction replacePod(String action, String service, String namespace, Pod victim,
                                   FilterWatchListDeletable<Pod, PodList, PodResource> group,
                                   Predicate<Pod> replacement, String method) throws PlatformException {
        Set<String> before = pods(group).stream().map(p -> p.getMetadata().getName()).collect(Collectors.toSet());
        String name = victim.getMetadata().getName();
        Instant started = Instant.now();
        try {
            client.pods().inNamespace(namespace).withName(name).delete();
        } catch (KubernetesClientException e) {
            throw new PlatformException("could not delete pod " + namespace + "/" + name + ": " + e.getMessage(), e);
        }
        log.println("  disruption: deleted pod " + namespace + "/" + name + " (" + action + " of " + service + ")");
        Predicate<Pod> fresh = p -> !before.contains(p.getMetadata().getName()) && replacement.test(p) && ready(p);
        List<Pod> now = await(group, list -> list.stream().anyMatch(fresh),
                "a fresh pod replacing " + namespace + "/" + name + " to become Ready");
        Instant ready = Instant.now();
        List<String> added = now.stream().filter(fresh)
                .map(p -> namespace + "/" + p.getMetadata().getName()).sorted().toList();
        return new FaultAction(action, service, List.of(namespace + "/" + name), added, started, ready, null, method, null);
    }

    @Override
    public synchronized FaultAction rollOut(String service, BadVersion version) throws PlatformException {
        if (rollouts.containsKey(service)) throw new PlatformException("a rollout of " + service + " is already in place");
        List<HasMetadata> added = BadVersionRenderer.added(rendered, topology, service, version);
        Deployment scaledDown = BadVersionRenderer.v1ScaledDown(rendered, service);
        Deployment v1 = BadVersionRenderer.v1(rendered, service);
        double share = BadVersionRenderer.trafficSharePct(mode(), version);
        String note = BadVersionRenderer.splitsByWeight(mode()) ? null
                : mode() + " without a waypoint cannot split L7 traffic by weight, so the rollout went to all pods of "
                + "the version (" + BadVersionRenderer.v2Name(service) + " took all replicas, " + service + " scaled to 0)";
        List<String> names = added.stream().map(DirectDeployer::describe).collect(Collectors.toList());
        if (scaledDown != null) names.add(DirectDeployer.describe(scaledDown) + " scaled to 0");
        Instant started = Instant.now();
        String commit = null;
        String method;
        if (publisher != null) {
            String message = String.format(Locale.ROOT, "meshbench run %s: bad version of %s (%s%% errors, +%d ms, %s%% of traffic)",
                    settings.runId(), service, trim(version.errorSharePct()), version.addedLatency().toMillis(), trim(share));
            commit = publisher.commit(message, publisher.modePath(mode()), folder -> {
                for (HasMetadata o : added) GitOpsPublisher.write(folder, "90", o);
                if (scaledDown != null) {
                    try (var files = Files.list(folder)) {
                        for (var f : files.filter(f -> f.getFileName().toString().endsWith(GitOpsPublisher.fileName("", v1)))
                                .toList()) {
                            Files.writeString(f, Serialization.asYaml(scaledDown));
                        }
                    }
                }
            });
            sync(commit);
            method = "git commit " + commit.substring(0, 10) + ", synced by ArgoCD (Synced + Healthy at that commit)";
        } else {
            DirectDeployer direct = new DirectDeployer(client, null, log);
            for (HasMetadata o : added) direct.apply(o);
            if (scaledDown != null) direct.apply(scaledDown);
            awaitAvailable(BadVersionRenderer.v2Name(service));
            method = "direct create with fabric8; " + BadVersionRenderer.v2Name(service) + " available";
        }
        rollouts.put(service, new Rollout(commit, added, v1));
        log.println("  disruption: rolled out " + BadVersionRenderer.v2Name(service) + " in " + ns() + " (" + trim(share)
                + "% of traffic)");
        return new FaultAction("rollout", service, scaledDown == null ? List.of() : List.of(DirectDeployer.describe(v1)),
                names, started, Instant.now(), share, method, note);
    }

    @Override
    public synchronized FaultAction rollBack(String service) throws PlatformException {
        Rollout rollout = rollouts.get(service);
        if (rollout == null) throw new PlatformException("no rollout of " + service + " to roll back");
        Instant started = Instant.now();
        String method;
        if (rollout.commit() != null) {
            String revert = publisher.revert(rollout.commit(), "meshbench run " + settings.runId()
                    + ": rollback of the bad version of " + service + " after detection");
            sync(revert);
            method = "git revert " + revert.substring(0, 10) + " of " + rollout.commit().substring(0, 10)
                    + ", synced by ArgoCD (pruned the bad version)";
        } else {
            for (HasMetadata o : rollout.added()) delete(o);
            if (!BadVersionRenderer.splitsByWeight(mode())) new DirectDeployer(client, null, log).apply(rollout.v1());
            method = "direct delete of the bad version with fabric8";
        }
        awaitAvailable(service);
        rollouts.remove(service);
        log.println("  disruption: rolled back " + BadVersionRenderer.v2Name(service) + " in " + ns());
        List<String> removed = rollout.added().stream().map(DirectDeployer::describe).toList();
        List<String> restored = BadVersionRenderer.splitsByWeight(mode()) ? List.of()
                : List.of(DirectDeployer.describe(rollout.v1()) + " back to " + rollout.v1().getSpec().getReplicas() + " replicas");
        return new FaultAction("rollback", service, removed, restored, started, Instant.now(), null, method, null);
    }

    /** Asks ArgoCD to refresh now (not at its next poll) and waits for Synced + Healthy at {@code commit}. */
    private void sync(String commit) throws PlatformException {
        String app = ns();
        try {
            client.genericKubernetesResources(ResourceKinds.APPLICATION).inNamespace(Prerequisites.ARGOCD_NAMESPACE)
                    .withName(app).edit(a -> {
                        Map<String, String> annotations = new HashMap<>();
                        if (a.getMetadata().getAnnotations() != null) annotations.putAll(a.getMetadata().getAnnotations());
                        annotations.put(REFRESH_ANNOTATION, "normal");
                        a.getMetadata().setAnnotations(annotations);
                        return a;
                    });
        } catch (KubernetesClientException e) {
            throw new PlatformException("could not ask ArgoCD to refresh Application " + app + ": " + e.getMessage(), e);
        }
        new ApplicationWaiter(client).await(app, commit, Instant.now().plus(settings.deployTimeout()));
    }

    private void awaitAvailable(String deployment) throws PlatformException {
        try {
            client.apps().deployments().inNamespace(ns()).withName(deployment)
                    .waitUntilCondition(DirectDeployer::available, settings.deployTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (KubernetesClientException e) {
            throw new PlatformException("Deployment " + ns() + "/" + deployment + " not available within "
                    + settings.deployTimeout().toSeconds() + " s — see 'kubectl -n " + ns() + " describe deployment "
                    + deployment + "', or raise -Ddeploy.timeout", e);
        }
    }

    private void delete(HasMetadata o) {
        client.resource(o).delete();
    }

    private List<Pod> await(FilterWatchListDeletable<Pod, PodList, PodResource> group,
                            Predicate<List<Pod>> condition, String what) throws PlatformException {
        Duration timeout = settings.deployTimeout();
        CompletableFuture<List<Pod>> future = group.informOnCondition(condition);
        try {
            return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new PlatformException("timed out after " + timeout.toSeconds() + " s waiting for " + what
                    + " — look at 'kubectl get pods' and events, or raise -Ddeploy.timeout", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PlatformException("interrupted waiting for " + what, e);
        } catch (ExecutionException e) {
            throw new PlatformException("watch failed waiting for " + what + ": " + e.getCause().getMessage(), e);
        } finally {
            future.cancel(true);
        }
    }

    private static List<Pod> pods(FilterWatchListDeletable<Pod, PodList, PodResource> group) {
        return group.list().getItems();
    }

    static boolean ready(Pod p) {
        if (p.getMetadata().getDeletionTimestamp() != null || p.getStatus() == null || p.getStatus().getConditions() == null) {
            return false;
        }
        return p.getStatus().getConditions().stream().anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
    }

    private static String trim(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }
}
