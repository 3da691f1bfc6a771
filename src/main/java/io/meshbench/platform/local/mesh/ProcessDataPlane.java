package io.meshbench.platform.local.mesh;

import io.meshbench.core.MetricsSource;
import io.meshbench.metrics.ResourceUsage;
import io.meshbench.metrics.ResourceWindow;
import io.meshbench.metrics.process.ProcessFootprint;
import io.meshbench.metrics.process.ProcessWindow;
import io.meshbench.platform.local.IpPort;
import io.meshbench.platform.local.LocalCluster;
import io.meshbench.platform.local.LocalDataPlane;
import io.meshbench.platform.local.LocalPod;
import io.meshbench.platform.local.LocalSettings;
import io.meshbench.platform.local.ScratchAddresses;
import io.meshbench.platform.local.PodPlumbing;
import io.meshbench.platform.local.process.ChildClassPath;
import io.meshbench.platform.local.process.ChildProcess;
import io.meshbench.platform.local.process.ClassDataArchive;
import io.meshbench.platform.local.process.JvmCommand;
import io.meshbench.platform.local.OutboundRoutes;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

/**
 * A meshed mode on the local target deployed as the architecture deploys it, every proxy its own
 * JVM process with its own config and certificate: a control-plane process (istiod's stand-in:
 * CA, xDS and SDS), then one sidecar process per pod (`sidecar`), or one ztunnel process per node
 * that pods enrol with (`ambient`), plus a waypoint process for the namespace (`waypoint`).
 * Memory and CPU are each process's own, read from the kernel ({@link ProcessWindow}).
 */
public final class ProcessDataPlane implements LocalDataPlane {

    /** How the mode deploys its proxies. */
    public enum Shape { SIDECAR, AMBIENT, WAYPOINT }

    /** Heap ceiling of a proxy process: it holds its config and connection state, buffers are direct. */
    public static final String PROXY_HEAP = "48m";
    /** Longest one proxy's warm-up may take before the deploy reports it failed. */
    static final java.time.Duration WARM_UP_TIMEOUT = java.time.Duration.ofSeconds(90);
    static final String CONTROL_PLANE_HEAP = "128m";
    private static final Duration STOP_GRACE = Duration.ofSeconds(5);

    private final Shape shape;
    private final String runId;
    private final Path logDir;
    private final Map<String, ChildProcess> sidecars = new ConcurrentHashMap<>();
    /** Nodes whose ztunnel has warmed (one warm-up per ztunnel process). */
    private final java.util.Set<Integer> warmedNodes = ConcurrentHashMap.newKeySet();
    private final List<ChildProcess> ztunnels = new CopyOnWriteArrayList<>();
    private final Map<String, LocalPod> attached = new ConcurrentHashMap<>();
    private volatile ChildProcess controlPlane;
    private volatile ChildProcess waypoint;
    private volatile String controlPlaneUrl;
    private LocalCluster cluster;

    public ProcessDataPlane(Shape shape, String runId, Path logDir) {
        this.shape = shape;
        this.runId = runId;
        this.logDir = logDir;
    }

