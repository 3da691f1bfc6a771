package io.meshbench.platform.local.mesh;

import io.meshbench.metrics.ResourceUsage;
import io.meshbench.metrics.ResourceWindow;
import io.meshbench.core.MetricsSource;
import io.meshbench.platform.local.LocalCluster;
import io.meshbench.platform.local.LocalDataPlane;
import io.meshbench.platform.local.LocalPod;
import io.meshbench.platform.local.PodPlumbing;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Optional;
import java.util.List;
import java.util.Locale;

/**
 * The `ambient` mode of the local target (and `waypoint`, when built with a waypoint): a mesh CA,
 * one ztunnel per virtual node, each with its own threads and buffer pool as a node daemon has,
 * and optionally one waypoint for the namespace. Pods are enrolled with their node's ztunnel.
 */
public final class AmbientDataPlane implements LocalDataPlane {

    private final boolean withWaypoint;
    private final List<Ztunnel> ztunnels = new ArrayList<>();
    private final List<Long> ztunnelStartHeap = new ArrayList<>();
    private final HeapSampler enrolHeap = new HeapSampler();
    private long waypointStartHeap;
    private Waypoint waypoint;
    private ServiceRegistry registry;
    private MeshCa ca;
    private double tlsEndHeap;

    /** @param withWaypoint true for `waypoint` mode: all traffic goes ztunnel → waypoint → ztunnel */
    public AmbientDataPlane(boolean withWaypoint) {
        this.withWaypoint = withWaypoint;
    }

    @Override
    public void start(LocalCluster cluster) throws Exception {
        registry = new ServiceRegistry(cluster);
        ca = MeshCa.create("meshbench-mesh-ca-" + cluster.namespace() + "-" + Long.toHexString(System.nanoTime()));
        Ztunnel.WaypointAddress waypointAddress = null;
        if (withWaypoint) {
            long before = PlaneRuntime.usedHeapAfterGc();
            waypoint = new Waypoint(cluster.namespace(), cluster.nodeIps(), ca, registry,
                    new PlaneRuntime("waypoint", 1), this::waypointMemoryBytes);
            waypoint.start();
            waypointStartHeap = Math.max(0, PlaneRuntime.usedHeapAfterGc() - before);
            waypointAddress = waypoint.address();
        }
        for (int node = 0; node < cluster.nodeCount(); node++) {
            long before = PlaneRuntime.usedHeapAfterGc();
            Ztunnel z = new Ztunnel(node, cluster.nodeIps(), ca, registry, new PlaneRuntime("ztunnel-" + node, 1), waypointAddress);
            z.start();
            ztunnelStartHeap.add(Math.max(0, PlaneRuntime.usedHeapAfterGc() - before));
            ztunnels.add(z);
        }
        Ztunnel first = ztunnels.get(0);
        double perEnd = TlsConnectionProbe.heapBytesPerEnd(ca, new InetSocketAddress(cluster.nodeIps().get(0), PROBE_PORT),
                true, first.loops().group(), first.runtime().allocator());
        tlsEndHeap = Double.isFinite(perEnd) ? perEnd : 0;
        enrolHeap.probe(cluster, pod -> {
            Ztunnel z = ztunnels.get(pod.node());
            z.enrol(pod);
            return () -> z.unenrol(pod);
        });
    }

    @Override
    public PodPlumbing attach(LocalPod pod) throws Exception {
        if (pod.node() < 0 || pod.node() >= ztunnels.size()) {
            throw new IllegalArgumentException("pod " + pod.name() + " is on node " + pod.node() + " but the cluster has "
                    + ztunnels.size() + " nodes; schedule pods to nodes 0.." + (ztunnels.size() - 1));
        }
        return ztunnels.get(pod.node()).enrol(pod);
    }

    /** The pod is deleted: its node's ztunnel stops capturing its service port. */
    @Override
    public void detach(LocalPod pod) {
        if (pod.node() >= 0 && pod.node() < ztunnels.size()) ztunnels.get(pod.node()).unenrol(pod);
    }

