package io.meshbench.platform.kubernetes;

import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.meshbench.platform.Deployment;
import io.meshbench.core.MeshMode;
import io.meshbench.core.Target;
import io.meshbench.platform.Platform;
import io.meshbench.platform.PlatformException;
import io.meshbench.topology.Topology;

import java.io.PrintStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * The Kubernetes target: Istio (sidecar and ambient namespaces side by side under one ambient
 * profile install), deployed through ArgoCD from Git ({@code -Ddeploy=argocd}) or directly with
 * fabric8 ({@code -Ddeploy=direct}). Every object it creates carries this run's id, and only such
 * objects are ever deleted — at the end of each mode, on failure, and on Ctrl-C.
 */
public final class KubernetesPlatform implements Platform {
    private final KubernetesSettings settings;
    private final KubernetesClient client;
    private final PrintStream log;
    private final ManifestRenderer renderer;
    private final ModeDeployer deployer;
    /** The GitOps repository's writer; null with -Ddeploy=direct. */
    private final GitOpsPublisher publisher;
    private final Function<KubernetesClient, EntryAccess> entryAccess;
    private final List<RenderedMode> live = new ArrayList<>();
    /** One for the run, so its Jobs are numbered across slots. */
    private final InjectorJobRunner injectors;
    private final Thread shutdownHook;
    private boolean closed;
    private boolean bootstrapped;
    /** Read once (at check or first use) so results can be written after the client is closed. */
    private Map<String, Object> clusterFacts;
    private final List<Map<String, Object>> deployTimes = new ArrayList<>();

    /** Connects to the context named by {@code -Dkube.context} (refusing without one) and prints it. */
    public static KubernetesPlatform connect(KubernetesSettings settings, PrintStream log) throws PlatformException {
        return new KubernetesPlatform(settings, ClusterConnection.open(settings, log), log, PortForwardEntryAccess::new);
    }

    public KubernetesPlatform(KubernetesSettings settings, KubernetesClient client, PrintStream log,
                              Function<KubernetesClient, EntryAccess> entryAccess) {
        this(settings, client, log, entryAccess, System::currentTimeMillis);
    }

    /** @param injectorBarrierClock what the injector Jobs' start barrier is judged by (tests wait for their fake controller) */
    KubernetesPlatform(KubernetesSettings settings, KubernetesClient client, PrintStream log,
                       Function<KubernetesClient, EntryAccess> entryAccess, java.util.function.LongSupplier injectorBarrierClock) {
        this.settings = settings;
        this.client = client;
        this.log = log;
        this.renderer = new ManifestRenderer(settings);
        this.entryAccess = entryAccess;
        this.injectors = new InjectorJobRunner(client, settings, injectorBarrierClock);
        RunTeardown teardown = new RunTeardown(client, settings.runId(), settings.deployTimeout(), log);
        this.publisher = settings.deploy() == KubernetesSettings.DeployMethod.DIRECT ? null : new GitOpsPublisher(settings, log);
        this.deployer = publisher == null
                ? new DirectDeployer(client, teardown, log)
                : new ArgoCdDeployer(client, settings, publisher, teardown, log);
        this.shutdownHook = new Thread(this::onShutdown, "meshbench-kubernetes-teardown");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    @Override
    public Target target() {
        return Target.KUBERNETES;
    }

    /**
     * The run's hook collects what is still open and then closes this platform; this platform's own
     * hook would delete the namespaces concurrently, while the run still reads from them.
     */
    @Override
    public void leaveShutdownToOwner() {
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException shuttingDown) {
            // too late: the hook is already running
        }
    }

    @Override
    public boolean emulated() {
        return false;
    }

    /** Entry traffic comes from injector Jobs inside the cluster, unless -Dinjectors.inCluster=false. */
    @Override
    public boolean injectsEntryTraffic() {
        return settings.injectors().inCluster();
    }

    @Override
    public List<byte[]> injectorGatlingLogs() {
        return injectors.gatlingLogs();
    }

    public KubernetesSettings settings() {
        return settings;
    }

