package io.meshbench.platform.local;

import io.meshbench.metrics.LatencyRecording;
import io.meshbench.metrics.PodStartup;
import io.meshbench.platform.DeployProgress;
import io.meshbench.metrics.ResourceUsage;
import io.meshbench.metrics.ResourceWindow;
import io.meshbench.metrics.process.ProcessWindow;
import io.meshbench.platform.Deployment;
import io.meshbench.core.EntryPoint;
import io.meshbench.core.MeshMode;
import io.meshbench.core.MetricsSource;
import io.meshbench.platform.PlatformException;
import io.meshbench.topology.Service;
import io.meshbench.topology.Topology;
import io.meshbench.workload.LatencyLogs;
import io.meshbench.workload.WorkloadConfig;
import io.meshbench.workload.WorkloadEventLoops;
import io.meshbench.workload.WorkloadServer;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.IntSupplier;

/**
 * A topology running in one mode on the local target. Pods start {@value #PARALLEL_STARTS} at a
 * time, like a kubelet starting pods with bounded parallelism; each pod's startup is timed from
 * the moment its own start begins (time queued behind other pods is not counted):
 * created → proxy-ready (meshed modes: its data plane attached) → listening → ready (its
 * readiness probe answered 200).
 */
final class LocalDeployment implements Deployment {
    static final int PARALLEL_STARTS = 4;
    static final int PARALLEL_WARM_UPS = 2;

    private final MeshMode mode;
    private final LocalCluster cluster;
    private final LocalDataPlane dataPlane;
    /** Replaced in place when a fault restarts or rolls out a pod (copy-on-write: readers see a snapshot). */
    private final List<RunningPod> pods;
    private final List<EntryPoint> entryPoints;
    private final Map<String, Service> services;
    private final java.util.Set<String> entryPods;
    private final long seed;
    private final AddressPlan addresses;
    private final AtomicInteger starts = new AtomicInteger();
    /** Names of the pods added after the deploy (never reused, so each gets an address of its own). */
    private final List<String> extraPods = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final long workloadBytesPerPod;
    private final WorkloadStarter workloads;
    /** The harness's workload event loops (embedded layout); null in the process layout. */
    private final WorkloadEventLoops loops;
    /** The workload-host processes (process layout); null when the workloads run in this JVM. */
    private final WorkloadHosts hosts;
    private final HttpClient http;
    private final IntSupplier livePods;
    private final Consumer<LocalDeployment> onClose;
    private final AtomicBoolean closed = new AtomicBoolean();

    private record RunningPod(LocalPod pod, PodPlumbing plumbing, PodWorkload workload, PodStartup startup) {
    }

    /** Starts a pod's workload where this deployment runs them; returns once it listens. */
    @FunctionalInterface
    private interface WorkloadStarter {
        PodWorkload start(LocalPod pod, Service service, PodPlumbing plumbing, long seed) throws Exception;
    }

    /** A workload server in this JVM (embedded layout). */
    private record InHarness(WorkloadServer server) implements PodWorkload {
        @Override
        public String instance() {
            return "workload @" + Integer.toHexString(System.identityHashCode(server));
        }

        @Override
        public void close() {
            server.close();
        }
    }

    private LocalDeployment(MeshMode mode, LocalCluster cluster, LocalDataPlane dataPlane, List<RunningPod> pods,
                            List<EntryPoint> entryPoints, Map<String, Service> services, java.util.Set<String> entryPods,
                            long seed, AddressPlan addresses, long workloadBytesPerPod, WorkloadStarter workloads,
                            WorkloadEventLoops loops, WorkloadHosts hosts, HttpClient http, IntSupplier livePods, Consumer<LocalDeployment> onClose) {
        this.mode = mode;
        this.cluster = cluster;
        this.dataPlane = dataPlane;
        this.pods = new java.util.concurrent.CopyOnWriteArrayList<>(pods);
        this.entryPoints = entryPoints;
        this.services = Map.copyOf(services);
        this.entryPods = java.util.Set.copyOf(entryPods);
        this.seed = seed;
        this.addresses = addresses;
        this.workloadBytesPerPod = workloadBytesPerPod;
        this.workloads = workloads;
        this.loops = loops;
        this.hosts = hosts;
        this.http = http;
        this.livePods = livePods;
        this.onClose = onClose;
    }

