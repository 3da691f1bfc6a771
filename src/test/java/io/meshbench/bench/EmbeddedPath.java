package io.meshbench.bench;

import io.meshbench.metrics.process.ThreadCpu;
import io.meshbench.platform.local.LocalCluster;
import io.meshbench.platform.local.LocalDataPlane;
import io.meshbench.platform.local.LocalPod;
import io.meshbench.platform.local.PodPlumbing;
import io.meshbench.workload.Route;
import io.netty.channel.EventLoopGroup;

import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import java.util.function.Predicate;

/**
 * One data plane (through the {@link LocalDataPlane} seam, exactly as the local target drives it)
 * carrying the benchmark's requests between two pods on two virtual nodes: a client pod whose
 * outbound call the plane captures, and a server pod whose workload is the backend. Proxy CPU is
 * the CPU time of the plane's own threads (embedded) or processes (one process per proxy).
 */
final class EmbeddedPath implements DataPlaneBenchmark.BenchPath {

    private static final String NAMESPACE = "bench";

    private final String name;
    private final String layer;
    private final LocalDataPlane plane;
    private final BenchBackend backend;
    private final BenchTarget target;
    private final LongSupplier cpuNanos;
    private final LongSupplier rssBytes;

    /**
     * @param planeThreads which of this JVM's threads are the plane's (its event loops)
     * @param subnet       second octet of the 127.x.y.z addresses its nodes and pods use, so
     *                     planes opened side by side do not share addresses
     */
    EmbeddedPath(String name, String layer, LocalDataPlane plane, Predicate<String> planeThreads,
                 EventLoopGroup backendLoop, int subnet) throws Exception {
        this(name, layer, plane, () -> ThreadCpu.sample(planeThreads).values().stream().mapToLong(Long::longValue).sum(),
                () -> -1, backendLoop, subnet);
    }

    /**
     * @param cpuNanos CPU the plane's proxies have used so far
     * @param rssBytes their resident memory now, -1 when they live in this JVM's heap
     */
    EmbeddedPath(String name, String layer, LocalDataPlane plane, LongSupplier cpuNanos, LongSupplier rssBytes,
                 EventLoopGroup backendLoop, int subnet) throws Exception {
        this.name = name;
        this.layer = layer;
        this.plane = plane;
        this.cpuNanos = cpuNanos;
        this.rssBytes = rssBytes;
        InetAddress node0 = ip(subnet, 0, 1);
        InetAddress node1 = ip(subnet, 1, 1);
        LocalPod client = new LocalPod("client-0", "client", NAMESPACE, ip(subnet, 0, 10), 0);
        LocalPod server = new LocalPod("backend-0", "backend", NAMESPACE, ip(subnet, 1, 10), 1);
        LocalCluster cluster = new LocalCluster(NAMESPACE, List.of(node0, node1),
                Map.of("client", List.of(client), "backend", List.of(server)));
        try {
            plane.start(cluster);
            PodPlumbing serverPlumbing = plane.attach(server);
            this.backend = new BenchBackend(backendLoop, serverPlumbing.appBind());
            PodPlumbing clientPlumbing = plane.attach(client);
            Route route = clientPlumbing.router().route("backend");
            this.target = new BenchTarget(route.connectTo(), route.preamble(),
                    "backend:" + LocalPod.SERVICE_PORT, client.ip());
        } catch (Exception | Error e) {
            plane.close();
            throw e;
        }
    }

    private static InetAddress ip(int subnet, int third, int fourth) throws java.net.UnknownHostException {
        return InetAddress.getByAddress(new byte[]{127, (byte) subnet, (byte) third, (byte) fourth});
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String layer() {
        return layer;
    }

    @Override
    public BenchTarget target() {
        return target;
    }

    @Override
    public long proxyCpuNanos() {
        return cpuNanos.getAsLong();
    }

    /** Resident memory of the proxy processes; -1 for embedded proxies, which live in this JVM's heap. */
    @Override
    public long proxyRssBytes() {
        return rssBytes.getAsLong();
    }

    @Override
    public void close() {
        backend.close();
        plane.close();
    }
}
