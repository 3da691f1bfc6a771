package io.meshbench.platform.local;

import io.meshbench.metrics.LatencyRecording;
import io.meshbench.metrics.PodStartup;
import io.meshbench.metrics.ResourceUsage;
import io.meshbench.metrics.ResourceWindow;
import io.meshbench.platform.DeployProgress;
import io.meshbench.platform.Deployment;
import io.meshbench.core.EntryPoint;
import io.meshbench.core.MeshMode;
import io.meshbench.platform.PlatformException;
import io.meshbench.topology.Service;
import io.meshbench.topology.Step;
import io.meshbench.topology.Topology;
import io.meshbench.workload.Phase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LocalPlatformTest {
    private static final Pattern INCOMING = Pattern.compile(
            "meshbench_incoming_requests_total\\{service=\"([^\"]+)\",code=\"200\",} ([0-9.]+)");

    /** A block of loopback addresses of its own, so another test or a concurrent JVM on this machine does not collide. */
    private static final int ADDRESS_BLOCK = AddressBlocks.reserve();
    private final LocalSettings settings = new LocalSettings(3, 7, 4000, ADDRESS_BLOCK);
    private final LocalPlatform platform = new LocalPlatform(settings);
    private final HttpClient http = HttpClient.newBuilder().proxy(HttpClient.Builder.NO_PROXY)
            .version(HttpClient.Version.HTTP_1_1).build();

    @AfterEach
    void stop() {
        platform.close();
    }

    /** front → {cart ×2, catalog} at once; both → db ×2, which works 1 ms. */
    static Topology shop() {
        return new Topology("shop", "test", List.of(
                new Service("front", 1, true, 200, 0, List.of(new Step.Concurrent(List.of(
                        new Step.Call("cart", 100), new Step.Call("catalog", 50))))),
                new Service("cart", 2, false, 300, 0, List.of(new Step.Call("db", 10))),
                new Service("catalog", 1, false, 400, 0, List.of(new Step.Call("db", 10))),
                new Service("db", 2, false, 500, 0, List.of(new Step.Sleep(Duration.ofMillis(1))))));
    }

    @Test
    void theEnvironmentNamesTheTargetByItsId() {
        // results.json's environment.target reads as the run's target does ("local", not the enum's name)
        assertEquals("local", platform.environment().get("target"));
    }

    @Test
    void deployCountsPodsReadyFromNoneToAll() throws Exception {
        List<DeployProgress> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
        try (Deployment d = platform.deploy(shop(), MeshMode.BASELINE, seen::add)) {
            assertEquals(new DeployProgress(0, 6), seen.get(0), "the deploy says when it begins");
            assertEquals(7, seen.size(), "then once per pod ready: " + seen);
            assertEquals(Set.of(0, 1, 2, 3, 4, 5, 6), new HashSet<>(seen.stream().map(DeployProgress::ready).toList()));
            assertTrue(seen.stream().allMatch(p -> p.total() == 6), seen.toString());
            assertEquals(6, d.podStartups().size());
        }
    }

    @Test
    void deploysBaselineAndRealTrafficReachesEveryPod() throws Exception {
        Topology topology = shop();
        Deployment d = platform.deploy(topology, MeshMode.BASELINE);

        List<PodStartup> startups = d.podStartups();
        assertEquals(6, startups.size());
        for (PodStartup s : startups) {
            assertEquals(List.of("listening", "ready"), List.copyOf(s.phaseMillis().keySet()), s.pod());
            assertTrue(s.readyMillis() >= s.phaseMillis().get("listening"), s.toString());
        }
        Set<String> nodes = new HashSet<>();
        startups.forEach(s -> nodes.add(s.node()));
        assertEquals(Set.of("node-1", "node-2", "node-3"), nodes, "pods spread round-robin over the nodes");

        List<EntryPoint> entries = d.entryPoints();
        assertEquals(1, entries.size());
        assertEquals("front", entries.get(0).service());

        ResourceWindow window = d.startResourceWindow();
        int requests = 40;
        for (int i = 0; i < requests; i++) {
            HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(entries.get(0).url().resolve("/shop"))
                    .header(Phase.HEADER, Phase.MEASURE).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertEquals(200, r.statusCode());
            assertEquals(200, r.body().length);
        }
        ResourceUsage usage = window.finish();
        System.out.println("baseline window: " + usage + "\nstartups: " + startups);
        assertEquals(6, usage.pods());
        assertEquals(3, usage.nodes());
        assertEquals(0, usage.meshMemoryPerPodBytes());
        assertTrue(usage.workloadCpuPerPodMillicores() > 0, "the workloads did work in the window: " + usage);
        assertTrue(usage.method().contains("ThreadMXBean"), usage.method());

        // Every pod, each replica included, answered real requests: read its own /metrics.
        LocalCluster cluster = ((LocalDeployment) d).cluster();
        for (List<LocalPod> replicas : cluster.podsByService().values()) {
            for (LocalPod pod : replicas) {
                String metrics = get(pod, "/metrics");
                Matcher m = INCOMING.matcher(metrics);
                assertTrue(m.find(), pod.name() + " answered no request:\n" + metrics);
                assertEquals(pod.service(), m.group(1));
                assertTrue(Double.parseDouble(m.group(2)) > 0, pod.name());
            }
        }

        LatencyRecording latency = d.collectLatency();
        assertEquals(Set.of("front->cart", "front->catalog", "cart->db", "catalog->db"), latency.perEdge().keySet());
        assertEquals(requests, latency.measuredCalls("front->cart"));
        assertEquals(requests, latency.measuredCalls("cart->db"));
        assertTrue(latency.perEdge().get("cart->db").getMinValue() >= 1_000, "db sleeps 1 ms");
        assertEquals(4, latency.firstCallMicros().size());

        d.close();
        d.close();
        for (List<LocalPod> replicas : cluster.podsByService().values()) {
            for (LocalPod pod : replicas) assertRefused(pod);
        }
    }

    @Test
    void everyModeGetsItsOwnAddressesAndClosingThePlatformStopsAll() throws Exception {
        Deployment d = platform.deploy(shop(), MeshMode.BASELINE);
        LocalCluster cluster = ((LocalDeployment) d).cluster();
        Set<String> ips = new HashSet<>();
        cluster.podsByService().values().forEach(ps -> ps.forEach(p -> ips.add(p.ip().getHostAddress())));
        assertEquals(6, ips.size());
        assertEquals("meshbench-baseline", cluster.namespace());
        LocalCluster sidecarLayout = LocalDeployment.layOut(shop(), MeshMode.SIDECAR, settings);
        sidecarLayout.podsByService().values().forEach(ps -> ps.forEach(p -> assertTrue(ips.add(p.ip().getHostAddress()))));

        assertThrows(PlatformException.class, () -> platform.deploy(shop(), MeshMode.BASELINE), "already deployed");
        platform.close();
        platform.close();
        for (List<LocalPod> replicas : cluster.podsByService().values()) {
            for (LocalPod pod : replicas) assertRefused(pod);
        }
    }

    @Test
    void checkRefusesTooManyPodsWithTheFlagThatFixesIt() {
        try (LocalPlatform small = new LocalPlatform(new LocalSettings(3, 1, 5))) {
            PlatformException e = assertThrows(PlatformException.class,
                    () -> small.check(shop(), List.of(MeshMode.BASELINE, MeshMode.SIDECAR)));
            // every mode has a local data plane, so the pod limit is the only problem
            assertEquals(1, e.problems().size(), e.getMessage());
            assertTrue(e.problems().get(0).contains("-Dtopology") && e.problems().get(0).contains("at most 5"),
                    e.problems().get(0));
        }
    }

    private String get(LocalPod pod, String path) throws IOException, InterruptedException {
        URI uri = URI.create("http://" + pod.ip().getHostAddress() + ":" + LocalPod.SERVICE_PORT + path);
        return http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    private static void assertRefused(LocalPod pod) {
        assertThrows(ConnectException.class, () -> {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(pod.ip(), LocalPod.SERVICE_PORT), 2_000);
            }
        }, pod.name() + " still listens after close");
    }
}