    /**
     * @param loops the harness's workload event loops (embedded layout); null in the process layout,
     *              whose workloads run in one workload-host process per node started here
     */
    static LocalDeployment deploy(Topology topology, MeshMode mode, LocalSettings settings, WorkloadEventLoops loops,
                                  HttpClient http, IntSupplier livePods, Consumer<LocalDeployment> onClose,
                                  java.nio.file.Path logDir, Consumer<DeployProgress> progress) throws PlatformException {
        LocalCluster cluster = layOut(topology, mode, settings);
        boolean hosted = settings.layout() == DataPlaneLayout.PROCESS;
        long memoryBefore = hosted ? 0 : MemoryGauge.liveBytesAfterGc();
        LocalDataPlane dataPlane = LocalDataPlanes.create(mode, settings, logDir);
        List<RunningPod> started = Collections.synchronizedList(new ArrayList<>());
        WorkloadHosts hosts = null;
        WorkloadStarter workloads;
        try {
            dataPlane.start(cluster);
            if (hosted) {
                // Fresh hosts for every deployment, after the data plane (a first deployment has trained the class-data archive they map).
                hosts = WorkloadHosts.start(cluster.nodeCount(), settings.runId(), logDir);
                workloads = hosts::startPod;
            } else {
                workloads = (pod, service, plumbing, seed) -> new InHarness(WorkloadServer.start(new WorkloadConfig(service,
                        pod.name(), plumbing.appBind(), plumbing.router(), loops.group(), seed)));
            }
            startPods(topology, mode, settings, cluster, dataPlane, workloads, started, progress);
            warmUpProxies(cluster, new AddressPlan(settings, mode), dataPlane, progress);
        } catch (PlatformException | RuntimeException e) {
            stop(started, hosts, dataPlane);
            throw e;
        } catch (Exception e) {
            stop(started, hosts, dataPlane);
            throw new PlatformException("the " + mode + " data plane failed to start: " + e.getMessage(), e);
        }
        long podCount = started.size();
        // Embedded: the data plane runs in processes of its own or reports its own share, so this
        // JVM's growth is the workloads'. Process layout: the hosts are measured per process instead.
        long workloadBytesPerPod = hosted ? 0
                : Math.max(0, MemoryGauge.liveBytesAfterGc() - memoryBefore) / Math.max(1, podCount);

        List<RunningPod> inOrder = new ArrayList<>(started);
        Map<String, Integer> order = new LinkedHashMap<>();
        cluster.podsByService().values().stream().flatMap(List::stream).forEach(p -> order.put(p.name(), order.size()));
        inOrder.sort((a, b) -> Integer.compare(order.get(a.pod().name()), order.get(b.pod().name())));

        List<EntryPoint> entries = new ArrayList<>();
        java.util.Set<String> entryPods = new java.util.HashSet<>();
        for (Service s : topology.entrypoints()) {
            LocalPod first = cluster.podsByService().get(s.name()).get(0);
            entryPods.add(first.name());
            InetSocketAddress at = dataPlane.ingress(first)
                    .orElse(new InetSocketAddress(first.ip(), LocalPod.SERVICE_PORT));
            entries.add(new EntryPoint(s.name(), URI.create("http://" + at.getAddress().getHostAddress() + ":" + at.getPort())));
        }
        return new LocalDeployment(mode, cluster, dataPlane, List.copyOf(inOrder), List.copyOf(entries),
                topology.byName(), entryPods, settings.seed(), new AddressPlan(settings, mode), workloadBytesPerPod, workloads,
                loops, hosts, http, livePods, onClose);
    }