    @Override
    public void start(LocalCluster cluster) throws Exception {
        this.cluster = cluster;
        Files.createDirectories(logDir);
        Path mesh = logDir.resolve("mesh.txt");
        Files.writeString(mesh, MeshConfig.view(cluster, MeshConfig.Kind.SIDECAR));
        controlPlane = ChildProcess.start("control-plane " + cluster.namespace(),
                command(ControlPlaneMain.class, CONTROL_PLANE_HEAP, mesh.toString()), logDir);
        controlPlaneUrl = "http://127.0.0.1:" + controlPlane.readyDetail();
        String noArchive = ClassDataArchive.ensure(ChildClassPath.current(false), this::trainClassDataArchive);
        if (noArchive != null) System.err.println("meshbench: " + noArchive);
        if (shape == Shape.SIDECAR) return;
        // Node daemons (and the waypoint) start together, as a DaemonSet's pods do.
        ExecutorService starters = Executors.newFixedThreadPool(Math.min(4, cluster.nodeCount() + 1));
        try {
            List<Future<ChildProcess>> nodes = new ArrayList<>();
            for (int n = 0; n < cluster.nodeCount(); n++) {
                int node = n;
                nodes.add(starters.submit(() -> ChildProcess.start("ztunnel node-" + (node + 1),
                        command(ProxyMain.class, PROXY_HEAP, "ztunnel", controlPlaneUrl, Integer.toString(node),
                                shape == Shape.WAYPOINT ? "waypoint" : null), logDir)));
            }
            Future<ChildProcess> wp = shape == Shape.WAYPOINT ? starters.submit(() -> ChildProcess.start(
                    "waypoint " + cluster.namespace(), command(ProxyMain.class, PROXY_HEAP, "waypoint", controlPlaneUrl), logDir)) : null;
            List<String> problems = new ArrayList<>();
            for (Future<ChildProcess> f : nodes) {
                try {
                    ztunnels.add(f.get());
                } catch (java.util.concurrent.ExecutionException e) {
                    problems.add(e.getCause().getMessage());
                }
            }
            if (wp != null) {
                try {
                    waypoint = wp.get();
                } catch (java.util.concurrent.ExecutionException e) {
                    problems.add(e.getCause().getMessage());
                }
            }
            if (!problems.isEmpty()) throw new IllegalStateException(String.join("\n", problems));
            ztunnels.sort(Comparator.comparing(ChildProcess::name));
        } finally {
            starters.shutdown();
        }
    }

    /**
     * The first deployment of a build trains the proxies' class-data archive: a sidecar for one of
     * the mesh's pods, with the archive flags, brought to ready (config, certificate, listeners,
     * an ingress port), given a run's first traffic and scrape ({@link TrainingTraffic}) and stopped;
     * it writes the archive as it exits. Before any proxy of the mode.
     */
    private void trainClassDataArchive(List<String> flags) throws Exception {
        LocalPod pod = cluster.podsByService().values().stream().flatMap(List::stream).findFirst()
                .orElseThrow(() -> new IllegalStateException("the mesh has no pod to train with"));
        ChildProcess trainee = ChildProcess.start("class-data training " + pod.name(),
                command(ProxyMain.class, PROXY_HEAP, "sidecar", controlPlaneUrl, pod.name()).withFlags(flags), logDir);
        try {
            TrainingTraffic.exercise(pod, IpPort.parse(trainee.request("ingress")));
        } finally {
            trainee.requestStop();
            trainee.awaitStop(ClassDataArchive.DUMP_GRACE);
        }
    }

    /** Calls per sidecar warm-up ({@link LocalSettings#PROXY_WARM_UP_OPTION}); the run plan has refused a bad value before. */
    static int warmUpCalls() {
        return Integer.getInteger(LocalSettings.PROXY_WARM_UP_OPTION, LocalSettings.DEFAULT_PROXY_WARM_UP_CALLS);
    }

    @Override
    public boolean warmsUp() {
        return warmUpCalls() > 0;
    }

    /**
     * Sidecar: the pod's proxy process carries {@link #warmUpCalls} through a twin of itself.
     * Ambient and waypoint: the first pod of each node has its node's ztunnel do the same through a
     * twin ztunnel and a twin of the pod (the waypoint, one process carrying all traffic, warms in
     * the settling rounds).
     */
    @Override
    public String warmUp(LocalPod pod, ScratchAddresses scratch) throws Exception {
        if (!warmsUp()) return null;
        if (shape == Shape.SIDECAR) {
            ChildProcess child = sidecars.get(pod.name());
            return child == null ? null : child.request("warm-up " + scratch.pod().getHostAddress() + " " + warmUpCalls(),
                    WARM_UP_TIMEOUT);
        }
        if (!warmedNodes.add(pod.node())) return null;
        return ztunnelOf(pod).request("warm-up " + pod.name() + " " + scratch.node().getHostAddress() + " "
                + scratch.pod().getHostAddress() + " " + warmUpCalls(), WARM_UP_TIMEOUT);
    }

    /** A pod of the config is named; a pod added later (a canary's v2) carries its service, address and node. */
    private JvmCommand sidecarCommand(LocalPod pod) {
        boolean inConfig = cluster.podsByService().getOrDefault(pod.service(), List.of()).contains(pod);
        return inConfig ? command(ProxyMain.class, PROXY_HEAP, "sidecar", controlPlaneUrl, pod.name())
                : command(ProxyMain.class, PROXY_HEAP, "sidecar", controlPlaneUrl, pod.name(), pod.service(),
                pod.ip().getHostAddress(), Integer.toString(pod.node()));
    }

