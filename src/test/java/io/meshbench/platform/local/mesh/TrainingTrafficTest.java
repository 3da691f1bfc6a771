package io.meshbench.platform.local.mesh;

import io.meshbench.platform.local.AddressBlocks;
import io.meshbench.platform.local.IpPort;
import io.meshbench.platform.local.LocalCluster;
import io.meshbench.platform.local.LocalPod;
import io.meshbench.platform.local.process.ChildProcess;
import io.meshbench.platform.local.process.JvmCommand;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The class-data training's traffic really crosses a sidecar process's request paths — outbound
 * listener, mTLS to its own inbound listener, the app; its ingress port — and its admin endpoint,
 * so the archive written after it holds the classes those paths load.
 */
class TrainingTrafficTest {
    private static final String NET = "127." + AddressBlocks.reserve() + ".";

    @TempDir
    Path logs;

    @Test
    void trainingRequestsCrossTheSidecarsOutboundMtlsAndIngressPaths() throws Exception {
        LocalPod pod = new LocalPod("solo-0", "solo", "mb-train", InetAddress.getByName(NET + "31.1"), 0);
        LocalCluster cluster = new LocalCluster("mb-train", List.of(InetAddress.getByName(NET + "30.1")),
                Map.of("solo", List.of(pod)));
        ProcessDataPlane plane = new ProcessDataPlane(ProcessDataPlane.Shape.SIDECAR, "train-test-" + ProcessHandle.current().pid(), logs);
        try {
            plane.start(cluster);
            plane.attach(pod);
            ChildProcess sidecar = plane.proxies().get(0);
            int ok = TrainingTraffic.exercise(pod, IpPort.parse(sidecar.request("ingress")));
            assertEquals(2 * TrainingTraffic.REQUESTS, ok, "every outbound (mTLS) and ingress request answered 200 by the stand-in app");

            String metrics = AdminServer.source("solo-0", "sidecar", new InetSocketAddress(pod.ip(), Sidecar.ADMIN_PORT)).scrape();
            double mtlsInbound = PromScan.sum(metrics, "istio_requests_total", "reporter", "destination",
                    "connection_security_policy", "mutual_tls");
            assertTrue(mtlsInbound >= TrainingTraffic.REQUESTS, "the outbound requests arrived over mTLS: " + mtlsInbound);
        } finally {
            plane.close();
        }
    }

    /**
     * Netty's flight-recorder events stay off in a proxy process: with them on, the first buffer
     * chunk a proxy allocated made the JVM register and instrument Netty's event classes, about
     * 170 ms of CPU in every fresh proxy (see {@code JvmCommand}).
     */
    @Test
    void aSidecarProcessNeverLoadsNettysFlightRecorderEvents(@TempDir Path classLogs) throws Exception {
        LocalPod pod = new LocalPod("jfr-0", "jfr", "mb-jfr", InetAddress.getByName(NET + "33.1"), 0);
        LocalCluster cluster = new LocalCluster("mb-jfr", List.of(InetAddress.getByName(NET + "32.1")),
                Map.of("jfr", List.of(pod)));
        String previous = System.getProperty(JvmCommand.CHILD_JVM_FLAGS_OPTION);
        System.setProperty(JvmCommand.CHILD_JVM_FLAGS_OPTION,
                "-Xlog:class+load=info:file=" + classLogs.resolve("classes-%p.log"));
        ProcessDataPlane plane = new ProcessDataPlane(ProcessDataPlane.Shape.SIDECAR, "jfr-test-" + ProcessHandle.current().pid(), logs);
        long sidecarPid;
        try {
            plane.start(cluster);
            plane.attach(pod);
            ChildProcess sidecar = plane.proxies().get(0);
            sidecarPid = sidecar.pid();
            assertEquals(2 * TrainingTraffic.REQUESTS, TrainingTraffic.exercise(pod,
                    IpPort.parse(sidecar.request("ingress"))));
            AdminServer.source("jfr-0", "sidecar", new InetSocketAddress(pod.ip(), Sidecar.ADMIN_PORT)).scrape();
        } finally {
            plane.close();
            if (previous == null) System.clearProperty(JvmCommand.CHILD_JVM_FLAGS_OPTION);
            else System.setProperty(JvmCommand.CHILD_JVM_FLAGS_OPTION, previous);
        }
        Path log = classLogs.resolve("classes-" + sidecarPid + ".log");
        try (var files = Files.list(classLogs)) {
            List<String> names = files.map(f -> f.getFileName().toString()).sorted().toList();
            assertTrue(Files.isRegularFile(log), () -> "no class log of the sidecar (pid " + sidecarPid + ") among " + names);
        }
        List<String> loaded = Files.readAllLines(log);
        assertTrue(loaded.stream().anyMatch(l -> l.contains("io.netty.buffer.")), "the class log covers Netty's buffers: " + log);
        List<String> events = loaded.stream().filter(l -> l.contains("io.netty.buffer.AllocateChunkEvent")
                || l.contains("jdk.jfr.internal.handlers.EventHandler")).toList();
        assertEquals(List.of(), events, "flight-recorder event classes loaded by the sidecar after traffic and a scrape");
    }
}
