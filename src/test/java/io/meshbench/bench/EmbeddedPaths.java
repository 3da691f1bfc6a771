package io.meshbench.bench;

import io.meshbench.metrics.process.ProcessFootprint;
import io.meshbench.platform.local.mesh.AmbientDataPlane;
import io.meshbench.platform.local.mesh.ProcessDataPlane;
import io.meshbench.platform.local.mesh.SidecarDataPlane;
import io.meshbench.platform.local.process.ChildProcess;
import io.netty.channel.EventLoopGroup;

import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.function.ToLongFunction;

/**
 * The local target's data-plane paths: ztunnel (ambient: source ztunnel → HBONE → destination
 * ztunnel), sidecar (client sidecar → mTLS → server sidecar) and, on request, waypoint (ztunnel →
 * waypoint → ztunnel). As the local target runs them, each proxy is its own process and its CPU
 * and resident memory come from /proc, like HAProxy's. The {@code -embedded} variants run the same
 * proxy code inside this JVM, measured by their event-loop threads' CPU (named {@code ztunnel-…},
 * {@code sidecar-…}, {@code waypoint-…}).
 */
final class EmbeddedPaths {

    private EmbeddedPaths() {
    }

    static void register(Map<String, DataPlaneBenchmark.PathFactory> factories, EventLoopGroup backendLoop, List<String> notes) {
        factories.put("ztunnel", () -> processPath("ztunnel", "L4", ProcessDataPlane.Shape.AMBIENT, backendLoop, 204));
        factories.put("sidecar", () -> processPath("sidecar", "L7", ProcessDataPlane.Shape.SIDECAR, backendLoop, 205));
        factories.put("waypoint", () -> processPath("waypoint", "L7", ProcessDataPlane.Shape.WAYPOINT, backendLoop, 206));
        factories.put("ztunnel-embedded", () -> new EmbeddedPath("ztunnel-embedded", "L4", new AmbientDataPlane(false),
                t -> t.startsWith("ztunnel-"), backendLoop, 201));
        factories.put("sidecar-embedded", () -> new EmbeddedPath("sidecar-embedded", "L7", new SidecarDataPlane(),
                t -> t.startsWith("sidecar-"), backendLoop, 202));
        factories.put("waypoint-embedded", () -> new EmbeddedPath("waypoint-embedded", "L7", new AmbientDataPlane(true),
                t -> t.startsWith("ztunnel-") || t.startsWith("waypoint-"), backendLoop, 203));
    }

    private static EmbeddedPath processPath(String name, String layer, ProcessDataPlane.Shape shape, EventLoopGroup backendLoop,
                                            int subnet) throws Exception {
        ProcessDataPlane plane = new ProcessDataPlane(shape, "bench-" + ProcessHandle.current().pid(),
                Files.createTempDirectory("meshbench-bench-" + name));
        return new EmbeddedPath(name, layer, plane, () -> sum(plane, ProcessFootprint::cpuNanos),
                () -> sum(plane, ProcessFootprint::rssBytes), backendLoop, subnet);
    }

    private static long sum(ProcessDataPlane plane, ToLongFunction<ProcessFootprint> field) {
        long total = 0;
        for (ChildProcess c : plane.proxies()) {
            total += ProcessFootprint.sample(c.pid()).map(field::applyAsLong).orElse(0L);
        }
        return total;
    }
}
