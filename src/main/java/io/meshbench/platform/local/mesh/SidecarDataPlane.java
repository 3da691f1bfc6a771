package io.meshbench.platform.local.mesh;

import io.meshbench.metrics.ResourceUsage;
import io.meshbench.metrics.ResourceWindow;
import io.meshbench.core.MetricsSource;
import io.meshbench.platform.local.LocalCluster;
import io.meshbench.platform.local.LocalDataPlane;
import io.meshbench.platform.local.LocalPod;
import io.meshbench.platform.local.PodPlumbing;
import io.meshbench.platform.local.OutboundRoutes;
import io.meshbench.workload.WorkloadEventLoops;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Optional;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The `sidecar` mode of the local target: a mesh CA for the run and one emulated Envoy sidecar
 * per pod, all on the plane's own event loops and buffer pool so their cost can be measured.
 */
public final class SidecarDataPlane implements LocalDataPlane {

    /** Event-loop threads shared by all sidecars (Envoy runs 2 workers per sidecar by default). */
    private static final int THREADS = 2;

    private final List<Sidecar> sidecars = new CopyOnWriteArrayList<>();
    private final HeapSampler heap = new HeapSampler();
    private PlaneRuntime runtime;
    private WorkloadEventLoops loops;
    private MeshCa ca;
    private ServiceRegistry registry;
    private double tlsEndHeap;

    @Override
    public void start(LocalCluster cluster) throws Exception {
        registry = new ServiceRegistry(cluster);
        ca = MeshCa.create("meshbench-mesh-ca-" + cluster.namespace() + "-" + Long.toHexString(System.nanoTime()));
        runtime = new PlaneRuntime("sidecar", THREADS);
        loops = runtime.newLoops("proxies", THREADS);
        heap.probe(cluster, pod -> {
            Sidecar probe = newSidecar(pod);
            probe.start();
            return probe::close;
        });
        double perEnd = TlsConnectionProbe.heapBytesPerEnd(ca, new InetSocketAddress(cluster.nodeIps().get(0), PROBE_PORT),
                false, loops.group(), runtime.allocator());
        tlsEndHeap = Double.isFinite(perEnd) ? perEnd : 0;
    }

    /** Where the connection probe listens briefly during start(): node 0's address, unused in this mode. */
    static final int PROBE_PORT = 15999;

    private Sidecar newSidecar(LocalPod pod) {
        MeshTls tls = new MeshTls(ca.issue(pod.spiffeId()));
        return new Sidecar(pod, tls, registry, runtime, loops.group(), this::memoryPerProxyBytes);
    }

    @Override
    public PodPlumbing attach(LocalPod pod) throws Exception {
        Sidecar sidecar = newSidecar(pod);
        sidecar.start();
        sidecars.add(sidecar);
        return new PodPlumbing(sidecar.appBind(), new OutboundRoutes.ViaSidecar(sidecar.outbound(), pod.name()));
    }

    /** Every sidecar resolves through the one registry here, so the route reaches them all at once. */
    @Override
    public boolean route(String service, List<LocalPod> v2, double weight) {
        registry.route(service, v2, weight);
        return true;
    }

    @Override
    public void unroute(String service) {
        registry.unroute(service);
    }

    /** The pod is deleted: its sidecar goes with it. */
    @Override
    public void detach(LocalPod pod) {
        Sidecar s = sidecar(pod.name());
        if (s == null) return;
        sidecars.remove(s);
        s.close();
    }

    /**
     * Closes the pod's sidecar (listeners, pooled connections) and starts a fresh one with a fresh
     * certificate on the same addresses; returns once the fresh one accepts. Embedded: the proxies
     * share event-loop threads, so this replaces the proxy, not a process.
     */
    @Override
    public Optional<Restart> restartServing(LocalPod pod, List<LocalPod> pods) throws Exception {
        Sidecar old = sidecar(pod.name());
        if (old == null) throw new IllegalStateException("pod " + pod.name() + " has no sidecar");
        boolean hadIngress = old.hasIngress();
        sidecars.remove(old);
        old.close();
        Sidecar fresh = newSidecar(pod);
        fresh.start();
        if (hadIngress) fresh.openIngress();
        sidecars.add(fresh);
        return Optional.of(new Restart(instance(old), instance(fresh), List.of(pod.name()),
                "embedded sidecar closed (listeners and connections) and a fresh one started; ready once it accepts"));
    }