    /** Pod and node addresses, and pods assigned round-robin over the nodes like a scheduler. */
    static LocalCluster layOut(Topology topology, MeshMode mode, LocalSettings settings) {
        AddressPlan plan = new AddressPlan(settings, mode);
        String namespace = "meshbench-" + mode.id();
        List<InetAddress> nodes = new ArrayList<>();
        for (int n = 0; n < settings.nodes(); n++) nodes.add(plan.node(n));
        Map<String, List<LocalPod>> byService = new LinkedHashMap<>();
        int index = 0;
        for (Service s : topology.services()) {
            List<LocalPod> replicas = new ArrayList<>();
            for (int r = 0; r < s.replicas(); r++) {
                replicas.add(new LocalPod(s.name() + "-" + r, s.name(), namespace, plan.pod(index), index % settings.nodes()));
                index++;
            }
            byService.put(s.name(), List.copyOf(replicas));
        }
        return new LocalCluster(namespace, List.copyOf(nodes), Collections.unmodifiableMap(byService));
    }

    private static void startPods(Topology topology, MeshMode mode, LocalSettings settings, LocalCluster cluster,
                                  LocalDataPlane dataPlane, WorkloadStarter workloads, List<RunningPod> started,
                                  Consumer<DeployProgress> progress) throws PlatformException, InterruptedException {
        ExecutorService starters = daemonPool(PARALLEL_STARTS, "meshbench-pod-start");
        try {
            List<Future<?>> pending = new ArrayList<>();
            Map<String, Service> services = topology.byName();
            int index = 0;
            int total = cluster.podsByService().values().stream().mapToInt(List::size).sum();
            AtomicInteger ready = new AtomicInteger();
            progress.accept(new DeployProgress(0, total));
            for (List<LocalPod> replicas : cluster.podsByService().values()) {
                for (LocalPod pod : replicas) {
                    long seed = settings.seed() * 1_000_003L + index++;
                    pending.add(starters.submit(() -> {
                        started.add(startPod(pod, services.get(pod.service()), mode, dataPlane, workloads, seed));
                        progress.accept(new DeployProgress(ready.incrementAndGet(), total));
                        return null;
                    }));
                }
            }
            List<String> problems = awaitAll(pending, true);   // a failed pod stops the starting of more
            if (!problems.isEmpty()) {
                throw new PlatformException(problems.size() > 10 ? problems.subList(0, 10) : problems, null);
            }
        } finally {
            starters.shutdownNow();
            // A pod mid-start when another failed must finish (or fail) before the caller stops them all.
            if (!starters.awaitTermination(ReadinessProbe.TIMEOUT.toSeconds() + 10, java.util.concurrent.TimeUnit.SECONDS)) {
                throw new PlatformException("pods were still starting " + (ReadinessProbe.TIMEOUT.toSeconds() + 10)
                        + " s after the deploy gave up");
            }
        }
    }

