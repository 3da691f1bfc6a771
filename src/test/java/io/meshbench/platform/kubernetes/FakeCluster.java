package io.meshbench.platform.kubernetes;

import io.fabric8.kubernetes.api.model.APIServiceBuilder;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionBuilder;
import io.fabric8.kubernetes.api.model.apps.DaemonSetBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.metrics.v1beta1.PodMetricsBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.KubernetesClientTimeoutException;
import io.fabric8.kubernetes.client.VersionInfo;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogWriter;
import org.eclipse.jgit.api.Git;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Stream;

/**
 * A mock API server in CRUD mode dressed as a healthy 3-node cluster with Istio (ambient
 * profile), ArgoCD and metrics-server, plus the controllers that are missing from it: a
 * Deployment controller that makes pods and moves their conditions (and injects an istio-proxy
 * container in sidecar namespaces), a garbage collector, a waypoint controller, a metrics-server
 * and a small ArgoCD that syncs Applications from a Git repository.
 *
 * <p>The fake has no ReplicaSets: a workload pod's controlling owner is its Deployment, a waypoint
 * pod's its Gateway, each by uid as in Kubernetes, and the garbage collector deletes a pod whose
 * owner is gone — whichever happens first, the owner's deletion or the pod's creation by a
 * controller that was still working when its owner was deleted.
 */
final class FakeCluster implements AutoCloseable {
    static final int NODES = 3;
    static final long WORKLOAD_BYTES = 200L << 20;
    static final long PROXY_BYTES = 50L << 20;
    static final long ZTUNNEL_BYTES = 12L << 20;
    static final long WAYPOINT_BYTES = 30L << 20;