    private JvmCommand command(Class<?> main, String heap, String... args) {
        return new JvmCommand(main.getName(), Stream.of(args).filter(a -> a != null).toList(), heap, runId,
                main == ControlPlaneMain.class);
    }

    /**
     * Sidecar: spawns the pod's proxy process, which fetches its config and certificate and says
     * ready. Ambient: asks the node's ztunnel to enrol the pod (it fetches the pod's certificate
     * and captures its service port).
     */
    @Override
    public PodPlumbing attach(LocalPod pod) throws Exception {
        InetSocketAddress app = new InetSocketAddress(pod.ip(), Sidecar.APP_PORT);
        if (shape == Shape.SIDECAR) {
            ChildProcess child = ChildProcess.start("sidecar " + pod.name(), sidecarCommand(pod), logDir);
            sidecars.put(pod.name(), child);
            attached.put(pod.name(), pod);
            return new PodPlumbing(app, new OutboundRoutes.ViaSidecar(new InetSocketAddress(pod.ip(), Sidecar.OUTBOUND_PORT), pod.name()));
        }
        ztunnelOf(pod).request("enrol " + pod.name());
        attached.put(pod.name(), pod);
        InetSocketAddress outbound = new InetSocketAddress(cluster.nodeIps().get(pod.node()), Ztunnel.OUTBOUND_PORT);
        return new PodPlumbing(new InetSocketAddress(pod.ip(), Ztunnel.APP_PORT), new OutboundRoutes.ViaZtunnel(outbound, pod.name()));
    }

    private ChildProcess ztunnelOf(LocalPod pod) {
        if (pod.node() < 0 || pod.node() >= ztunnels.size()) {
            throw new IllegalArgumentException("pod " + pod.name() + " is on node " + pod.node() + " but the cluster has "
                    + ztunnels.size() + " nodes");
        }
        return ztunnels.get(pod.node());
    }

    /**
     * The route goes as a command to every proxy process holding a copy of the config that
     * resolves the service: every sidecar (sidecar), or the waypoint and every ztunnel (waypoint
     * mode: the waypoint splits, the ztunnels enrol and deliver to the v2 pods). Ambient: none.
     */
    @Override
    public boolean route(String service, List<LocalPod> v2, double weight) throws Exception {
        if (shape == Shape.AMBIENT) return false;
        tell(ServiceRegistry.routeCommand(service, v2, weight));
        return true;
    }

    @Override
    public void unroute(String service) throws Exception {
        if (shape != Shape.AMBIENT) tell("unroute " + service);
    }

    private void tell(String command) throws Exception {
        List<ChildProcess> to = new ArrayList<>(shape == Shape.SIDECAR ? sidecars.values() : ztunnels);
        if (waypoint != null) to.add(waypoint);
        for (ChildProcess proxy : to) proxy.request(command);
    }

    /** The pod is deleted: its sidecar process is killed with it, or its node's ztunnel forgets it. */
    @Override
    public void detach(LocalPod pod) throws Exception {
        if (shape == Shape.SIDECAR) {
            ChildProcess child = sidecars.remove(pod.name());
            if (child != null) child.kill();
            return;
        }
        ztunnelOf(pod).request("unenrol " + pod.name());
    }

