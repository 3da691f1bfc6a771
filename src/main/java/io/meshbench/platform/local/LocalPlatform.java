package io.meshbench.platform.local;

import io.meshbench.core.EntryPoint;
import io.meshbench.core.MeshMode;
import io.meshbench.core.Target;
import io.meshbench.platform.DeployProgress;
import io.meshbench.platform.Deployment;
import io.meshbench.platform.Platform;
import io.meshbench.platform.PlatformException;
import io.meshbench.platform.local.mesh.EmptyProxyFootprint;
import io.meshbench.platform.local.mesh.ProcessDataPlane;
import io.meshbench.platform.local.process.ClassDataArchive;
import io.meshbench.platform.local.process.JvmCommand;
import io.meshbench.platform.local.process.ProcessLimits;
import io.meshbench.topology.Service;
import io.meshbench.topology.Topology;
import io.meshbench.workload.WorkloadConfig;
import io.meshbench.workload.WorkloadServer;
import io.meshbench.workload.Transport;
import io.meshbench.workload.WorkloadEventLoops;

import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The local target: every pod of a topology is a workload listening on its own loopback address,
 * with the mode's data plane (none for baseline) between them. Embedded layout: the workloads run in
 * this JVM, sharing one event-loop group of one thread per core. Process layout: they run in one
 * workload-host process per node ({@link WorkloadHosts}), and this JVM keeps the injector and the
 * harness. A shutdown hook stops everything on Ctrl-C.
 */
public final class LocalPlatform implements Platform {
    private final LocalSettings settings;
    private final List<LocalDeployment> deployments = new CopyOnWriteArrayList<>();
    private final HttpClient http = HttpClient.newBuilder().proxy(HttpClient.Builder.NO_PROXY)
            .version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
    private final Thread shutdownHook = new Thread(this::close, "meshbench-local-shutdown");
    private final java.util.concurrent.atomic.AtomicInteger deployCount = new java.util.concurrent.atomic.AtomicInteger();
    private WorkloadEventLoops loops;
    private boolean closed;
    private java.nio.file.Path logRoot;
    private Map<String, Object> emptyProxy;

    public LocalPlatform(LocalSettings settings) {
        this.settings = settings;
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /**
     * For an owner that stops the platform from its own shutdown hook, after it has collected what
     * the pods still hold: hooks run concurrently, so this platform's own would race it.
     */
    @Override
    public void leaveShutdownToOwner() {
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException shuttingDown) {
            // too late: the hook is already running
        }
    }

    public LocalSettings settings() {
        return settings;
    }

    @Override
    public Target target() {
        return Target.LOCAL;
    }

    @Override
    public boolean emulated() {
        return true;
    }

    @Override
    public void check(Topology topology, List<MeshMode> modes) throws PlatformException {
        List<String> problems = new ArrayList<>();
        int pods = topology.podCount();
        if (pods > settings.maxPods()) {
            problems.add("topology '" + topology.name() + "' (" + topology.source() + ") has " + pods
                    + " pods (replicas of all services); the local target runs at most " + settings.maxPods()
                    + " per mode. Choose a smaller -Dtopology, or raise the limit with -DmaxPods=" + pods
                    + " if this machine has the memory.");
        }
        OpenFiles.check(openFilesEstimateUnits(topology), ProcessLimits.openFilesLimit()).refusal().ifPresent(problems::add);
        if (settings.layout() == DataPlaneLayout.PROCESS) {
            // One deployment is up at a time (each repetition deploys fresh): the largest mode's processes,
            // plus its workload hosts (one per node, every mode).
            int proxies = modes.stream().mapToInt(m -> processesFor(m, pods)).max().orElse(0);
            int hosts = settings.nodes();
            problems.addAll(ProcessLimits.check(proxies + hosts,
                    proxies * ProcessLimits.PLANNING_BYTES_PER_CHILD + hosts * WorkloadHosts.PLANNING_BYTES_PER_HOST,
                    String.format(java.util.Locale.ROOT, "%d proxy and control-plane processes (%d MiB each) and %d workload hosts "
                            + "(%d MiB each)", proxies, ProcessLimits.PLANNING_BYTES_PER_CHILD >> 20, hosts,
                            WorkloadHosts.PLANNING_BYTES_PER_HOST >> 20),
                    "topology '" + topology.name() + "' in " + modes));
        }
        if (!problems.isEmpty()) throw new PlatformException(problems, null);
    }

    @Override
    public List<String> checkWarnings(Topology topology, List<MeshMode> modes) {
        return OpenFiles.check(openFilesEstimateUnits(topology), ProcessLimits.openFilesLimit()).warning().stream().toList();
    }