    final KubernetesMockServer server;
    final KubernetesClient client;
    /** Deployments whose pods never become Ready. */
    final Set<String> neverReady = ConcurrentHashMap.newKeySet();
    /** Modes whose ArgoCD Application turns Degraded after syncing. */
    final Set<String> degradedModes = ConcurrentHashMap.newKeySet();
    /** Modes whose ArgoCD Application never reports any status. */
    final Set<String> silentModes = ConcurrentHashMap.newKeySet();
    /**
     * Off by default so teardown tests see no late replacements: when on, a deleted workload pod is
     * replaced by its Deployment (ReplicaSet), a ztunnel pod by its DaemonSet, a waypoint pod by its
     * Deployment, each under a fresh name and walked to Ready, as the real controllers do.
     */
    volatile boolean replaceDeletedPods;
    private final java.util.concurrent.atomic.AtomicInteger replacements = new java.util.concurrent.atomic.AtomicInteger();
    private final Map<String, String> revisionByApp = new ConcurrentHashMap<>();
    private final ExecutorService workers = Executors.newFixedThreadPool(4, r -> {
        Thread t = new Thread(r, "fake-controller");
        t.setDaemon(true);
        return t;
    });
    private final List<Watch> watches = new ArrayList<>();
    private final Map<String, List<HasMetadata>> syncedByApp = new ConcurrentHashMap<>();
    /**
     * ArgoCD's application controller, apart from the Deployment controller's workers: it waits
     * for the Deployments those workers bring up, and takes each Application's events in order.
     */
    private final ExecutorService argocd = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "fake-argocd");
        t.setDaemon(true);
        return t;
    });
    /**
     * How long the fake ArgoCD waits for a synced Deployment to become available before it reports
     * the sync Failed. Far beyond any test's deploy timeout, so the harness's own deadline decides
     * (a real ArgoCD keeps the operation Running until its resources are healthy).
     */
    static final java.time.Duration ARGOCD_HEALTH_WAIT = java.time.Duration.ofMinutes(5);
    private final Set<String> handledApps = ConcurrentHashMap.newKeySet();
    /** Deployments (by uid) whose pods the controller has made. */
    private final Set<String> handledDeployments = ConcurrentHashMap.newKeySet();
    final List<String> errors = new java.util.concurrent.CopyOnWriteArrayList<>();

    FakeCluster() {
        server = MockCluster.newServer();
        server.init();
        VersionInfo version = new VersionInfo.Builder().withMajor("1").withMinor("30").withGitVersion("v1.30.2").build();
        server.setVersionInfo(version);
        client = server.createClient();
        installHealthyCluster();
        startControllers();
    }

    private void installHealthyCluster() {
        for (String[] crd : new String[][]{
                {"argoproj.io", "v1alpha1", "applications", "Application"},
                {"argoproj.io", "v1alpha1", "appprojects", "AppProject"},
                {"gateway.networking.k8s.io", "v1", "gateways", "Gateway"},
                {"security.istio.io", "v1", "peerauthentications", "PeerAuthentication"},
                {"telemetry.istio.io", "v1", "telemetries", "Telemetry"},
                {"networking.istio.io", "v1", "destinationrules", "DestinationRule"},
                {"networking.istio.io", "v1", "virtualservices", "VirtualService"},
                {"metrics.k8s.io", "v1beta1", "pods", "PodMetrics"}}) {
            client.apiextensions().v1().customResourceDefinitions().resource(new CustomResourceDefinitionBuilder()
                    .withNewMetadata().withName(crd[2] + "." + crd[0]).endMetadata()
                    .withNewSpec().withGroup(crd[0]).withScope("Namespaced")
                    .withNewNames().withKind(crd[3]).withPlural(crd[2]).endNames()
                    .addNewVersion().withName(crd[1]).withServed(true).withStorage(true)
                    .withNewSubresources().withNewStatus().endStatus().endSubresources().endVersion()
                    .endSpec().build()).create();
        }
        for (int i = 0; i < NODES; i++) {
            client.nodes().resource(new NodeBuilder().withNewMetadata().withName("node-" + i).endMetadata()
                    .withNewStatus().addToCapacity("memory", new Quantity("16Gi")).addToCapacity("cpu", new Quantity("4"))
                    .addNewCondition().withType("Ready").withStatus("True").endCondition().endStatus().build()).create();
        }
        client.apps().deployments().inNamespace("istio-system").resource(readyDeployment("istiod", "istio-system",
                "docker.io/istio/pilot:1.23.0")).create();
        client.apps().deployments().inNamespace("istio-system").withName("istiod").editStatus(d -> {
            d.setStatus(new io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder().withReadyReplicas(1).build());
            return d;
        });
        client.apps().daemonSets().inNamespace("istio-system").resource(new DaemonSetBuilder()
                .withNewMetadata().withName("ztunnel").withNamespace("istio-system").endMetadata()
                .withNewStatus().withNumberReady(NODES).withDesiredNumberScheduled(NODES).endStatus().build()).create();
        client.apps().deployments().inNamespace("argocd").resource(readyDeployment("argocd-server", "argocd",
                "quay.io/argoproj/argocd:v2.12.0")).create();
        client.apps().deployments().inNamespace("argocd").withName("argocd-server").editStatus(d -> {
            d.setStatus(new io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder().withReadyReplicas(1).build());
            return d;
        });
        client.apiServices().resource(new APIServiceBuilder().withNewMetadata().withName("v1beta1.metrics.k8s.io").endMetadata()
                .withNewStatus().addNewCondition().withType("Available").withStatus("True").endCondition().endStatus().build()).create();
        for (int i = 0; i < NODES; i++) {
            String name = "ztunnel-" + i;
            client.pods().inNamespace("istio-system").resource(new PodBuilder().withNewMetadata().withName(name)
                    .withNamespace("istio-system").addToLabels("app", "ztunnel").endMetadata()
                    .withNewSpec().withNodeName("node-" + i).addNewContainer().withName("istio-proxy").withImage("ztunnel").endContainer()
                    .endSpec().build()).create();
            podMetrics("istio-system", name, Map.of("istio-proxy", ZTUNNEL_BYTES));
            expectProxy("istio-system", name, 15020, ztunnelExposition());
        }
    }

    private static Deployment readyDeployment(String name, String ns, String image) {
        return new DeploymentBuilder().withNewMetadata().withName(name).withNamespace(ns).endMetadata()
                .withNewSpec().withReplicas(1).withNewTemplate().withNewSpec()
                .addNewContainer().withName(name).withImage(image).endContainer().endSpec().endTemplate().endSpec()
                .build();
    }

    private void startControllers() {
        watches.add(client.apps().deployments().inAnyNamespace().watch(new Watcher<>() {
            @Override
            public void eventReceived(Action action, Deployment d) {
                String ns = d.getMetadata().getNamespace();
                if (!ns.startsWith("mb-")) return;
                String uid = d.getMetadata().getUid();
                if (action == Action.DELETED) {
                    handledDeployments.remove(uid);
                    workers.submit(() -> safely(() -> collectPodsOwnedBy(ns, uid)));
                } else if (handledDeployments.add(uid)) {
                    workers.submit(() -> safely(() -> runDeployment(d)));
                }
            }

            @Override
            public void onClose(WatcherException cause) {
            }
        }));
        watches.add(client.pods().inAnyNamespace().watch(new Watcher<>() {
            @Override
            public void eventReceived(Action action, Pod pod) {
                if (action == Action.ADDED && controller(pod) != null) workers.submit(() -> safely(() -> collectIfOrphan(pod)));
                if (action == Action.DELETED && replaceDeletedPods) workers.submit(() -> safely(() -> replace(pod)));
            }

            @Override
            public void onClose(WatcherException cause) {
            }
        }));
        watches.add(client.genericKubernetesResources(ResourceKinds.GATEWAY).inAnyNamespace().watch(new Watcher<>() {
            @Override
            public void eventReceived(Action action, GenericKubernetesResource g) {
                if (action == Action.ADDED) workers.submit(() -> safely(() -> runWaypoint(g)));
                if (action == Action.DELETED) {
                    workers.submit(() -> safely(() -> collectPodsOwnedBy(g.getMetadata().getNamespace(), g.getMetadata().getUid())));
                }
            }

            @Override
            public void onClose(WatcherException cause) {
            }
        }));
        watches.add(client.genericKubernetesResources(ResourceKinds.APPLICATION).inNamespace("argocd").watch(new Watcher<>() {
            @Override
            public void eventReceived(Action action, GenericKubernetesResource app) {
                argocd.submit(() -> safely(() -> runApplication(action, app)));
            }

            @Override
            public void onClose(WatcherException cause) {
            }
        }));
    }

    private void safely(ThrowingRunnable r) {
        try {
            r.run();
        } catch (Exception e) {
            errors.add(e.toString());
        }
    }

    interface ThrowingRunnable {
        void run() throws Exception;
    }

    /** The pod's controlling owner reference, or null. */
    private static OwnerReference controller(Pod pod) {
        List<OwnerReference> owners = pod.getMetadata().getOwnerReferences();
        return owners == null ? null : owners.stream().filter(o -> Boolean.TRUE.equals(o.getController())).findFirst().orElse(null);
    }

    private static OwnerReference controlledBy(HasMetadata owner) {
        return new OwnerReferenceBuilder().withApiVersion(owner.getApiVersion()).withKind(owner.getKind())
                .withName(owner.getMetadata().getName()).withUid(owner.getMetadata().getUid())
                .withController(true).withBlockOwnerDeletion(true).build();
    }

    /** The garbage collector on an owner's deletion: every pod it controls goes. */
    private void collectPodsOwnedBy(String ns, String ownerUid) {
        for (Pod p : client.pods().inNamespace(ns).list().getItems()) {
            OwnerReference owner = controller(p);
            if (owner != null && ownerUid.equals(owner.getUid())) client.pods().inNamespace(ns).withName(p.getMetadata().getName()).delete();
        }
    }

    /** The garbage collector on a pod's creation: a pod whose owner is already gone goes at once. */
    private void collectIfOrphan(Pod pod) {
        OwnerReference owner = controller(pod);
        String ns = pod.getMetadata().getNamespace();
        HasMetadata current = switch (owner.getKind()) {
            case "Deployment" -> client.apps().deployments().inNamespace(ns).withName(owner.getName()).get();
            case "Gateway" -> client.genericKubernetesResources(ResourceKinds.GATEWAY).inNamespace(ns).withName(owner.getName()).get();
            default -> throw new IllegalStateException("the fake garbage collector knows no owner kind " + owner.getKind());
        };
        if (current == null || !owner.getUid().equals(current.getMetadata().getUid())) {
            client.pods().inNamespace(ns).withName(pod.getMetadata().getName()).delete();
        }
    }

    private void runDeployment(Deployment d) throws Exception {
        String ns = d.getMetadata().getNamespace();
        Namespace namespace = client.namespaces().withName(ns).get();
        boolean inject = namespace != null && "enabled".equals(namespace.getMetadata().getLabels().get(Labels.INJECTION));
        int replicas = d.getSpec().getReplicas();
        List<String> pods = new ArrayList<>();
        for (int i = 0; i < replicas; i++) {
            // named as a ReplicaSet names them: a re-created Deployment's pods never clash with its predecessor's
            String name = d.getMetadata().getName() + "-" + d.getMetadata().getUid().substring(0, 5) + "-" + i;
            PodBuilder pod = new PodBuilder().withNewMetadata().withName(name).withNamespace(ns)
                    .withLabels(d.getSpec().getTemplate().getMetadata().getLabels()).withOwnerReferences(controlledBy(d)).endMetadata()
                    .withSpec(d.getSpec().getTemplate().getSpec());
            pod.editSpec().withNodeName("node-" + (pods.size() + d.getMetadata().getName().length()) % NODES).endSpec();
            if (inject) pod.editSpec().addToContainers(new ContainerBuilder().withName("istio-proxy").withImage("proxyv2").build()).endSpec();
            client.pods().inNamespace(ns).resource(pod.build()).create();
            podMetrics(ns, name, inject ? Map.of("workload", WORKLOAD_BYTES, "istio-proxy", PROXY_BYTES)
                    : Map.of("workload", WORKLOAD_BYTES));
            if (inject) expectProxy(ns, name, 15090, envoyExposition());
            server.expect().get().withPath(PodProxyMetricsSource.proxyPath(ns, name, 8080, "meshbench/latency"))
                    .andReturn(200, latencyLog(d.getMetadata().getName())).always();
            server.expect().get().withPath(PodProxyMetricsSource.proxyPath(ns, name, 8080, "metrics"))
                    .andReturn(200, workloadExposition(name)).always();
            pods.add(name);
        }
        if (neverReady.contains(d.getMetadata().getName())) {
            for (String p : pods) setConditions(ns, p, List.of("PodScheduled"));
            return;
        }
        List<String> reached = new ArrayList<>();
        for (String phase : PodStartupTracker.PHASES) {
            Thread.sleep(5);
            reached.add(phase);
            // a pod deleted meanwhile (its Deployment torn down) is no longer the kubelet's to report
            pods.removeIf(p -> !setConditions(ns, p, reached));
        }
        if (pods.size() < replicas) return;
        try {
            client.apps().deployments().inNamespace(ns).withName(d.getMetadata().getName()).editStatus(x -> {
                x.setStatus(new io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder()
                        .withReplicas(replicas).withReadyReplicas(replicas).withAvailableReplicas(replicas).build());
                return x;
            });
        } catch (KubernetesClientException e) {
            if (client.apps().deployments().inNamespace(ns).withName(d.getMetadata().getName()).get() != null) throw e;
        }
    }

    /** Sets the pod's conditions; false when the pod is gone. */
    private boolean setConditions(String ns, String pod, List<String> trueConditions) {
        List<PodCondition> conditions = new ArrayList<>();
        for (String c : trueConditions) {
            conditions.add(new PodConditionBuilder().withType(c).withStatus("True")
                    .withLastTransitionTime(Instant.now().toString()).build());
        }
        try {
            client.pods().inNamespace(ns).withName(pod).editStatus(p -> {
                p.setStatus(new io.fabric8.kubernetes.api.model.PodStatusBuilder().withPhase("Running")
                        .withConditions(conditions).build());
                return p;
            });
            return true;
        } catch (KubernetesClientException e) {
            if (client.pods().inNamespace(ns).withName(pod).get() != null) throw e;
            return false;
        }
    }

    private void runWaypoint(GenericKubernetesResource g) {
        String ns = g.getMetadata().getNamespace();
        String name = g.getMetadata().getName() + "-7d9f";
        client.pods().inNamespace(ns).resource(new PodBuilder().withNewMetadata().withName(name).withNamespace(ns)
                .addToLabels(ResourceSampler.WAYPOINT_LABEL, g.getMetadata().getName()).withOwnerReferences(controlledBy(g)).endMetadata()
                .withNewSpec().withNodeName("node-0").addNewContainer().withName("istio-proxy").withImage("proxyv2").endContainer()
                .endSpec().build()).create();
        podMetrics(ns, name, Map.of("istio-proxy", WAYPOINT_BYTES));
        expectProxy(ns, name, 15090, envoyExposition());
        client.genericKubernetesResources(ResourceKinds.GATEWAY).inNamespace(ns).withName(g.getMetadata().getName())
                .editStatus(x -> {
                    x.setAdditionalProperty("status", Map.of("conditions", List.of(Map.of("type", "Programmed", "status", "True"))));
                    return x;
                });
    }

    @SuppressWarnings("unchecked")
    private void runApplication(Watcher.Action action, GenericKubernetesResource app) throws Exception {
        String name = app.getMetadata().getName();
        var resource = client.genericKubernetesResources(ResourceKinds.APPLICATION).inNamespace("argocd").withName(name);
        if (app.getMetadata().getDeletionTimestamp() != null || action == Watcher.Action.DELETED) {
            handledApps.remove(name);
            List<HasMetadata> synced = syncedByApp.remove(name);
            if (synced != null) {
                for (HasMetadata o : synced) delete(o);
            }
            if (action != Watcher.Action.DELETED && resource.get() != null) {
                resource.edit(a -> {
                    a.getMetadata().setFinalizers(List.of());
                    return a;
                });
            }
            return;
        }
        if (!handledApps.add(name)) {
            Map<String, String> annotations = app.getMetadata().getAnnotations();
            if (annotations != null && annotations.containsKey(KubernetesDisruptor.REFRESH_ANNOTATION)) resync(app);
            return;
        }
        Map<String, Object> spec = (Map<String, Object>) app.getAdditionalProperties().get("spec");
        Map<String, Object> source = (Map<String, Object>) spec.get("source");
        String mode = app.getMetadata().getLabels() == null ? null : app.getMetadata().getLabels().get(Labels.MODE);
        if (mode != null && silentModes.contains(mode)) return;
        String started = Instant.now().toString();
        setAppStatus(name, Map.of("sync", Map.of("status", "OutOfSync"), "health", Map.of("status", "Progressing"),
                "operationState", Map.of("phase", "Running", "startedAt", started)));
        if (source.containsKey("chart")) { // a Helm chart Application (Istio bootstrap)
            setAppStatus(name, Map.of("sync", Map.of("status", "Synced"), "health", Map.of("status", "Healthy"),
                    "operationState", Map.of("phase", "Succeeded", "startedAt", started, "finishedAt", Instant.now().toString())));
            return;
        }
        Checkout checkout = checkout(source);
        String revision = checkout.revision();
        List<HasMetadata> objects = checkout.objects();
        revisionByApp.put(name, revision);
        syncedByApp.put(name, objects);
        for (HasMetadata o : objects) apply(o);
        if (mode != null && degradedModes.contains(mode)) {
            String ns = ((Map<String, Object>) spec.get("destination")).get("namespace").toString();
            setAppStatus(name, Map.of("sync", Map.of("status", "Synced", "revision", revision),
                    "health", Map.of("status", "Degraded"),
                    "operationState", Map.of("phase", "Succeeded", "startedAt", started, "finishedAt", Instant.now().toString()),
                    "resources", List.of(
                            Map.of("kind", "Deployment", "namespace", ns, "name", "cart",
                                    "health", Map.of("status", "Degraded", "message", "Deployment \"cart\" exceeded its progress deadline")),
                            Map.of("kind", "Service", "namespace", ns, "name", "cart", "health", Map.of("status", "Healthy")))));
            return;
        }
        for (HasMetadata o : objects) {
            if (o instanceof Deployment d && !awaitAvailable(name, revision, started, d)) return;
        }
        setAppStatus(name, Map.of("sync", Map.of("status", "Synced", "revision", revision), "health", Map.of("status", "Healthy"),
                "operationState", Map.of("phase", "Succeeded", "startedAt", started, "finishedAt", Instant.now().toString())));
    }

    /**
     * ArgoCD's refresh with automated sync and prune: reads the branch head, deletes what the
     * Application synced before and Git no longer holds, applies the rest, waits for its
     * Deployments, and reports Synced + Healthy at the new revision. Idempotent per revision.
     */
    @SuppressWarnings("unchecked")
    private synchronized void resync(GenericKubernetesResource app) throws Exception {
        String name = app.getMetadata().getName();
        var resource = client.genericKubernetesResources(ResourceKinds.APPLICATION).inNamespace("argocd").withName(name);
        resource.edit(a -> {
            Map<String, String> annotations = new java.util.HashMap<>(a.getMetadata().getAnnotations());
            annotations.remove(KubernetesDisruptor.REFRESH_ANNOTATION);
            a.getMetadata().setAnnotations(annotations);
            return a;
        });
        Map<String, Object> source = (Map<String, Object>) ((Map<String, Object>) app.getAdditionalProperties().get("spec")).get("source");
        Checkout checkout = checkout(source);
        String revision = checkout.revision();
        if (revision.equals(revisionByApp.get(name))) return;
        List<HasMetadata> objects = checkout.objects();
        String started = Instant.now().toString();
        java.util.function.Function<HasMetadata, String> key = o -> o.getKind() + "/" + o.getMetadata().getNamespace() + "/"
                + o.getMetadata().getName();
        Set<String> wanted = objects.stream().map(key).collect(java.util.stream.Collectors.toSet());
        for (HasMetadata old : syncedByApp.getOrDefault(name, List.of())) {
            if (!wanted.contains(key.apply(old))) delete(old);
        }
        Map<String, String> before = new java.util.HashMap<>();
        syncedByApp.getOrDefault(name, List.of()).forEach(o -> before.put(key.apply(o), Serialization.asYaml(o)));
        syncedByApp.put(name, objects);
        List<HasMetadata> changed = objects.stream()
                .filter(o -> !Serialization.asYaml(o).equals(before.get(key.apply(o)))).toList();
        for (HasMetadata o : changed) applyKeepingStatus(o);
        for (HasMetadata o : changed) {
            if (o instanceof Deployment d && d.getSpec().getReplicas() != null && d.getSpec().getReplicas() > 0
                    && !awaitAvailable(name, revision, started, d)) {
                return;
            }
        }
        revisionByApp.put(name, revision);
        setAppStatus(name, Map.of("sync", Map.of("status", "Synced", "revision", revision), "health", Map.of("status", "Healthy"),
                "operationState", Map.of("phase", "Succeeded", "startedAt", started, "finishedAt", Instant.now().toString())));
    }

    /**
     * ArgoCD's health wait on a synced Deployment: true once it is available, false if it is
     * deleted meanwhile (a teardown); after {@link #ARGOCD_HEALTH_WAIT} the sync is reported Failed
     * with the Deployment named, never left Running.
     */
    private boolean awaitAvailable(String app, String revision, String started, Deployment d) {
        try {
            Deployment now = client.apps().deployments().inNamespace(d.getMetadata().getNamespace()).withName(d.getMetadata().getName())
                    .waitUntilCondition(x -> x == null || DirectDeployer.available(x), ARGOCD_HEALTH_WAIT.toMillis(),
                            java.util.concurrent.TimeUnit.MILLISECONDS);
            return now != null;
        } catch (KubernetesClientTimeoutException e) {
            setAppStatus(app, Map.of("sync", Map.of("status", "Synced", "revision", revision), "health", Map.of("status", "Progressing"),
                    "operationState", Map.of("phase", "Failed", "startedAt", started, "finishedAt", Instant.now().toString(),
                            "message", "Deployment " + d.getMetadata().getNamespace() + "/" + d.getMetadata().getName()
                                    + " not available after " + ARGOCD_HEALTH_WAIT.toMinutes() + " min")));
            return false;
        }
    }

    private record Checkout(String revision, List<HasMetadata> objects) {
    }

    /** The Application's source folder at the branch head, as objects. */
    private static Checkout checkout(Map<String, Object> source) throws Exception {
        Path work = Files.createTempDirectory("fake-argocd");
        List<HasMetadata> objects = new ArrayList<>();
        try (Git git = Git.cloneRepository().setURI((String) source.get("repoURL")).setDirectory(work.toFile())
                .setBranch((String) source.get("targetRevision")).call()) {
            String revision = git.getRepository().resolve("HEAD").name();
            try (Stream<Path> files = Files.list(work.resolve((String) source.get("path")))) {
                for (Path f : files.sorted().toList()) objects.add((HasMetadata) Serialization.unmarshal(Files.readString(f)));
            }
            return new Checkout(revision, objects);
        } finally {
            org.eclipse.jgit.util.FileUtils.delete(work.toFile(), org.eclipse.jgit.util.FileUtils.RECURSIVE | org.eclipse.jgit.util.FileUtils.IGNORE_ERRORS);
        }
    }

    /** An update keeps the status the controllers wrote, as the API server does for the main resource. */
    private void applyKeepingStatus(HasMetadata o) {
        Deployment existing = o instanceof Deployment d
                ? client.apps().deployments().inNamespace(d.getMetadata().getNamespace()).withName(d.getMetadata().getName()).get()
                : null;
        apply(o);
        if (existing != null && existing.getStatus() != null) {
            client.apps().deployments().inNamespace(existing.getMetadata().getNamespace()).withName(existing.getMetadata().getName())
                    .editStatus(x -> {
                        x.setStatus(existing.getStatus());
                        return x;
                    });
        }
    }

    /** The controllers' answer to a deleted pod (only with {@link #replaceDeletedPods}). */
    private void replace(io.fabric8.kubernetes.api.model.Pod gone) throws Exception {
        String ns = gone.getMetadata().getNamespace();
        Map<String, String> labels = gone.getMetadata().getLabels() == null ? Map.of() : gone.getMetadata().getLabels();
        String node = gone.getSpec() == null ? null : gone.getSpec().getNodeName();
        String suffix = "-r" + replacements.incrementAndGet();
        if ("istio-system".equals(ns) && "ztunnel".equals(labels.get("app"))) {
            readyPod(new PodBuilder(gone).editMetadata().withName("ztunnel-" + node + suffix).withResourceVersion(null)
                    .withUid(null).withDeletionTimestamp(null).endMetadata().withStatus(null).build());
            return;
        }
        OwnerReference owner = controller(gone);
        if (!ns.startsWith("mb-") || owner == null) return;
        // a controller replaces pods only while it exists itself (same uid), and only up to its replicas
        boolean waypoint = "Gateway".equals(owner.getKind());
        HasMetadata current = waypoint
                ? client.genericKubernetesResources(ResourceKinds.GATEWAY).inNamespace(ns).withName(owner.getName()).get()
                : client.apps().deployments().inNamespace(ns).withName(owner.getName()).get();
        if (current == null || !owner.getUid().equals(current.getMetadata().getUid())) return;
        int want = current instanceof Deployment d ? d.getSpec().getReplicas() : 1;
        long running = client.pods().inNamespace(ns).list().getItems().stream()
                .filter(p -> p.getMetadata().getDeletionTimestamp() == null && controller(p) != null
                        && owner.getUid().equals(controller(p).getUid()))
                .count();
        if (running >= want) return;
        String name = (waypoint ? gone.getMetadata().getName() : owner.getName()) + suffix;
        readyPod(new PodBuilder(gone).editMetadata().withName(name).withResourceVersion(null)
                .withUid(null).withDeletionTimestamp(null).endMetadata().withStatus(null).build());
    }

    /** Creates the pod and walks it through the startup phases to Ready. */
    private void readyPod(io.fabric8.kubernetes.api.model.Pod pod) throws Exception {
        String ns = pod.getMetadata().getNamespace();
        client.pods().inNamespace(ns).resource(pod).create();
        List<String> reached = new ArrayList<>();
        for (String phase : PodStartupTracker.PHASES) {
            Thread.sleep(5);
            reached.add(phase);
            if (!setConditions(ns, pod.getMetadata().getName(), reached)) return;   // deleted while starting
        }
    }

    private void setAppStatus(String name, Map<String, Object> status) {
        client.genericKubernetesResources(ResourceKinds.APPLICATION).inNamespace("argocd").withName(name).editStatus(a -> {
            a.setAdditionalProperty("status", status);
            return a;
        });
    }

    void apply(HasMetadata o) {
        if (o instanceof GenericKubernetesResource g) {
            client.genericKubernetesResources(ResourceKinds.of(g)).inNamespace(g.getMetadata().getNamespace()).resource(g)
                    .createOr(NonDeletingOperation::update);
        } else {
            client.resource(o).createOr(NonDeletingOperation::update);
        }
    }

    private void delete(HasMetadata o) {
        if (o instanceof GenericKubernetesResource g) {
            client.genericKubernetesResources(ResourceKinds.of(g)).inNamespace(g.getMetadata().getNamespace())
                    .withName(g.getMetadata().getName()).delete();
        } else {
            client.resource(o).delete();
        }
    }

    void podMetrics(String ns, String pod, Map<String, Long> containerBytes) {
        PodMetricsBuilder b = new PodMetricsBuilder().withNewMetadata().withName(pod).withNamespace(ns).endMetadata()
                .withTimestamp(Instant.now().toString());
        containerBytes.forEach((c, bytes) -> b.addNewContainer().withName(c)
                .addToUsage("memory", new Quantity(Long.toString(bytes))).addToUsage("cpu", new Quantity("10m")).endContainer());
        client.resource(b.build()).createOr(NonDeletingOperation::update);
    }

    void expectProxy(String ns, String pod, int port, String body) {
        server.expect().get().withPath(PodProxyMetricsSource.proxyPath(ns, pod, port, PodProxyMetricsSource.PROMETHEUS_PATH))
                .andReturn(200, body).always();
    }

    /** A workload's own counters, naming its pod so a scrape shows which pod answered. */
    static String workloadExposition(String pod) {
        return "# TYPE meshbench_outgoing_calls_total counter\n"
                + "meshbench_outgoing_calls_total{pod=\"" + pod + "\",callee=\"db\",code=\"200\"} 3\n";
    }

    static String ztunnelExposition() {
        return "# TYPE istio_tcp_connections_opened_total counter\n"
                + "istio_tcp_connections_opened_total{reporter=\"destination\"} 12\n"
                + "istio_tcp_sent_bytes_total{reporter=\"destination\"} 4096\n"
                + "istio_tcp_received_bytes_total{reporter=\"destination\"} 2048\n";
        // istio_tcp_connections_closed_total is missing on purpose: it must be reported by name
    }

    static String envoyExposition() {
        return "# TYPE envoy_server_memory_allocated gauge\nenvoy_server_memory_allocated{} 5242880\n"
                + "# TYPE istio_requests_total counter\nistio_requests_total{reporter=\"destination\",response_code=\"200\"} 3\n"
                + "# TYPE istio_request_duration_milliseconds histogram\n"
                + "istio_request_duration_milliseconds_bucket{le=\"0.5\"} 3\nistio_request_duration_milliseconds_bucket{le=\"+Inf\"} 3\n"
                + "istio_request_duration_milliseconds_sum 1.2\nistio_request_duration_milliseconds_count 3\n";
    }

    /**
     * A workload's log in the workload's format ({@code workload.EdgeLatencyLog}): absolute
     * timestamps, a first-call comment line per edge, two one-second "interval" histograms holding
     * every edge's calls, and one cumulative "edge:caller->callee" histogram per edge.
     */
    static String latencyLog(String service) {
        List<String> callees = switch (service) {
            case "frontend" -> List.of("cart", "catalog");
            case "cart" -> List.of("db");
            default -> List.of();
        };
        long base = 1_700_000_000_000L;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        HistogramLogWriter writer = new HistogramLogWriter(new PrintStream(out, true));
        writer.outputLogFormatVersion();
        writer.outputStartTime(base);
        writer.outputBaseTime(0);
        writer.setBaseTime(0);
        for (String callee : callees) {
            writer.outputComment("[FirstCall: edge=" + service + "->" + callee + " micros=4000 startMillis=" + base + "]");
        }
        java.util.Map<String, Histogram> perEdge = new java.util.TreeMap<>();
        for (int interval = 0; interval < 2 && !callees.isEmpty(); interval++) {
            Histogram merged = new Histogram(1, 60_000_000L, 3);
            for (String callee : callees) {
                Histogram edge = perEdge.computeIfAbsent(service + "->" + callee, e -> new Histogram(1, 60_000_000L, 3));
                for (long micros : new long[]{300 + interval * 100, 500}) {
                    merged.recordValue(micros);
                    edge.recordValue(micros);
                }
            }
            merged.setStartTimeStamp(base + interval * 1000L);
            merged.setEndTimeStamp(base + interval * 1000L + 1000L);
            merged.setTag("interval");
            writer.outputIntervalHistogram(merged);
        }
        perEdge.forEach((edge, h) -> {
            h.setStartTimeStamp(base);
            h.setEndTimeStamp(base + 2000L);
            h.setTag("edge:" + edge);
            writer.outputIntervalHistogram(h);
        });
        return out.toString();
    }

    /** Every object of the run still on the cluster, as "Kind ns/name". */
    List<String> objectsOfRun(String runId) {
        List<String> out = new ArrayList<>();
        client.namespaces().withLabel(Labels.RUN_ID, runId).list().getItems().forEach(o -> out.add(id(o)));
        client.pods().inAnyNamespace().withLabel(Labels.RUN_ID, runId).list().getItems().forEach(o -> out.add(id(o)));
        client.apps().deployments().inAnyNamespace().withLabel(Labels.RUN_ID, runId).list().getItems().forEach(o -> out.add(id(o)));
        client.services().inAnyNamespace().withLabel(Labels.RUN_ID, runId).list().getItems().forEach(o -> out.add(id(o)));
        client.configMaps().inAnyNamespace().withLabel(Labels.RUN_ID, runId).list().getItems().forEach(o -> out.add(id(o)));
        client.serviceAccounts().inAnyNamespace().withLabel(Labels.RUN_ID, runId).list().getItems().forEach(o -> out.add(id(o)));
        client.secrets().inAnyNamespace().withLabel(Labels.RUN_ID, runId).list().getItems().forEach(o -> out.add(id(o)));
        client.resources(io.fabric8.istio.api.security.v1.PeerAuthentication.class).inAnyNamespace()
                .withLabel(Labels.RUN_ID, runId).list().getItems().forEach(o -> out.add(id(o)));
        client.resources(io.fabric8.istio.api.telemetry.v1.Telemetry.class).inAnyNamespace()
                .withLabel(Labels.RUN_ID, runId).list().getItems().forEach(o -> out.add(id(o)));
        for (var kind : List.of(ResourceKinds.GATEWAY, ResourceKinds.APPLICATION, ResourceKinds.APP_PROJECT)) {
            client.genericKubernetesResources(kind).inAnyNamespace().withLabel(Labels.RUN_ID, runId).list().getItems()
                    .forEach(o -> out.add(id(o)));
        }
        return out;
    }

    private static String id(HasMetadata o) {
        return o.getKind() + " " + (o.getMetadata().getNamespace() == null ? "" : o.getMetadata().getNamespace() + "/")
                + o.getMetadata().getName();
    }

    @Override
    public void close() {
        watches.forEach(Watch::close);
        workers.shutdownNow();
        argocd.shutdownNow();
        client.close();
        server.destroy();
    }
}