    /** Runs every prerequisite check; throws with all failures at once, each with its fix. */
    @Override
    public void check(Topology topology, List<MeshMode> modes) throws PlatformException {
        // First one bounded look at the API server: an unreachable or refusing one is reported once,
        // with its cause, instead of once per check after each check's retries.
        var unusable = ApiServerProbe.problem(client.getConfiguration(), settings.context());
        if (unusable.isPresent()) throw new PlatformException(List.of(unusable.get()), null);
        clusterFacts();
        List<String> problems = new ArrayList<>(new Prerequisites(client, settings).problems(modes));
        for (MeshMode mode : modes) {
            String ns = settings.namespace(mode);
            try {
                String foreign = foreignNamespace(ns);
                if (foreign != null) problems.add(foreign);
            } catch (KubernetesClientException e) {
                problems.add("could not read namespace " + ns + ": " + e.getMessage());
            }
        }
        if (!problems.isEmpty()) throw new PlatformException(problems, null);
        log.println("kubernetes target: prerequisites met (" + modes.size() + " modes, "
                + topology.podCount() + " pods per mode)");
    }

    @Override
    public Deployment deploy(Topology topology, MeshMode mode) throws PlatformException {
        if (closed) throw new PlatformException("the Kubernetes platform is closed");
        RenderedMode rendered = renderer.render(topology, mode);
        try {
            String foreign = foreignNamespace(rendered.namespace());
            if (foreign != null) throw new PlatformException(foreign);
        } catch (KubernetesClientException e) {
            throw new PlatformException("could not read namespace " + rendered.namespace() + ": " + e.getMessage(), e);
        }
        if (settings.bootstrapIstio() && !bootstrapped) {
            // Istio gets a deploy timeout of its own, before the mode's clock starts
            new IstioBootstrap(client, settings, log).install(Instant.now().plus(settings.deployTimeout()));
            bootstrapped = true;
        }
        synchronized (live) {
            live.add(rendered);
        }
        Instant deadline = Instant.now().plus(settings.deployTimeout());
        log.println("kubernetes target: deploying " + topology.name() + " in " + mode + " to namespace "
                + rendered.namespace() + " (" + settings.deploy().name().toLowerCase(Locale.ROOT) + ")");
        try (PodStartupTracker tracker = new PodStartupTracker(client, rendered.namespace(), settings.runId())) {
            DeployTiming timing = deployer.deploy(rendered, deadline);
            if (!tracker.awaitReady(topology.podCount(), deadline)) {
                throw new PlatformException("pods of " + mode + " not Ready within " + settings.deployTimeout().toSeconds()
                        + " s: " + tracker.notReady() + " — look at 'kubectl -n " + rendered.namespace()
                        + " get pods' / 'describe pod', or raise -Ddeploy.timeout");
            }
            log.println("kubernetes target: " + mode + " ready; deploy took " + timing.duration().toMillis() + " ms ("
                    + timing.method() + ")");
            synchronized (deployTimes) {
                Map<String, Object> entry = new LinkedHashMap<>();
                entry.put("mode", mode.id());
                entry.put("deploy_ms", timing.duration().toMillis());
                entry.put("started_at", timing.started().toString());
                entry.put("finished_at", timing.finished().toString());
                entry.put("method", timing.method());
                deployTimes.add(entry);
            }
            return new KubernetesDeployment(client, settings, rendered, tracker.startups(), timing,
                    entryAccess.apply(client), d -> tearDown(d.rendered()),
                    new KubernetesDisruptor(client, settings, rendered, topology, publisher, log),
                    settings.injectors().inCluster() ? injectors : null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            tearDown(rendered);
            throw new PlatformException("interrupted while deploying " + mode, e);
        } catch (PlatformException | RuntimeException e) {
            tearDown(rendered);
            throw e;
        }
    }

    /** A problem text when {@code ns} exists but was not created by this run (we never take one over). */
    private String foreignNamespace(String ns) {
        Namespace existing = client.namespaces().withName(ns).get();
        if (existing == null) return null;
        Map<String, String> labels = existing.getMetadata().getLabels();
        String owner = labels == null ? null : labels.get(Labels.RUN_ID);
        if (settings.runId().equals(owner)) return null;
        return "namespace " + ns + " already exists and was not created by run " + settings.runId()
                + (owner == null ? "" : " (it belongs to run " + owner + ")") + " — delete it "
                + "(kubectl delete ns " + ns + ") or pick another run id with -Drun.id";
    }

    private void tearDown(RenderedMode rendered) {
        synchronized (live) {
            if (!live.remove(rendered)) return;
        }
        if (settings.keep()) {
            log.println("kubernetes target: -Dkeep=true, leaving " + rendered.namespace() + " in place");
            return;
        }
        List<String> failures = deployer.teardown(rendered);
        if (!failures.isEmpty()) log.println("kubernetes target: teardown of " + rendered.namespace() + " left: " + failures);
    }

    /**
     * Context, deploy method, versions, node facts, and each mode's measured deploy time
     * (ArgoCD's operationState start → finish, or the direct apply). Never credentials.
     */
    @Override
    public Map<String, Object> environment() {
        Map<String, Object> env = new LinkedHashMap<>();
        env.put("kube_context", settings.context());
        env.put("deploy", settings.deploy().name().toLowerCase(Locale.ROOT));
        env.put("istio_version", settings.istioVersion());
        env.put("workload_image", settings.image());
        env.putAll(clusterFacts());
        synchronized (deployTimes) {
            if (!deployTimes.isEmpty()) env.put("deploys", List.copyOf(deployTimes));
        }
        return env;
    }

    private synchronized Map<String, Object> clusterFacts() {
        if (clusterFacts != null) return clusterFacts;
        Map<String, Object> facts = new LinkedHashMap<>();
        if (closed) return facts;
        try {
            facts.put("kubernetes_version", client.getKubernetesVersion().getGitVersion());
            List<Node> nodes = client.nodes().list().getItems();
            facts.put("nodes", nodes.size());
            long minMemory = Long.MAX_VALUE;
            long cores = 0;
            for (Node n : nodes) {
                Map<String, Quantity> capacity = n.getStatus() == null ? null : n.getStatus().getCapacity();
                if (capacity == null) continue;
                if (capacity.get("memory") != null) {
                    minMemory = Math.min(minMemory, Quantity.getAmountInBytes(capacity.get("memory")).longValue());
                }
                if (capacity.get("cpu") != null) cores += Quantity.getAmountInBytes(capacity.get("cpu")).longValue();
            }
            if (minMemory != Long.MAX_VALUE) facts.put("node_memory_bytes", minMemory);
            facts.put("node_cores_total", cores);
            clusterFacts = facts;
        } catch (KubernetesClientException e) {
            facts.put("cluster_facts", "unavailable: " + e.getMessage());
        }
        return facts;
    }

    /** Whether this platform still tears down on its own when the JVM exits (for tests). */
    boolean hasOwnShutdownHook() {
        try {
            boolean registered = Runtime.getRuntime().removeShutdownHook(shutdownHook);
            if (registered) Runtime.getRuntime().addShutdownHook(shutdownHook);
            return registered;
        } catch (IllegalStateException shuttingDown) {
            return false;
        }
    }

    /** What Ctrl-C (the JVM shutdown hook) runs: tears down every mode still up, unless -Dkeep=true. */
    void onShutdown() {
        List<RenderedMode> remaining;
        synchronized (live) {
            remaining = List.copyOf(live);
        }
        if (remaining.isEmpty()) return;
        log.println("kubernetes target: interrupted — tearing down " + remaining.size() + " mode(s) of run " + settings.runId());
        remaining.forEach(this::tearDown);
        if (!settings.keep()) deployer.teardownRun();
    }

    @Override
    public void close() {
        if (closed) return;
        closed = true;
        List<RenderedMode> remaining;
        synchronized (live) {
            remaining = List.copyOf(live);
        }
        remaining.forEach(this::tearDown);
        if (!settings.keep()) {
            List<String> left = deployer.teardownRun();
            if (!left.isEmpty()) log.println("kubernetes target: teardown left: " + left);
        }
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException alreadyShuttingDown) {
            // the hook is running or has run
        }
        client.close();
    }
}
