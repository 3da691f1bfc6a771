package io.meshbench.bench;

import io.meshbench.platform.local.LocalCluster;
import io.meshbench.platform.local.LocalDataPlane;
import io.meshbench.platform.local.LocalPod;
import io.meshbench.platform.local.PodPlumbing;
import io.meshbench.platform.local.mesh.AmbientDataPlane;
import io.meshbench.platform.local.mesh.SidecarDataPlane;
import io.meshbench.workload.Route;
import io.netty.channel.EventLoopGroup;

import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * The embedded data plane's paths: a "client" pod on node 0 calls a "backend" pod on node 1
 * through the plane, as a workload would (its Route: the pod's sidecar, or its node's ztunnel
 * with the original-destination preamble), and the benchmark's backend listens where the plane
 * expects the backend pod's app (podIP:18080).
 */
final class EmbeddedPaths {

    private EmbeddedPaths() {
    }

    static void register(Map<String, DataPlaneBenchmark.PathFactory> factories, EventLoopGroup backendLoop, List<String> notes) {
        factories.put("ztunnel", () -> {
            AmbientDataPlane plane = new AmbientDataPlane(false);
            return open("ztunnel", "L4", plane, plane::cpuNanos, backendLoop, 211);
        });
        factories.put("sidecar", () -> {
            SidecarDataPlane plane = new SidecarDataPlane();
            return open("sidecar", "L7", plane, plane::cpuNanos, backendLoop, 213);
        });
        notes.add("ztunnel = source ztunnel → HBONE (HTTP/2 CONNECT in mTLS) → destination ztunnel → backend, nodes 127.77.211.x;"
                + " sidecar = client sidecar → mTLS → server sidecar → backend, pods 127.77.213.x; embedded proxy CPU ="
                + " CPU time of the plane's own event-loop threads (ThreadMXBean)");
    }

    private static DataPlaneBenchmark.BenchPath open(String name, String layer, LocalDataPlane plane, LongSupplier cpu,
                                                     EventLoopGroup backendLoop, int block) throws Exception {
        String net = "127.77." + block + ".";
        String podNet = "127.77." + (block + 1) + ".";
        LocalPod client = new LocalPod("client-0", "client", "bench", InetAddress.getByName(podNet + "1"), 0);
        LocalPod server = new LocalPod("backend-0", "backend", "bench", InetAddress.getByName(podNet + "2"), 1);
        LocalCluster cluster = new LocalCluster("bench",
                List.of(InetAddress.getByName(net + "1"), InetAddress.getByName(net + "2")),
                Map.of("client", List.of(client), "backend", List.of(server)));
        BenchBackend backend = null;
        try {
            plane.start(cluster);
            PodPlumbing clientPlumbing = plane.attach(client);
            PodPlumbing serverPlumbing = plane.attach(server);
            backend = new BenchBackend(backendLoop, serverPlumbing.appBind());
            Route route = clientPlumbing.router().route("backend");
            BenchTarget target = new BenchTarget(route.connectTo(), route.preamble(), "backend", null);
            BenchBackend started = backend;
            return new DataPlaneBenchmark.BenchPath() {
                public String name() {
                    return name;
                }

                public String layer() {
                    return layer;
                }

                public BenchTarget target() {
                    return target;
                }

                public long proxyCpuNanos() {
                    return cpu.getAsLong();
                }

                public long proxyRssBytes() {
                    return -1;   // in-process: no resident set of its own
                }

                public void close() {
                    started.close();
                    plane.close();
                }
            };
        } catch (Exception | Error e) {
            if (backend != null) backend.close();
            plane.close();
            throw e;
        }
    }
}