    /**
     * Waypoint mode: the namespace's waypoint is replaced (every pod's L7 traffic goes through it).
     * Ambient: the ztunnel of the pod's node is replaced and every pod of that node is enrolled with
     * the fresh one again. Embedded: a fresh proxy (new listeners, tunnels, certificate) on the
     * plane's threads, not a fresh process.
     */
    @Override
    public synchronized Optional<Restart> restartServing(LocalPod pod, List<LocalPod> pods) throws Exception {
        if (withWaypoint) {
            Waypoint old = waypoint;
            old.close();
            Waypoint fresh = new Waypoint(registry.cluster().namespace(), registry.cluster().nodeIps(), ca, registry,
                    old.runtime(), this::waypointMemoryBytes);
            fresh.start();
            waypoint = fresh;
            return Optional.of(new Restart(instance("waypoint", old), instance("waypoint", fresh),
                    pods.stream().map(LocalPod::name).toList(),
                    "embedded waypoint closed and a fresh one started on the same address; ready once it accepts"));
        }
        int node = pod.node();
        Ztunnel old = ztunnels.get(node);
        java.util.Set<String> ingress = old.ingressPods();
        old.close();
        Ztunnel fresh = new Ztunnel(node, registry.cluster().nodeIps(), ca, registry, old.runtime(), null);
        fresh.start();
        List<LocalPod> onNode = pods.stream().filter(p -> p.node() == node).toList();
        for (LocalPod p : onNode) {
            fresh.enrol(p);
            if (ingress.contains(p.name())) fresh.openIngress(p);
        }
        ztunnels.set(node, fresh);
        return Optional.of(new Restart(instance("ztunnel node-" + (node + 1), old), instance("ztunnel node-" + (node + 1), fresh),
                onNode.stream().map(LocalPod::name).toList(), "embedded ztunnel closed and a fresh one started; "
                + onNode.size() + " pods of its node enrolled again before it counts as ready"));
    }

    /** Only the waypoint splits L7 traffic; its ztunnels resolve through the same registry (they enrol the v2 pods). */
    @Override
    public boolean route(String service, List<LocalPod> v2, double weight) {
        if (!withWaypoint) return false;
        registry.route(service, v2, weight);
        return true;
    }

    @Override
    public void unroute(String service) {
        if (withWaypoint) registry.unroute(service);
    }

    private static String instance(String what, Object proxy) {
        return what + " instance @" + Integer.toHexString(System.identityHashCode(proxy));
    }

    /** Entry pods get a plaintext port through their node's ztunnel for the load generator (outside the mesh). */
    @Override
    public Optional<InetSocketAddress> ingress(LocalPod pod) {
        if (pod.node() < 0 || pod.node() >= ztunnels.size()) return Optional.empty();
        return Optional.of(ztunnels.get(pod.node()).openIngress(pod));
    }

    public Ztunnel ztunnel(int node) {
        return ztunnels.get(node);
    }

    public Waypoint waypoint() {
        return waypoint;
    }

    /** CPU time of all ztunnel (and waypoint) threads so far, in ns (for benchmarks). */
    public long cpuNanos() {
        long total = 0;
        for (Ztunnel z : ztunnels) total += z.runtime().cpuNanos();
        return waypoint == null ? total : total + waypoint.runtime().cpuNanos();
    }

    public MeshCa ca() {
        return ca;
    }

    /** Where the connection probe listens briefly during start(): node 0's address, a port no ztunnel uses. */
    static final int PROBE_PORT = 15999;

    /**
     * Node daemon memory: heap retained by starting it and by its enrolled pods, heap of its open
     * HBONE mTLS connections, plus its buffer pool.
     */
    double ztunnelMemoryBytes(Ztunnel z) {
        double perPod = enrolHeap.meanBytes();
        return ztunnelStartHeap.get(z.node()) + perPod * z.enrolledPods()
                + z.runtime().liveTlsConnections() * tlsEndHeap + z.runtime().allocatorBytes();
    }