    /**
     * Once every pod is ready (their startups are timed by then), the proxy process serving each pod
     * warms its request path ({@link LocalDataPlane#warmUp}), {@value #PARALLEL_WARM_UPS} at a time:
     * one per core of a small machine, since a warm-up is all CPU. A failed warm-up is reported, not
     * fatal (a proxy that cannot carry calls fails its settling and probe, which say so). The last
     * progress report carries a summary of the proxies' answers ({@link ProxyWarmUps}).
     */
    private static void warmUpProxies(LocalCluster cluster, AddressPlan addresses, LocalDataPlane dataPlane,
                                      Consumer<DeployProgress> progress)
            throws InterruptedException {
        if (!dataPlane.warmsUp()) return;
        List<LocalPod> pods = cluster.podsByService().values().stream().flatMap(List::stream).toList();
        long t0 = System.nanoTime();
        AtomicInteger warmed = new AtomicInteger();
        progress.accept(new DeployProgress(0, pods.size(), DeployProgress.Stage.PROXIES_WARMED, null));
        ExecutorService warmers = daemonPool(PARALLEL_WARM_UPS, "meshbench-warm-up");
        List<String> replies = java.util.Collections.synchronizedList(new ArrayList<>());
        List<String> failures = new ArrayList<>();
        try {
            List<Future<?>> pending = new ArrayList<>();
            for (LocalPod pod : pods) {
                pending.add(warmers.submit(() -> {
                    replies.add(dataPlane.warmUp(pod, addresses.scratch(pod)));
                    progress.accept(new DeployProgress(warmed.incrementAndGet(), pods.size(), DeployProgress.Stage.PROXIES_WARMED, null));
                    return null;
                }));
            }
            // Not fatal: a proxy that cannot carry calls fails its settling and probe, which say so.
            failures.addAll(awaitAll(pending, false));
        } finally {
            warmers.shutdownNow();
        }
        ProxyWarmUps summary = ProxyWarmUps.of(replies, java.time.Duration.ofNanos(System.nanoTime() - t0));
        String failed = failures.isEmpty() ? "" : "; " + failures.size() + " warm-up(s) failed, first: " + failures.get(0);
        progress.accept(new DeployProgress(pods.size(), pods.size(), DeployProgress.Stage.PROXIES_WARMED, summary.describe() + failed));
    }