    private static String instance(Sidecar s) {
        return "sidecar " + s.pod().name() + " instance @" + Integer.toHexString(System.identityHashCode(s));
    }

    /** Entry pods get a plaintext port on their sidecar for the load generator (outside the mesh). */
    @Override
    public Optional<InetSocketAddress> ingress(LocalPod pod) {
        Sidecar s = sidecar(pod.name());
        if (s == null) return Optional.empty();
        try {
            return Optional.of(s.openIngress());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while opening the ingress port of " + pod.name(), e);
        }
    }

    /** The sidecar named after {@code pod}, for tests and benchmarks. */
    public Sidecar sidecar(String podName) {
        return sidecars.stream().filter(s -> s.pod().name().equals(podName)).findFirst().orElse(null);
    }

    /** CPU time of all the sidecars' threads so far, in ns (for benchmarks). */
    public long cpuNanos() {
        return runtime.cpuNanos();
    }

    /** mTLS connection ends open in all sidecars now (each charged with the measured per-end heap). */
    public int liveTlsConnections() {
        return runtime.liveTlsConnections();
    }

    public MeshCa ca() {
        return ca;
    }

    /** Retained heap of one proxy (sampled) + its share of the live TLS connections' heap and of the buffer pool. */
    double memoryPerProxyBytes() {
        int n = Math.max(1, sidecars.size());
        return heap.meanBytes() + (runtime.liveTlsConnections() * tlsEndHeap + runtime.allocatorBytes()) / n;
    }

    @Override
    public List<MetricsSource> metrics() {
        List<MetricsSource> out = new ArrayList<>();
        for (Sidecar s : sidecars) out.add(AdminServer.source(s.pod().name() + ".istio-proxy", "sidecar", s.admin()));
        return out;
    }

    @Override
    public ResourceWindow startResourceWindow() {
        CpuWindow cpu = new CpuWindow(runtime::cpuNanos);
        long poolAtStart = runtime.allocatorBytes();
        int tlsAtStart = runtime.liveTlsConnections();
        return () -> {
            int pods = Math.max(1, sidecars.size());
            double pool = (poolAtStart + runtime.allocatorBytes()) / 2.0;
            double tls = (tlsAtStart + runtime.liveTlsConnections()) / 2.0 * tlsEndHeap;
            double perPod = heap.meanBytes() + (pool + tls) / pods;
            String method = String.format(java.util.Locale.ROOT,
                    "emulated sidecars (not Envoy): CPU = CPU time of the %d event-loop threads all %d sidecars run on "
                            + "(ThreadMXBean), over the window, divided by %d pods; memory = heap one sidecar retains "
                            + "(used-heap growth after full GC around starting %d probe sidecars together before the pods start, ÷ count: %.1f KiB) "
                            + "plus, divided by %d pods, the sidecars' own pooled buffer memory (mean %.1f KiB) and the heap "
                            + "of their open mTLS connections (mean %.0f connection ends x %.1f KiB, per-end heap measured "
                            + "by opening %s probe connections at start, used-heap growth after full GC)",
                    THREADS, sidecars.size(), pods, heap.sampleCount(), heap.meanBytes() / 1024, pods, pool / 1024,
                    tls / Math.max(1e-9, tlsEndHeap), tlsEndHeap / 1024, "32");
            return new ResourceUsage(cpu.seconds(), sidecars.size(), registry.cluster().nodeCount(),
                    perPod, cpu.millicores() / pods, Double.NaN, Double.NaN, 0, method);
        };
    }

    @Override
    public void close() {
        sidecars.forEach(Sidecar::close);
        if (runtime != null) runtime.close();
    }
}