    /**
     * Kills (SIGKILL) the process serving the pod — its sidecar, its node's ztunnel, or the
     * waypoint — and spawns a fresh one with the same arguments; returns once the fresh one has
     * said ready (it fetched its config and certificate and bound its ports), a ztunnel's pods are
     * enrolled with it again, and the entry pods' ingress ports are open again.
     */
    @Override
    public Optional<Restart> restartServing(LocalPod pod, List<LocalPod> pods) throws Exception {
        if (shape == Shape.SIDECAR) {
            ChildProcess old = sidecars.get(pod.name());
            old.kill();
            ChildProcess fresh = ChildProcess.start("sidecar " + pod.name(),
                    command(ProxyMain.class, PROXY_HEAP, "sidecar", controlPlaneUrl, pod.name()), logDir);
            sidecars.put(pod.name(), fresh);
            return Optional.of(new Restart(pidOf(old), pidOf(fresh), List.of(pod.name()),
                    "sidecar process killed (SIGKILL) and a fresh one spawned; ready once it said so"));
        }
        if (shape == Shape.WAYPOINT) {
            ChildProcess old = waypoint;
            old.kill();
            waypoint = ChildProcess.start("waypoint " + cluster.namespace(),
                    command(ProxyMain.class, PROXY_HEAP, "waypoint", controlPlaneUrl), logDir);
            return Optional.of(new Restart(pidOf(old), pidOf(waypoint), pods.stream().map(LocalPod::name).toList(),
                    "waypoint process killed (SIGKILL) and a fresh one spawned; ready once it said so"));
        }
        int node = pod.node();
        ChildProcess old = ztunnelOf(pod);
        old.kill();
        ChildProcess fresh = ChildProcess.start("ztunnel node-" + (node + 1),
                command(ProxyMain.class, PROXY_HEAP, "ztunnel", controlPlaneUrl, Integer.toString(node), null), logDir);
        ztunnels.set(node, fresh);
        List<LocalPod> onNode = pods.stream().filter(p -> p.node() == node).toList();
        for (LocalPod p : onNode) fresh.request("enrol " + p.name());
        return Optional.of(new Restart(pidOf(old), pidOf(fresh), onNode.stream().map(LocalPod::name).toList(),
                "ztunnel process killed (SIGKILL) and a fresh one spawned; ready once it said so and the "
                        + onNode.size() + " pods of its node were enrolled again"));
    }

    private static String pidOf(ChildProcess c) {
        return "pid " + c.pid() + " " + c.name();
    }