    /** A fixed pool of daemon threads named {@code name-1}, {@code name-2}…: none of them keeps a stopping JVM alive. */
    private static ExecutorService daemonPool(int threads, String name) {
        AtomicInteger threadNo = new AtomicInteger();
        return Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, name + "-" + threadNo.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Waits for every task and returns the messages of those that failed, in order; with
     * {@code stopOnFailure} the tasks not yet run are cancelled at the first failure.
     */
    private static List<String> awaitAll(List<Future<?>> pending, boolean stopOnFailure) throws InterruptedException {
        List<String> problems = new ArrayList<>();
        for (Future<?> f : pending) {
            try {
                f.get();
            } catch (ExecutionException e) {
                Throwable cause = e.getCause();
                problems.add(cause.getMessage() == null ? cause.toString() : cause.getMessage());
                if (stopOnFailure && problems.size() == 1) pending.forEach(p -> p.cancel(false));
            } catch (java.util.concurrent.CancellationException cancelled) {
                // a task not run because an earlier one failed
            }
        }
        return problems;
    }

    /**
     * Times one pod's start from its start request to its readiness answered; in the process layout
     * "listening" includes the round trip to its node's workload host.
     */
    private static RunningPod startPod(LocalPod pod, Service service, MeshMode mode, LocalDataPlane dataPlane,
                                       WorkloadStarter workloads, long seed) throws Exception {
        Instant created = Instant.now();
        long t0 = System.nanoTime();
        Map<String, Double> phases = new LinkedHashMap<>();
        PodPlumbing plumbing;
        try {
            plumbing = dataPlane.attach(pod);
        } catch (Exception e) {
            throw new Exception("pod " + pod.name() + ": the " + mode + " data plane could not attach it: " + e.getMessage(), e);
        }
        if (mode.meshed()) phases.put("proxy-ready", millisSince(t0));
        PodWorkload workload;
        try {
            workload = workloads.start(pod, service, plumbing, seed);
        } catch (Exception e) {
            throw new Exception("pod " + pod.name() + ": could not listen on " + plumbing.appBind() + ": " + e, e);
        }
        phases.put("listening", millisSince(t0));
        try {
            ReadinessProbe.await(plumbing.appBind());
        } catch (Exception e) {
            workload.close();
            throw new Exception("pod " + pod.name() + ": " + e.getMessage(), e);
        }
        phases.put("ready", millisSince(t0));
        String node = "node-" + (pod.node() + 1);
        return new RunningPod(pod, plumbing, workload, new PodStartup(pod.name(), pod.service(), node, created, phases));
    }

    private static double millisSince(long t0) {
        return (System.nanoTime() - t0) / 1e6;
    }

    @Override
    public MeshMode mode() {
        return mode;
    }

    @Override
    public java.util.Optional<io.meshbench.platform.Disruptor> disruptor() {
        return java.util.Optional.of(new LocalDisruptor(this));
    }

    LocalDataPlane dataPlane() {
        return dataPlane;
    }

    /** Every pod's identity, in deployment order. */
    List<LocalPod> localPods() {
        return pods.stream().map(RunningPod::pod).toList();
    }

    /** The running instance of a pod: its workload server's identity, which a restart changes. */
    String instanceOf(String podName) {
        return pods.stream().filter(p -> p.pod().name().equals(podName)).findFirst()
                .map(p -> p.workload() instanceof InHarness ? "pod " + podName + " " + p.workload().instance() : p.workload().instance())
                .orElse("pod " + podName + " (not running)");
    }

    /**
     * Deletes the pod (its workload stops, its sidecar goes with it or its ztunnel forgets it) and
     * starts it again as {@code as} — the same service, or a new version of it — through the same
     * steps as a deploy: attach to the data plane (a sidecar pod is ready only once its proxy is),
     * listen, readiness probe answered; then its ingress port is opened again if it is an entry pod.
     * Returns when the fresh pod is ready.
     */
    void replacePod(LocalPod pod, Service as) throws Exception {
        RunningPod old = pods.stream().filter(p -> p.pod().equals(pod)).findFirst()
                .orElseThrow(() -> new IllegalStateException("pod " + pod.name() + " is not running"));
        old.workload().close();
        dataPlane.detach(pod);
        long podSeed = seed * 1_000_003L + 7_919L * starts.incrementAndGet();
        RunningPod fresh = startPod(pod, as, mode, dataPlane, workloads, podSeed);
        pods.set(pods.indexOf(old), fresh);
        if (entryPods.contains(pod.name())) dataPlane.ingress(pod);
    }

    /**
     * A pod added beside the service's own (a canary's v2, as a second Deployment's pod would be):
     * named {@code <svc>-<version>-<n>}, at the next free address after the topology's pods, on the
     * node a round-robin scheduler picks. Each call gives a fresh name and address.
     */
    synchronized LocalPod extraPod(String service, String version) {
        int index = cluster.podsByService().values().stream().mapToInt(List::size).sum() + extraPods.size();
        String name = service + "-" + version + "-" + extraPods.size();
        extraPods.add(name);
        if (index >= io.meshbench.platform.local.LocalSettings.ADDRESSABLE_PODS) {
            throw new IllegalStateException("no pod address left for " + name + " (" + index + " pods in use)");
        }
        return new LocalPod(name, service, cluster.namespace(), addresses.pod(index), index % cluster.nodeCount());
    }

    /** Starts an added pod through the deploy's steps (attach, listen, readiness); it joins the pods scraped and stopped. */
    void startExtraPod(LocalPod pod, Service as) throws Exception {
        long podSeed = seed * 1_000_003L + 7_919L * starts.incrementAndGet();
        pods.add(startPod(pod, as, mode, dataPlane, workloads, podSeed));
    }

    /** Deletes an added pod: its workload stops, its sidecar goes with it or its ztunnel forgets it. */
    void stopExtraPod(LocalPod pod) throws Exception {
        RunningPod running = pods.stream().filter(p -> p.pod().equals(pod)).findFirst()
                .orElseThrow(() -> new IllegalStateException("pod " + pod.name() + " is not running"));
        pods.remove(running);
        running.workload().close();
        dataPlane.detach(pod);
    }

    /** Opens the ingress ports of the entry pods among {@code podNames} again (after their proxy restarted). */
    void reopenIngress(List<String> podNames) {
        for (LocalPod p : localPods()) {
            if (podNames.contains(p.name()) && entryPods.contains(p.name())) dataPlane.ingress(p);
        }
    }

    Service service(String name) {
        Service s = services.get(name);
        if (s == null) throw new IllegalArgumentException("unknown service '" + name + "'; services: " + services.keySet());
        return s;
    }

    LocalCluster cluster() {
        return cluster;
    }

    int podCount() {
        return pods.size();
    }

    @Override
    public List<PodStartup> podStartups() {
        return pods.stream().map(RunningPod::startup).toList();
    }

    @Override
    public List<EntryPoint> entryPoints() {
        return entryPoints;
    }

    /**
     * Workload CPU: CPU time of the shared workload event-loop threads over the window (ThreadMXBean),
     * divided among the pods of every deployment up at the time. Workload memory: live heap and direct
     * memory after a full GC, before vs after this mode was deployed, divided by its pods, less what
     * the data plane reports per pod (its in-process proxies are inside that delta). Mesh figures come
     * from the data plane's own window.
     */
    @Override
    public ResourceWindow startResourceWindow() {
        if (hosts != null) return hostedResourceWindow();
        long cpu0 = loops.cpuNanos();
        long t0 = System.nanoTime();
        ResourceWindow mesh = dataPlane.startResourceWindow();
        return () -> {
            ResourceUsage dp = mesh.finish();
            double seconds = (System.nanoTime() - t0) / 1e9;
            double cores = seconds > 0 ? (loops.cpuNanos() - cpu0) / 1e9 / seconds : 0;
            int sharing = Math.max(1, livePods.getAsInt());
            double workloadMillicores = cores * 1000 / sharing;
            double workloadBytes = workloadBytesPerPod;
            String method = "local target, one JVM: workload CPU = CPU time (ThreadMXBean) of the shared workload "
                    + "event-loop threads over the window ÷ " + sharing + " pods up; workload memory = live heap + "
                    + "direct memory after full GC, before vs after deploying this mode, ÷ " + pods.size()
                    + " pods; mesh: " + dp.method();
            return new ResourceUsage(seconds, pods.size(), cluster.nodeCount(), dp.meshMemoryPerPodBytes(),
                    dp.meshCpuPerPodMillicores(), workloadBytes, workloadMillicores,
                    dp.meshDaemonMemoryPerNodeBytes(), method);
        };
    }

    /**
     * Process layout: the workload hosts measured per process from /proc as the proxies are (PSS
     * and CPU time over the window, summed and divided by the pods); the mesh's figures are the
     * data plane's own window over its proxy processes, which never include a host.
     */
    private ResourceWindow hostedResourceWindow() {
        long t0 = System.nanoTime();
        ResourceWindow mesh = dataPlane.startResourceWindow();
        ProcessWindow window = ProcessWindow.start(hosts.pids());
        return () -> {
            Map<Long, ProcessWindow.Usage> usage = window.finish();
            ResourceUsage dp = mesh.finish();
            double seconds = (System.nanoTime() - t0) / 1e9;
            int podCount = Math.max(1, pods.size());
            double bytes = 0, millicores = 0;
            boolean measured = false;
            for (ProcessWindow.Usage u : usage.values()) {
                if (u.samples() == 0) continue;
                measured = true;
                bytes += u.chargedBytes();
                millicores += Double.isFinite(u.millicores()) ? u.millicores() : 0;
            }
            double workloadBytes = measured && Double.isFinite(bytes) ? bytes / podCount : Double.NaN;
            double workloadMillicores = measured ? millicores / podCount : Double.NaN;
            String method = "local target, process layout: " + WorkloadHosts.method(hosts.count(), pods.size(), usage)
                    + "; mesh: " + dp.method();
            return new ResourceUsage(seconds, pods.size(), cluster.nodeCount(), dp.meshMemoryPerPodBytes(),
                    dp.meshCpuPerPodMillicores(), workloadBytes, workloadMillicores, dp.meshDaemonMemoryPerNodeBytes(), method);
        };
    }

    @Override
    public List<MetricsSource> dataPlaneMetrics() {
        return dataPlane.metrics();
    }

    @Override
    public List<MetricsSource> workloadMetrics() {
        List<MetricsSource> out = new ArrayList<>();
        for (RunningPod p : pods) {
            InetSocketAddress at = p.plumbing().appBind();
            out.add(new io.meshbench.metrics.scrape.HttpMetricsSource(p.pod().name(), "workload", URI.create("http://"
                    + at.getAddress().getHostAddress() + ":" + at.getPort() + "/metrics"), Duration.ofSeconds(1)));
        }
        return out;
    }

    /** Fresh proxy processes, or fresh workload hosts (every mode of the process layout, baseline too). */
    @Override
    public boolean freshDataPlaneProcesses() {
        return hosts != null || dataPlane instanceof io.meshbench.platform.local.mesh.ProcessDataPlane;
    }

    /** Dead proxy processes, then dead workload hosts, each with its exit status and last stderr lines. */
    @Override
    public List<String> dataPlaneFailures() {
        List<String> out = new ArrayList<>(dataPlane.failures());
        if (hosts != null) out.addAll(hosts.failures());
        return out;
    }

    /** Test hook: the workload hosts of the process layout, null in the embedded one. */
    WorkloadHosts hosts() {
        return hosts;
    }

    /** Every pod's {@code /meshbench/latency}, fetched over HTTP from its workload, merged. */
    @Override
    public LatencyRecording collectLatency() throws PlatformException {
        List<String> died = new ArrayList<>(dataPlane.failures().stream().map(f -> "the " + mode + " data plane failed: " + f).toList());
        if (hosts != null) hosts.failures().forEach(f -> died.add("a workload host of " + mode + " failed: " + f));
        if (!died.isEmpty()) throw new PlatformException(died, null);
        ExecutorService fetchers = daemonPool(8, "meshbench-latency-fetch");
        try {
            List<Future<String>> logs = new ArrayList<>();
            for (RunningPod p : pods) logs.add(fetchers.submit(() -> fetchLatency(p)));
            List<String> texts = new ArrayList<>();
            List<String> problems = new ArrayList<>();
            for (Future<String> f : logs) {
                try {
                    texts.add(f.get());
                } catch (ExecutionException e) {
                    problems.add(e.getCause().getMessage());
                }
            }
            if (!problems.isEmpty()) throw new PlatformException(problems, null);
            return LatencyLogs.parse(texts);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PlatformException("interrupted while collecting latency logs", e);
        } catch (IllegalArgumentException e) {
            throw new PlatformException("a workload's latency log did not parse: " + e.getMessage(), e);
        } finally {
            fetchers.shutdownNow();
        }
    }

    private String fetchLatency(RunningPod p) throws Exception {
        InetSocketAddress at = p.plumbing().appBind();
        URI uri = URI.create("http://" + at.getAddress().getHostAddress() + ":" + at.getPort() + "/meshbench/latency");
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) throw new Exception("pod " + p.pod().name() + ": " + uri + " answered " + r.statusCode());
        return r.body();
    }

    /** Stops every workload (the hosts, with their pods), then the data plane. Idempotent. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) return;
        try {
            stop(pods, hosts, dataPlane);
        } finally {
            onClose.accept(this);   // even when stopping failed: the mode may be deployed again
        }
    }

    private static void stop(List<RunningPod> pods, WorkloadHosts hosts, LocalDataPlane dataPlane) {
        if (hosts != null) {
            hosts.close();   // a host's pods stop with it: no command per pod
        } else {
            List<RunningPod> copy;
            synchronized (pods) {
                copy = List.copyOf(pods);
            }
            for (RunningPod p : copy) {
                try {
                    p.workload().close();
                } catch (RuntimeException e) {
                    // keep stopping the others; a server that fails to close leaves only its own socket
                }
            }
        }
        dataPlane.close();
    }
}
