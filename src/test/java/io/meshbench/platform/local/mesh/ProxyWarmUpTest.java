package io.meshbench.platform.local.mesh;

import io.meshbench.platform.local.AddressBlocks;
import io.meshbench.platform.local.LocalCluster;
import io.meshbench.platform.local.LocalPod;
import io.netty.channel.EventLoopGroup;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A proxy process's warm-up: its calls really cross a twin of the proxy (sidecar: outbound, mTLS,
 * inbound, app; ztunnel: outbound capture, HBONE, the enrolled twin pod's app) on scratch
 * addresses, the twin is gone afterwards, and the real proxy counts none of them.
 */
class ProxyWarmUpTest {
    private static final String NET = "127." + AddressBlocks.reserve() + ".";

    @Test
    void warmUpCallsCrossATwinAndLeaveTheRealSidecarsFiguresAlone() throws Exception {
        LocalPod pod = new LocalPod("reviews-0", "reviews", "mb-wu", InetAddress.getByName(NET + "41.1"), 0);
        InetAddress scratch = InetAddress.getByName(NET + "42.1");
        MeshCa ca = MeshCa.create("cluster.local");
        MeshTls tls = new MeshTls(ca.issue(pod.spiffeId()));
        ServiceRegistry registry = new ServiceRegistry(new LocalCluster("mb-wu", List.of(InetAddress.getByName(NET + "40.1")),
                Map.of("reviews", List.of(pod))));
        try (PlaneRuntime runtime = new PlaneRuntime("sidecar", 2)) {
            EventLoopGroup loops = runtime.newLoops("proxy", 2).group();
            Sidecar real = new Sidecar(pod, tls, registry, runtime, loops, () -> 0);
            real.start();
            try {
                ProxyWarmUp.Result result = ProxyWarmUp.sidecar(pod, scratch, 60, tls, runtime, loops, () -> 0);

                assertEquals(60, result.requests());
                assertEquals(60, result.ok(), "every call went outbound → mTLS → inbound → app and back: " + result.reply());
                assertTrue(result.cpuMillis() >= 0 && result.firstTenthCpuMicros() >= 0 && result.lastTenthCpuMicros() >= 0,
                        result.reply());
                String figures = real.metrics().render();
                assertFalse(figures.contains(ProxyMetrics.REQUESTS + "{"),
                        "the real sidecar counted warm-up calls:\n" + figures);
                for (int port : new int[]{Sidecar.INBOUND_PORT, Sidecar.OUTBOUND_PORT, Sidecar.ADMIN_PORT, Sidecar.APP_PORT}) {
                    assertTrue(bindable(new InetSocketAddress(scratch, port)), "the twin still holds " + scratch + ":" + port);
                }
                long deadline = System.nanoTime() + 5_000_000_000L;   // a closed connection's listener runs on its loop
                while (runtime.liveTlsConnections() > 0 && System.nanoTime() < deadline) Thread.sleep(20);
                assertEquals(0, runtime.liveTlsConnections(), "the twin's mTLS connections are closed");
            } finally {
                real.close();
            }
        }
    }

    @Test
    void ztunnelWarmUpCallsCrossATwinZtunnelOverHboneAndLeaveTheRealOneAlone() throws Exception {
        LocalPod pod = new LocalPod("ratings-0", "ratings", "mb-wu", InetAddress.getByName(NET + "45.1"), 0);
        InetAddress node = InetAddress.getByName(NET + "46.1");
        InetAddress scratchNode = InetAddress.getByName(NET + "47.1");
        InetAddress scratchPod = InetAddress.getByName(NET + "48.1");
        MeshCa ca = MeshCa.create("cluster.local");
        ServiceRegistry registry = new ServiceRegistry(new LocalCluster("mb-wu", List.of(node), Map.of("ratings", List.of(pod))));
        try (PlaneRuntime runtime = new PlaneRuntime("ztunnel", 1)) {
            Ztunnel real = new Ztunnel(0, List.of(node), ca, registry, runtime, null);
            real.start();
            try {
                real.enrol(pod);
                ProxyWarmUp.Result result = ProxyWarmUp.ztunnel(pod, scratchNode, scratchPod, 40, ca, runtime);

                assertEquals(40, result.ok(), "every call went capture → HBONE → twin pod's app and back: " + result.reply());
                String figures = real.metrics().render();
                assertFalse(figures.contains(ZtunnelMetrics.OPENED + "{"), "the real ztunnel counted warm-up connections:\n" + figures);
                for (InetSocketAddress held : List.of(new InetSocketAddress(scratchNode, Ztunnel.OUTBOUND_PORT),
                        new InetSocketAddress(scratchNode, HboneClient.HBONE_PORT), new InetSocketAddress(scratchPod, LocalPod.SERVICE_PORT),
                        new InetSocketAddress(scratchPod, Ztunnel.APP_PORT))) {
                    assertTrue(bindable(held), "the twin still holds " + held);
                }
            } finally {
                real.close();
            }
        }
    }

    @Test
    void refusesAWarmUpOfNoCalls() {
        assertThrows(IllegalArgumentException.class, () -> ProxyWarmUp.sidecar(
                new LocalPod("a-0", "a", "mb-wu", InetAddress.getByName(NET + "43.1"), 0), InetAddress.getByName(NET + "44.1"),
                0, null, null, null, () -> 0));
    }

    private static boolean bindable(InetSocketAddress at) {
        try (ServerSocket s = new ServerSocket()) {
            s.bind(at);
            return true;
        } catch (java.io.IOException e) {
            return false;
        }
    }
}
