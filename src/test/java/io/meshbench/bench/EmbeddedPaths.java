package io.meshbench.bench;

import io.netty.channel.EventLoopGroup;

import java.util.List;
import java.util.Map;

/**
 * The embedded data plane's paths (ztunnel, sidecar). The embedded data plane
 * (io.meshbench.platform.local.mesh) has not landed on this branch yet: the paths report that
 * they cannot run, and the benchmark lists them as not run.
 */
final class EmbeddedPaths {

    private EmbeddedPaths() {
    }

    static void register(Map<String, DataPlaneBenchmark.PathFactory> factories, EventLoopGroup backendLoop, List<String> notes) {
        factories.put("ztunnel", () -> {
            throw new IllegalStateException("the embedded ambient data plane is not in this build yet");
        });
        factories.put("sidecar", () -> {
            throw new IllegalStateException("the embedded sidecar data plane is not in this build yet");
        });
    }
}