    double waypointMemoryBytes() {
        return waypoint == null ? 0 : waypointStartHeap + waypoint.liveTlsConnections() * tlsEndHeap
                + waypoint.runtime().allocatorBytes();
    }

    @Override
    public List<MetricsSource> metrics() {
        List<MetricsSource> out = new ArrayList<>();
        for (Ztunnel z : ztunnels) out.add(AdminServer.source("ztunnel-node-" + z.node(), "ztunnel", z.admin()));
        if (waypoint != null) {
            out.add(AdminServer.source("waypoint-" + registry.cluster().namespace(), "waypoint", waypoint.admin()));
        }
        return out;
    }

    @Override
    public ResourceWindow startResourceWindow() {
        List<CpuWindow> nodeCpu = new ArrayList<>();
        for (Ztunnel z : ztunnels) nodeCpu.add(new CpuWindow(z.runtime()::cpuNanos));
        CpuWindow waypointCpu = waypoint == null ? null : new CpuWindow(waypoint.runtime()::cpuNanos);
        double[] memoryAtStart = ztunnels.stream().mapToDouble(this::ztunnelMemoryBytes).toArray();
        double waypointAtStart = waypointMemoryBytes();
        return () -> {
            int pods = 0;
            double memory = 0;
            double cpu = 0;
            double daemonMemory = 0;
            for (Ztunnel z : ztunnels) {
                double nodeMemory = (memoryAtStart[z.node()] + ztunnelMemoryBytes(z)) / 2;
                daemonMemory += nodeMemory;
                pods += z.enrolledPods();
                if (z.enrolledPods() > 0) {   // each pod carries its node's ztunnel ÷ pods on that node
                    memory += nodeMemory;
                    cpu += nodeCpu.get(z.node()).millicores();
                }
            }
            double waypointMemory = (waypointAtStart + waypointMemoryBytes()) / 2;
            double waypointMillicores = waypointCpu == null ? 0 : waypointCpu.millicores();
            int n = Math.max(1, pods);
            String method = String.format(Locale.ROOT,
                    "emulated ztunnels (not Istio's): one per node with its own event-loop thread and buffer pool; "
                            + "CPU = CPU time of each node's ztunnel thread (ThreadMXBean) over the window, divided by the "
                            + "pods on that node; memory per node = heap retained by starting its ztunnel (used-heap growth "
                            + "after full GC) + heap per enrolled pod (%d probe enrolments started together before the pods start, growth ÷ count: %.1f KiB) x pods on "
                            + "the node + heap of its open HBONE mTLS connections (connection ends x %.1f KiB, per-end heap measured "
                            + "by opening 32 probe connections at start, used-heap growth after full GC) + its pooled buffer "
                            + "memory, divided by the pods on that node%s",
                    enrolHeap.sampleCount(), enrolHeap.meanBytes() / 1024, tlsEndHeap / 1024,
                    waypoint == null ? "" : String.format(Locale.ROOT,
                            "; plus the namespace waypoint's share (its thread's CPU; its retained heap, open mTLS connections and buffer pool, "
                                    + "%.1f KiB) divided by all %d pods", waypointMemory / 1024, n));
            double seconds = nodeCpu.isEmpty() ? 0 : nodeCpu.get(0).seconds();
            return new ResourceUsage(seconds, pods, ztunnels.size(), (memory + waypointMemory) / n,
                    (cpu + waypointMillicores) / n, Double.NaN, Double.NaN,
                    ztunnels.isEmpty() ? 0 : daemonMemory / ztunnels.size(), method);
        };
    }

    @Override
    public void close() {
        ztunnels.forEach(Ztunnel::close);
        if (waypoint != null) waypoint.close();
        ztunnels.forEach(z -> z.runtime().close());
        if (waypoint != null) waypoint.runtime().close();
    }
}