    /** The run keeps one deployment up at a time (each repetition deploys fresh), so one mode's pods. */
    private static int openFilesEstimateUnits(Topology topology) {
        return topology.podCount();
    }

    /**
     * The topology, its data planes and the harness share this JVM, so the first mode to use a
     * code path would pay its class loading and JIT as "startup" or "handshake". A throwaway
     * three-service chain is deployed and driven in every mode first, on other loopback addresses,
     * then removed.
     */
    @Override
    public boolean warmHarness(List<MeshMode> modes, Consumer<List<EntryPoint>> exercise) throws PlatformException {
        Topology chain = WarmUpChain.chain();
        int block = AddressBlocks.reserve();
        try (LocalPlatform scratch = new LocalPlatform(new LocalSettings(settings.nodes(), settings.seed(),
                settings.maxPods(), block, settings.layout()))) {
            scratch.leaveShutdownToOwner();
            List<MeshMode> warmed = settings.layout() == DataPlaneLayout.PROCESS ? List.of(MeshMode.BASELINE) : modes;
            for (MeshMode mode : warmed) {
                try (Deployment d = scratch.deploy(chain, mode)) {
                    for (int i = 0; i < WarmUpChain.REQUESTS; i++) exercise.accept(d.entryPoints());
                    d.collectLatency();
                }
            }
        } finally {
            AddressBlocks.release(block);   // torn down: the block may serve another scratch platform
        }
        return true;
    }

    /** Load generator and data plane share this machine: the rate must fit what it carries. */
    @Override
    public boolean calibratesRate() {
        return true;
    }

    /** Workload event loops, pod start-up and latency fetch threads, and every data plane's threads. */
    @Override
    public boolean ownsThread(String name) {
        return name.startsWith("meshbench-workload") || name.startsWith("meshbench-pod-start")
                || name.startsWith("meshbench-latency-fetch") || name.startsWith("sidecar") || name.startsWith("ztunnel")
                || name.startsWith("waypoint") || name.startsWith("local-platform");
    }

    @Override
    public Deployment deploy(Topology topology, MeshMode mode) throws PlatformException {
        return deploy(topology, mode, ready -> { });
    }

    @Override
    public Deployment deploy(Topology topology, MeshMode mode, Consumer<DeployProgress> progress) throws PlatformException {
        check(topology, List.of(mode));
        WorkloadEventLoops group;
        synchronized (this) {
            if (closed) throw new PlatformException("the local platform is closed");
            for (LocalDeployment d : deployments) {
                if (d.mode() == mode) {
                    throw new PlatformException("mode " + mode + " is already deployed on the local target; close it first");
                }
            }
            // The process layout runs the workloads in hosts of their own: this JVM gets no workload threads.
            if (loops == null && settings.layout() == DataPlaneLayout.EMBEDDED) {
                loops = WorkloadEventLoops.perCore("meshbench-workload");
                warmUp(loops);
            }
            group = loops;
        }
        java.nio.file.Path logDir = logRoot().resolve(mode.id() + "-" + deployCount.incrementAndGet());
        LocalDeployment d = LocalDeployment.deploy(topology, mode, settings, group, http, this::livePods, deployments::remove, logDir,
                progress);
        deployments.add(d);
        return d;
    }

    /**
     * Data-plane child processes a mode runs: a control plane, and a proxy per pod, or a ztunnel per
     * node (+ a waypoint). The workload hosts (one per node, every mode) come on top.
     */
    int processesFor(MeshMode mode, int pods) {
        return switch (mode) {
            case BASELINE -> 0;
            case SIDECAR -> 1 + pods;
            case AMBIENT -> 1 + settings.nodes();
            case WAYPOINT -> 2 + settings.nodes();
        };
    }

    /** Where children's stderr files go, under a temporary folder of this platform's (removed at close). */
    private synchronized java.nio.file.Path logRoot() throws PlatformException {
        if (logRoot == null) {
            try {
                logRoot = java.nio.file.Files.createTempDirectory("meshbench-" + settings.runId().replaceAll("[^A-Za-z0-9_.-]", "_") + "-");
                logRoot.toFile().deleteOnExit();   // empty by then: each deployment removes its own folder
            } catch (java.io.IOException e) {
                throw new PlatformException("cannot create a folder for the proxy processes' logs in "
                        + System.getProperty("java.io.tmpdir") + ": " + e.getMessage(), e);
            }
        }
        return logRoot;
    }

