package io.meshbench.platform.local;

import io.meshbench.metrics.LatencyRecording;
import io.meshbench.metrics.ResourceUsage;
import io.meshbench.metrics.ResourceWindow;
import io.meshbench.platform.Deployment;
import io.meshbench.core.EntryPoint;
import io.meshbench.core.MeshMode;
import io.meshbench.core.MetricsSource;
import io.meshbench.platform.local.mesh.Sidecar;
import io.meshbench.workload.Phase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import io.meshbench.platform.PlatformException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The shop topology (4 services, 6 pods) deployed through LocalPlatform in every mode: real
 * requests at the entry reach every pod (each workload's own /metrics says so), and the meshed
 * modes' data planes saw the traffic and measured their own cost. The workloads run in one
 * workload-host process per node, none in this JVM; their latency logs and /metrics are collected
 * over HTTP as before, and their memory is the workload's, never the mesh's.
 */
class MeshModesEndToEndTest {

    private static final Pattern INCOMING = Pattern.compile(
            "meshbench_incoming_requests_total\\{service=\"([^\"]+)\",code=\"200\",} ([0-9.]+)");
    private static final int REQUESTS = 20;

    private static final LocalPlatform platform = new LocalPlatform(
            new LocalSettings(2, 7, 4000, AddressBlocks.reserve(), DataPlaneLayout.PROCESS));
    private static final HttpClient http = HttpClient.newBuilder().proxy(HttpClient.Builder.NO_PROXY)
            .version(HttpClient.Version.HTTP_1_1).build();

    private static final java.util.Map<MeshMode, ResourceUsage> usages = new java.util.concurrent.ConcurrentHashMap<>();
    private static final java.util.Map<MeshMode, Double> medianStartupMillis = new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * After every mode ran: no process of the platform is left, and the architectures' order holds —
     * a proxy per pod costs each pod more memory than its share of a per-node ztunnel, and a pod
     * whose start includes spawning its proxy takes longer to start than one enrolled with a ztunnel.
     */
    @AfterAll
    static void stop() {
        platform.close();
        List<String> left = ProcessHandle.current().descendants().filter(ProcessHandle::isAlive)
                .map(h -> h.pid() + " " + h.info().commandLine().orElse("?"))
                .filter(c -> c.contains("ProxyMain") || c.contains("ControlPlaneMain") || c.contains("WorkloadHostMain")).toList();
        assertEquals(List.of(), left, "proxy, control-plane or workload-host processes left after close");
        if (usages.keySet().containsAll(List.of(MeshMode.SIDECAR, MeshMode.AMBIENT))) {
            double sidecar = usages.get(MeshMode.SIDECAR).meshMemoryPerPodBytes();
            double ambient = usages.get(MeshMode.AMBIENT).meshMemoryPerPodBytes();
            assertTrue(sidecar > ambient, "sidecar mesh memory per pod " + sidecar + " > ambient's " + ambient);
            assertTrue(medianStartupMillis.get(MeshMode.SIDECAR) > medianStartupMillis.get(MeshMode.AMBIENT),
                    "pod startup: sidecar " + medianStartupMillis.get(MeshMode.SIDECAR) + " ms > ambient "
                            + medianStartupMillis.get(MeshMode.AMBIENT) + " ms");
        }
    }

    @ParameterizedTest
    @EnumSource(MeshMode.class)
    void trafficReachesEveryPodThroughTheMode(MeshMode mode) throws Exception {
        try (Deployment d = platform.deploy(LocalPlatformTest.shop(), mode)) {
            EntryPoint entry = d.entryPoints().get(0);
            ResourceWindow window = d.startResourceWindow();
            for (int i = 0; i < REQUESTS; i++) {
                HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(entry.url().resolve("/shop"))
                        .header(Phase.HEADER, Phase.MEASURE).timeout(Duration.ofSeconds(60)).build(),
                        HttpResponse.BodyHandlers.ofByteArray());
                assertEquals(200, r.statusCode(), mode + ": " + new String(r.body()));
                assertEquals(200, r.body().length);
            }
            ResourceUsage usage = window.finish();

            LocalCluster cluster = ((LocalDeployment) d).cluster();
            int appPort = mode.meshed() ? Sidecar.APP_PORT : LocalPod.SERVICE_PORT;
            for (List<LocalPod> replicas : cluster.podsByService().values()) {
                int podsServing = 0;
                for (LocalPod pod : replicas) {
                    URI uri = URI.create("http://" + pod.ip().getHostAddress() + ":" + appPort + "/metrics");
                    String metrics = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).build(),
                            HttpResponse.BodyHandlers.ofString()).body();
                    Matcher m = INCOMING.matcher(metrics);
                    if (m.find() && Double.parseDouble(m.group(2)) > 0) podsServing++;
                }
                String service = replicas.get(0).service();
                assertTrue(podsServing > 0, mode + ": no pod of " + service + " answered");
                // ambient balances per connection (L4) and these sequential calls reuse one keep-alive
                // connection per caller, so only the per-request (L7 or per-call) modes reach every replica
                if (mode != MeshMode.AMBIENT) assertEquals(replicas.size(), podsServing, mode + ": replicas of " + service);
            }
            assertWorkloadsRunInTheirNodesHosts((LocalDeployment) d, appPort);
            for (MetricsSource s : d.workloadMetrics()) {
                assertTrue(s.scrape().contains("meshbench_incoming_requests_total"), mode + ": " + s);
            }
            assertTrue(usage.workloadMemoryPerPodBytes() > 0, usage.toString());
            assertTrue(usage.workloadCpuPerPodMillicores() >= 0, usage.toString());
            assertTrue(usage.method().contains("workload-host processes"), usage.method());
            if (mode == MeshMode.BASELINE) assertEquals(0.0, usage.meshMemoryPerPodBytes(), "a host is never mesh: " + usage);
            LatencyRecording latency = d.collectLatency();
            assertEquals(Set.of("front->cart", "front->catalog", "cart->db", "catalog->db"), latency.perEdge().keySet());
            assertEquals(REQUESTS, latency.measuredCalls("front->cart"), mode.toString());

            String all = scrapeAll(d.dataPlaneMetrics());
            switch (mode) {
                case BASELINE -> assertEquals("", all);
                case SIDECAR -> assertEquals(REQUESTS * 2.0, sum(all, "istio_requests_total", "reporter=\"destination\"", "destination_workload=\"db\""));
                case AMBIENT -> assertTrue(sum(all, "istio_tcp_received_bytes_total", "reporter=\"destination\"", "destination_workload=\"db\"") > 0, all);
                case WAYPOINT -> assertEquals(REQUESTS * 2.0, sum(all, "istio_requests_total", "reporter=\"waypoint\"", "destination_workload=\"db\""));
            }
            if (mode.meshed()) {
                assertTrue(usage.meshMemoryPerPodBytes() > 0, usage.toString());
                assertTrue(usage.meshCpuPerPodMillicores() > 0, usage.toString());
                assertTrue(usage.method().contains("emulated"), usage.method());
            }
            System.out.println(mode + ": " + usage);
            usages.put(mode, usage);
            double[] ready = d.podStartups().stream().mapToDouble(p -> p.phaseMillis().get("ready")).sorted().toArray();
            medianStartupMillis.put(mode, ready[ready.length / 2]);
        }
    }

    /** A proxy process killed under a deployment is reported by the deployment, with its pod and exit status. */
    @Test
    void aKilledSidecarIsADataPlaneFailureNamingItsPodAndExitStatus() throws Exception {
        // on this class's platform: a test JVM has a limited number of address blocks
        try (Deployment d = platform.deploy(LocalPlatformTest.shop(), MeshMode.SIDECAR)) {
            assertEquals(List.of(), d.dataPlaneFailures());
            String pod = ((LocalDeployment) d).cluster().podsByService().get("cart").get(0).name();
            ProcessHandle proxy = ProcessHandle.current().descendants()
                    .filter(h -> h.info().commandLine().orElse("").contains("ProxyMain sidecar ")
                            && h.info().commandLine().orElse("").endsWith(" " + pod))
                    .findFirst().orElseThrow(() -> new AssertionError("no sidecar process for " + pod));
            proxy.destroyForcibly();
            List<String> failures = List.of();
            for (int i = 0; i < 100 && failures.isEmpty(); i++) {   // at most 10 s for the kernel to reap it
                Thread.sleep(100);
                failures = d.dataPlaneFailures();
            }
            assertEquals(1, failures.size(), failures.toString());
            assertTrue(failures.get(0).contains("sidecar " + pod), failures.get(0));
            assertTrue(failures.get(0).contains("exit status 137"), failures.get(0));
            PlatformException e = assertThrows(PlatformException.class, d::collectLatency);
            assertTrue(e.getMessage().contains(pod) || e.toString().contains(pod), e.toString());
        }
    }

    /**
     * This JVM has no workload threads, and each pod's listening socket is held by the host of its
     * node (read from the kernel where /proc is readable).
     */
    private static void assertWorkloadsRunInTheirNodesHosts(LocalDeployment d, int appPort) throws Exception {
        WorkloadHosts hosts = d.hosts();
        assertEquals(2, hosts.count(), "one workload host per node");
        assertTrue(Thread.getAllStackTraces().keySet().stream().noneMatch(t -> t.getName().startsWith("meshbench-workload")),
                "no workload event loop in the harness JVM");
        if (!ListeningSockets.readable()) return;
        List<Long> candidates = new java.util.ArrayList<>(hosts.pids());
        candidates.add(ProcessHandle.current().pid());
        for (LocalPod pod : d.localPods()) {
            long owner = ListeningSockets.owner(new java.net.InetSocketAddress(pod.ip(), appPort), candidates)
                    .orElseThrow(() -> new AssertionError("no process of these holds " + pod.name() + "'s socket: " + candidates));
            assertEquals(hosts.pids().get(pod.node()), owner, pod.name() + " on node " + pod.node());
        }
    }

    /** A workload host killed under a deployment fails it, with its node and exit status, as a proxy's death does. */
    @Test
    void aKilledWorkloadHostIsAFailureNamingItsNodeAndExitStatus() throws Exception {
        try (Deployment d = platform.deploy(LocalPlatformTest.shop(), MeshMode.BASELINE)) {
            assertEquals(List.of(), d.dataPlaneFailures());
            ProcessHandle host = ProcessHandle.of(((LocalDeployment) d).hosts().pids().get(1)).orElseThrow();
            host.destroyForcibly();
            host.onExit().get(10, java.util.concurrent.TimeUnit.SECONDS);
            List<String> failures = d.dataPlaneFailures();
            assertEquals(1, failures.size(), failures.toString());
            assertTrue(failures.get(0).contains("workload-host node-2 (pid " + host.pid() + ")"), failures.get(0));
            assertTrue(failures.get(0).contains("exit status 137"), failures.get(0));
            PlatformException e = assertThrows(PlatformException.class, d::collectLatency);
            assertTrue(e.toString().contains("workload host"), e.toString());
        }
    }

    private static String scrapeAll(List<MetricsSource> sources) throws Exception {
        StringBuilder b = new StringBuilder();
        for (MetricsSource s : sources) b.append(s.scrape());
        return b.toString();
    }

    private static double sum(String text, String metric, String... labelParts) {
        double total = 0;
        for (String line : text.split("\n")) {
            if (!line.startsWith(metric + "{")) continue;
            boolean all = true;
            for (String part : labelParts) all &= line.contains(part);
            if (all) total += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
        }
        return total;
    }
}
