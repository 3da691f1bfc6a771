package io.meshbench.platform.local.mesh;

import io.meshbench.metrics.process.ProcessFootprint;
import io.meshbench.platform.local.LocalCluster;
import io.meshbench.platform.local.LocalPod;
import io.meshbench.platform.local.process.ChildProcess;

import java.net.InetAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What one proxy process costs before it carries anything: a sidecar for a one-pod mesh, started
 * through a control plane like every other, sampled once it has settled. Shown in the report
 * beside Envoy's published figure so a reader can judge the emulation.
 *
 * @param rssBytes    resident set
 * @param pssBytes    proportional set (shared JDK pages split among the processes mapping them)
 * @param ussBytes    unique set: what the process alone holds
 * @param readyMillis from spawning the process to its READY line (config and certificate fetched)
 */
public record EmptyProxyFootprint(long rssBytes, long pssBytes, long ussBytes, double readyMillis) {

    /** Istio 1.24's published sidecar figure (Envoy at 1000 rps, 1 KiB payloads): 60 MB, 0.20 vCPU. */
    public static final long ENVOY_PUBLISHED_BYTES = 60_000_000L;

    /** How long the probe settles before it is sampled (class loading and JIT of start-up are over). */
    private static final long SETTLE_MILLIS = 1_000;

    /** Starts and measures a probe sidecar on {@code podIp} (node {@code nodeIp}), then stops it. */
    public static EmptyProxyFootprint measure(InetAddress podIp, InetAddress nodeIp, String runId, Path logDir) throws Exception {
        String ns = "meshbench-probe";
        LocalPod pod = new LocalPod("probe-0", "probe", ns, podIp, 0);
        LocalCluster cluster = new LocalCluster(ns, List.of(nodeIp), Map.of("probe", List.of(pod)));
        ProcessDataPlane plane = new ProcessDataPlane(ProcessDataPlane.Shape.SIDECAR, runId, logDir);
        try {
            plane.start(cluster);
            long t0 = System.nanoTime();
            plane.attach(pod);
            double ready = (System.nanoTime() - t0) / 1e6;
            Thread.sleep(SETTLE_MILLIS);
            ChildProcess proxy = plane.proxies().get(0);
            ProcessFootprint f = ProcessFootprint.sample(proxy.pid())
                    .orElseThrow(() -> new IllegalStateException(proxy.describeFailure("exited while being measured")));
            return new EmptyProxyFootprint(f.rssBytes(), f.pssBytes(), f.ussBytes(), ready);
        } finally {
            plane.close();
        }
    }
}