    /**
     * One empty proxy process's footprint, measured once per platform (a probe sidecar through a
     * control plane, on addresses no mode uses), beside Envoy's published figure.
     */
    private synchronized Map<String, Object> emptyProxy() {
        if (emptyProxy != null) return emptyProxy;
        Map<String, Object> m = new LinkedHashMap<>();
        try {
            EmptyProxyFootprint f = EmptyProxyFootprint.measure(AddressPlan.probe(settings, false), AddressPlan.probe(settings, true),
                    settings.runId(), logRoot().resolve("empty-proxy-" + deployCount.incrementAndGet()));
            m.put("rss_bytes", f.rssBytes());
            m.put("pss_bytes", f.pssBytes());
            m.put("uss_bytes", f.ussBytes());
            m.put("ready_ms", Math.round(f.readyMillis()));
            m.put("jvm_flags", "-Xmx" + ProcessDataPlane.PROXY_HEAP + " " + String.join(" ", JvmCommand.LEAN_FLAGS)
                    + (ClassDataArchive.enabled() ? " + application class-data archive" : ""));
            m.put("method", "one sidecar process for a one-pod mesh, 1 s after READY: /proc/<pid>/smaps_rollup");
        } catch (Exception e) {
            m.put("error", "not measured: " + e.getMessage());
        }
        m.put("envoy_published_bytes", EmptyProxyFootprint.ENVOY_PUBLISHED_BYTES);
        m.put("envoy_published_source", "Istio 1.24 performance and scalability page: sidecar 0.20 vCPU and 60 MB at 1000 rps, 1 KB");
        emptyProxy = Map.copyOf(m);
        return emptyProxy;
    }

    /**
     * Starts, probes and stops a few throwaway workloads once, so that class loading and the first
     * JIT compilations are not charged to the startup of the first mode deployed.
     */
    private static void warmUp(WorkloadEventLoops loops) throws PlatformException {
        Service leaf = new Service("warmup", 1, false, 0, 0, List.of());
        for (int i = 0; i < 3; i++) {
            WorkloadConfig config = new WorkloadConfig(leaf, "warmup-" + i, new InetSocketAddress("127.0.0.1", 0),
                    callee -> {
                        throw new IllegalStateException("warm-up workload calls nothing");
                    }, loops.group(), i);
            try (WorkloadServer server = WorkloadServer.start(config)) {
                ReadinessProbe.await(server.address());
            } catch (Exception e) {
                throw new PlatformException("could not start a workload on 127.0.0.1: " + e.getMessage(), e);
            }
        }
    }

    /** Pods of every deployment still up: the shared workload threads' CPU is divided among them. */
    private int livePods() {
        return deployments.stream().mapToInt(LocalDeployment::podCount).sum();
    }

    @Override
    public Map<String, Object> environment() {
        Map<String, Object> env = new LinkedHashMap<>();
        env.put("target", target().id()); // the id, as results.json's top-level target (the enum would be written "LOCAL")
        env.put("cores", Runtime.getRuntime().availableProcessors());
        env.put("nodes", settings.nodes());
        env.put("max_heap_bytes", Runtime.getRuntime().maxMemory());
        env.put("java", System.getProperty("java.version"));
        env.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch"));
        env.put("netty_transport", Transport.name());
        env.put("seed", settings.seed());
        env.put("local_dataplane", settings.layout().id());
        if (settings.layout() == DataPlaneLayout.PROCESS) {
            env.put("data_plane", "one OS process per proxy (JVM), control-plane process for certificates and config");
            env.put("workloads", "one workload-host process (JVM) per node, started fresh with each deployment");
            env.put("empty_proxy_process", new java.util.TreeMap<>(emptyProxy()));
        } else {
            env.put("data_plane", "proxies inside the harness JVM, each with its own threads and buffers");
            env.put("workloads", "inside the harness JVM, on one shared event-loop group");
        }
        return env;
    }

    /** Stops every deployment and the shared event loops. Safe to call twice, and from the shutdown hook. */
    @Override
    public void close() {
        WorkloadEventLoops toStop;
        synchronized (this) {
            if (closed) return;
            closed = true;
            toStop = loops;
        }
        for (LocalDeployment d : List.copyOf(deployments)) d.close();
        if (toStop != null) toStop.close();
        java.nio.file.Path logs;
        synchronized (this) {
            logs = logRoot;
        }
        if (logs != null) logs.toFile().delete();   // each deployment removed its own folder; this one is empty then
        if (Thread.currentThread() != shutdownHook) {
            try {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            } catch (IllegalStateException shuttingDown) {
                // the JVM is already exiting; the hook runs close() again, which returns at once
            }
        }
    }
}
