package io.meshbench.platform.local;

import io.meshbench.topology.Service;
import io.meshbench.topology.Step;
import io.meshbench.workload.Phase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A workload host's lifecycle, on ephemeral ports of 127.0.0.1 (no loopback block): it starts with
 * the run id on its command line, starts a pod that answers its readiness probe and its routes,
 * stops it, and a host that dies is a failure with its exit status.
 */
class WorkloadHostsTest {

    @TempDir
    Path logs;
    private WorkloadHosts hosts;
    private final HttpClient http = HttpClient.newBuilder().proxy(HttpClient.Builder.NO_PROXY)
            .version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();

    @AfterEach
    void stop() {
        if (hosts != null) hosts.close();
    }

    private static LocalPod pod(String name, String service) throws IOException {
        return new LocalPod(name, service, "meshbench-baseline", InetAddress.getByName("127.0.0.1"), 0);
    }

    private static PodPlumbing plumbing(Map<String, List<OutboundRoutes.Endpoint>> callees) {
        return new PodPlumbing(new InetSocketAddress("127.0.0.1", 0), new OutboundRoutes.Direct(callees));
    }

    private String get(InetSocketAddress at, String path) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + at.getPort() + path))
                .header(Phase.HEADER, Phase.MEASURE).timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), path + ": " + r.body());
        return r.body();
    }

    @Test
    void aHostStartsPodsThatServeAndCallEachOtherThenStopsThem() throws Exception {
        hosts = WorkloadHosts.start(1, "workhost-test", logs);
        long pid = hosts.pids().get(0);
        String cmdline = ProcessHandle.of(pid).flatMap(h -> h.info().arguments()).map(a -> String.join(" ", a)).orElse("");
        assertTrue(cmdline.contains("-Dmeshbench.run=workhost-test"), cmdline);
        assertTrue(cmdline.contains(WorkloadHostMain.class.getName()), cmdline);

        Service db = new Service("db", 1, false, 500, 0, List.of(new Step.Sleep(Duration.ofMillis(1))));
        WorkloadHosts.HostedWorkload back = hosts.startPod(pod("db-0", "db"), db, plumbing(Map.of()), 1);
        ReadinessProbe.await(back.listening());
        Service front = new Service("front", 1, true, 200, 0, List.of(new Step.Concurrent(List.of(new Step.Call("db", 10)))));
        WorkloadHosts.HostedWorkload entry = hosts.startPod(pod("front-0", "front"), front,
                plumbing(Map.of("db", List.of(new OutboundRoutes.Endpoint("db-0", back.listening())))), 2);
        ReadinessProbe.await(entry.listening());
        assertTrue(entry.instance().contains("pid " + pid + " workload-host node-1"), entry.instance());

        for (int i = 0; i < 5; i++) assertEquals(200, get(entry.listening(), "/shop").length(), "the front's response size");
        assertTrue(get(back.listening(), "/metrics").contains("meshbench_incoming_requests_total{service=\"db\",code=\"200\",} 5.0"),
                "the callee counted the front's 5 calls");
        assertTrue(get(entry.listening(), "/meshbench/latency").contains("front->db"), "the caller's latency log has its edge");

        entry.close();
        assertThrows(ConnectException.class, () -> new Socket(entry.listening().getAddress(), entry.listening().getPort()).close(),
                "a stopped pod no longer listens");
        assertEquals(List.of(), hosts.failures());
        hosts.close();
        assertTrue(ProcessHandle.of(pid).map(h -> h.onExit().thenApply(x -> true)).map(f -> {
            try {
                return f.get(10, java.util.concurrent.TimeUnit.SECONDS);
            } catch (Exception e) {
                return false;
            }
        }).orElse(true), "the host exits when told to stop");
        assertEquals(List.of(), hosts.failures(), "told to stop, so not a failure");
    }

    @Test
    void aHostThatDiesIsAFailureWithItsExitStatusAndItsPodsAreGone() throws Exception {
        hosts = WorkloadHosts.start(2, "workhost-test", logs);
        Service leaf = new Service("db", 1, false, 10, 0, List.of());
        LocalPod onNode2 = new LocalPod("db-1", "db", "meshbench-baseline", InetAddress.getByName("127.0.0.1"), 1);
        WorkloadHosts.HostedWorkload w = hosts.startPod(onNode2, leaf, plumbing(Map.of()), 3);
        ReadinessProbe.await(w.listening());
        ProcessHandle host = ProcessHandle.of(hosts.pids().get(1)).orElseThrow();
        assertTrue(w.instance().contains("pid " + host.pid()), "a pod of node 2 runs in node 2's host: " + w.instance());
        host.destroyForcibly();   // SIGKILL, as the kernel's OOM killer would
        host.onExit().get(10, java.util.concurrent.TimeUnit.SECONDS);

        List<String> failures = hosts.failures();
        assertEquals(1, failures.size(), failures.toString());
        assertTrue(failures.get(0).startsWith("workload-host node-2 (pid " + host.pid() + ") died"), failures.get(0));
        assertTrue(failures.get(0).contains("exit status 137"), failures.get(0));
        assertThrows(ConnectException.class, () -> new Socket(w.listening().getAddress(), w.listening().getPort()).close(),
                "its pods went with it");
        assertTrue(ProcessHandle.of(hosts.pids().get(0)).map(ProcessHandle::isAlive).orElse(false), "the other host runs on");
        assertFalse(hosts.failures().get(0).contains("node-1"), "only node 2's host failed");
    }

    @Test
    void aStartLineCarriesTheWholeServiceAndItsRoutes() throws Exception {
        Service v2 = new Service("cart", 2, false, 300, 0.25, List.of(new Step.Sleep(Duration.ofMillis(40)),
                new Step.Concurrent(List.of(new Step.Call("db", 10, 50), new Step.Call("stock", 0))), new Step.Call("db", 7)));
        OutboundRoutes direct = new OutboundRoutes.Direct(Map.of("db", List.of(
                new OutboundRoutes.Endpoint("db-0", new InetSocketAddress("127.10.0.3", 8080)),
                new OutboundRoutes.Endpoint("db-1", new InetSocketAddress("127.10.0.4", 8080)))));
        HostedPod p = new HostedPod("cart-v2-0", new InetSocketAddress("127.10.0.9", 18080), -5, direct, v2);
        assertEquals(p, HostedPod.parse(p.line()));
        for (OutboundRoutes r : List.of(new OutboundRoutes.ViaSidecar(new InetSocketAddress("127.10.0.9", 15001), "cart-0"),
                new OutboundRoutes.ViaZtunnel(new InetSocketAddress("127.20.0.1", 15001), "cart-0"))) {
            assertEquals(r, OutboundRoutes.parse(r.token()));
        }
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class, () -> HostedPod.parse("start cart-0 nowhere"));
        assertTrue(bad.getMessage().contains("start cart-0 nowhere"), bad.getMessage());
    }
}
