package io.meshbench.bench;

import io.meshbench.platform.local.mesh.AmbientDataPlane;
import io.meshbench.platform.local.mesh.SidecarDataPlane;
import io.netty.channel.EventLoopGroup;

import java.util.List;
import java.util.Map;

/**
 * The embedded data plane's paths: ztunnel (ambient: source ztunnel → HBONE → destination
 * ztunnel), sidecar (client sidecar → mTLS → server sidecar) and, on request, waypoint (ztunnel →
 * waypoint → ztunnel). Their proxy CPU is their planes' event-loop threads, which the planes name
 * {@code ztunnel-<node>-…}, {@code sidecar-…} and {@code waypoint-…}.
 */
final class EmbeddedPaths {

    private EmbeddedPaths() {
    }

    static void register(Map<String, DataPlaneBenchmark.PathFactory> factories, EventLoopGroup backendLoop, List<String> notes) {
        factories.put("ztunnel", () -> new EmbeddedPath("ztunnel", "L4", new AmbientDataPlane(false),
                t -> t.startsWith("ztunnel-"), backendLoop, 201));
        factories.put("sidecar", () -> new EmbeddedPath("sidecar", "L7", new SidecarDataPlane(),
                t -> t.startsWith("sidecar-"), backendLoop, 202));
        factories.put("waypoint", () -> new EmbeddedPath("waypoint", "L7", new AmbientDataPlane(true),
                t -> t.startsWith("ztunnel-") || t.startsWith("waypoint-"), backendLoop, 203));
    }
}