    @Override
    public Optional<InetSocketAddress> ingress(LocalPod pod) {
        try {
            String at = shape == Shape.SIDECAR ? sidecars.get(pod.name()).request("ingress")
                    : ztunnelOf(pod).request("ingress " + pod.name());
            return Optional.of(IpPort.parse(at));
        } catch (ChildProcess.ChildFailure | IOException e) {
            throw new IllegalStateException("could not open the ingress port of " + pod.name() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public List<MetricsSource> metrics() {
        List<MetricsSource> out = new ArrayList<>();
        if (shape == Shape.SIDECAR) {
            for (LocalPod p : attached.values()) {
                out.add(AdminServer.source(p.name() + ".istio-proxy", "sidecar", new InetSocketAddress(p.ip(), Sidecar.ADMIN_PORT)));
            }
            return out;
        }
        for (int n = 0; n < cluster.nodeCount(); n++) {
            out.add(AdminServer.source("ztunnel-node-" + n, "ztunnel", new InetSocketAddress(cluster.nodeIps().get(n), Ztunnel.ADMIN_PORT)));
        }
        if (shape == Shape.WAYPOINT) {
            out.add(AdminServer.source("waypoint-" + cluster.namespace(), "waypoint",
                    new InetSocketAddress(cluster.nodeIps().get(0), Waypoint.ADMIN_PORT)));
        }
        return out;
    }

    /** Every data-plane process (not the control plane, which Istio's per-pod figures leave out too). */
    public List<ChildProcess> proxies() {
        List<ChildProcess> all = new ArrayList<>(sidecars.values());
        all.addAll(ztunnels);
        if (waypoint != null) all.add(waypoint);
        return all;
    }

    public ChildProcess controlPlane() {
        return controlPlane;
    }

    /** Children that exited without being told to, each with its exit status and last stderr lines. */
    @Override
    public List<String> failures() {
        List<String> out = new ArrayList<>();
        List<ChildProcess> all = new ArrayList<>(proxies());
        if (controlPlane != null) all.add(controlPlane);
        for (ChildProcess c : all) {
            if (c.diedUnexpectedly()) out.add(c.describeFailure("died"));
        }
        return out;
    }

    /**
     * Per process, as cAdvisor per container: PSS (RSS where the kernel gives no PSS) averaged over
     * the window's samples, and CPU time over the window. Sidecar: all sidecars ÷ pods. Ambient:
     * all ztunnels ÷ pods (each pod carries its share of its node's), and per node the mean
     * ztunnel. Waypoint: plus the waypoint ÷ pods.
     */
    @Override
    public ResourceWindow startResourceWindow() {
        List<ChildProcess> sidecarList = List.copyOf(sidecars.values());
        List<ChildProcess> nodeList = List.copyOf(ztunnels);
        ChildProcess wp = waypoint;
        List<Long> pids = new ArrayList<>();
        sidecarList.forEach(c -> pids.add(c.pid()));
        nodeList.forEach(c -> pids.add(c.pid()));
        if (wp != null) pids.add(wp.pid());
        ProcessWindow window = ProcessWindow.start(pids);
        long t0 = System.nanoTime();
        return () -> {
            Map<Long, ProcessWindow.Usage> usage = window.finish();
            double seconds = (System.nanoTime() - t0) / 1e9;
            int pods = Math.max(1, attached.size());
            Sum side = Sum.of(sidecarList, usage);
            Sum nodes = Sum.of(nodeList, usage);
            Sum way = Sum.of(wp == null ? List.of() : List.of(wp), usage);
            double memory = side.charged + nodes.charged + way.charged;
            double cpu = side.millicores + nodes.millicores + way.millicores;
            double perNode = nodeList.isEmpty() ? 0 : nodes.charged / nodeList.size();
            Sum all = Sum.of(proxies(), usage);
            String method = String.format(Locale.ROOT,
                    "emulated proxies (not Envoy or Istio's ztunnel), one OS process per proxy (%d sidecar, %d ztunnel, %d waypoint; JVM flags %s -Xmx%s), measured per "
                            + "process as cAdvisor measures containers: memory = proportional set size (PSS, private pages "
                            + "plus an equal share of pages shared with other processes) from /proc/<pid>/smaps_rollup, the "
                            + "mean of samples every %d s over the window (per process: mean RSS %.1f MiB, PSS %.1f MiB, "
                            + "USS %.1f MiB); CPU = utime+stime from /proc/<pid>/stat over the window; data-plane "
                            + "processes summed, divided by %d pods%s; the control plane (CA, xDS) is not counted",
                    sidecarList.size(), nodeList.size(), wp == null ? 0 : 1, String.join(" ", JvmCommand.LEAN_FLAGS),
                    PROXY_HEAP, ProcessWindow.INTERVAL.toSeconds(), all.meanRss() / 1048576, all.meanPss() / 1048576,
                    all.meanUss() / 1048576, pods, nodeList.isEmpty() ? ""
                            : String.format(Locale.ROOT, "; per node: the mean ztunnel's PSS (%.1f MiB)", perNode / 1048576));
            if (!ProcessFootprint.procAvailable()) {
                method += "; this system has no /proc: memory not measured, CPU from the OS's process info";
            }
            return new ResourceUsage(seconds, attached.size(), cluster.nodeCount(), memory / pods, cpu / pods,
                    Double.NaN, Double.NaN, perNode, method);
        };
    }

    private record Sum(int count, double charged, double millicores, double rss, double pss, double uss) {
        static Sum of(List<ChildProcess> children, Map<Long, ProcessWindow.Usage> usage) {
            double charged = 0, cpu = 0, rss = 0, pss = 0, uss = 0;
            int n = 0;
            for (ChildProcess c : children) {
                ProcessWindow.Usage u = usage.get(c.pid());
                if (u == null || u.samples() == 0) continue;
                n++;
                charged += u.chargedBytes();
                cpu += Double.isFinite(u.millicores()) ? u.millicores() : 0;
                rss += u.rssBytes();
                pss += u.pssBytes();
                uss += u.ussBytes();
            }
            return new Sum(n, charged, cpu, rss, pss, uss);
        }

        double meanRss() {
            return count == 0 ? Double.NaN : rss / count;
        }

        double meanPss() {
            return count == 0 ? Double.NaN : pss / count;
        }

        double meanUss() {
            return count == 0 ? Double.NaN : uss / count;
        }
    }

    /** Tells every child to stop at once, then waits for each (killing any that linger). */
    @Override
    public void close() {
        List<ChildProcess> all = proxies();
        all.forEach(ChildProcess::requestStop);
        all.forEach(c -> c.awaitStop(STOP_GRACE));
        ChildProcess cp = controlPlane;
        if (cp != null) cp.close();
        deleteQuietly(logDir);
    }

    private static void deleteQuietly(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | RuntimeException e) {
            // a log folder in the temp directory is harmless
        }
    }
}
