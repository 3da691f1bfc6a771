package io.meshbench.platform.kubernetes;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.meshbench.metrics.LatencyRecording;
import io.meshbench.metrics.PodStartup;
import io.meshbench.metrics.ResourceUsage;
import io.meshbench.metrics.ResourceWindow;
import io.meshbench.platform.Deployment;
import io.meshbench.core.EntryPoint;
import io.meshbench.core.MeshMode;
import io.meshbench.core.MetricsSource;
import io.meshbench.platform.PlatformException;
import io.meshbench.metrics.scrape.MetricsScraper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

// A guard against hangs: every wait inside is bounded by the 60 s deploy timeout, so a failure names
// its cause first. The slowest test takes 1-3 s idle and 10 s at load 20-47 on 2 cores.
@Timeout(120)
class DirectDeployTest {
    private final FakeCluster cluster = new FakeCluster();
    private final ByteArrayOutputStream logBytes = new ByteArrayOutputStream();
    private final PrintStream log = new PrintStream(logBytes, true);

    @AfterEach
    void stop() {
        cluster.close();
    }

    private KubernetesPlatform platform(String runId, FakeEntryAccess entry) throws PlatformException {
        return new KubernetesPlatform(TestTopologies.settings(runId, "direct", null), cluster.server.createClient(), log, c -> entry);
    }

    @Test
    void deploysMeasuresAndTearsDownThreeModes() throws Exception {
        // something that is not ours, in a namespace of its own: teardown must not touch it
        cluster.client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("bystander").endMetadata().build()).create();
        cluster.client.configMaps().inNamespace("bystander").resource(new ConfigMapBuilder().withNewMetadata()
                .withName(ManifestRenderer.TOPOLOGY_CONFIG_MAP).withNamespace("bystander").endMetadata().build()).create();
        FakeEntryAccess entry = new FakeEntryAccess();
        try (KubernetesPlatform platform = platform("run1", entry)) {
            platform.check(TestTopologies.small(), List.of(MeshMode.BASELINE, MeshMode.SIDECAR, MeshMode.AMBIENT));
            for (MeshMode mode : List.of(MeshMode.BASELINE, MeshMode.SIDECAR, MeshMode.AMBIENT)) {
                try (Deployment d = platform.deploy(TestTopologies.small(), mode)) {
                    assertEquals(mode, d.mode());
                    List<PodStartup> startups = d.podStartups();
                    assertEquals(5, startups.size(), "one startup per pod");
                    for (PodStartup s : startups) {
                        assertEquals(PodStartupTracker.PHASES, List.copyOf(s.phaseMillis().keySet()), s.pod());
                        double last = -1;
                        for (double v : s.phaseMillis().values()) {
                            assertTrue(v >= last, "phases in order");
                            last = v;
                        }
                        assertNotNull(s.node());
                        assertNotNull(s.service());
                    }
                    List<EntryPoint> entries = d.entryPoints();
                    assertEquals(1, entries.size());
                    assertEquals("frontend", entries.get(0).service());
                    assertEquals("127.0.0.1", entries.get(0).url().getHost());

                    ResourceWindow window = d.startResourceWindow();
                    ResourceUsage usage = window.finish();
                    assertEquals(5, usage.pods());
                    assertEquals(FakeCluster.WORKLOAD_BYTES, usage.workloadMemoryPerPodBytes(), 1);
                    double expectedMesh = switch (mode) {
                        case BASELINE -> 0;
                        case SIDECAR -> FakeCluster.PROXY_BYTES;
                        // each node's ztunnel divided among our pods on it: nodes used × ztunnel ÷ pods
                        default -> (double) usage.nodes() * FakeCluster.ZTUNNEL_BYTES / 5;
                    };
                    assertEquals(expectedMesh, usage.meshMemoryPerPodBytes(), 1, mode + ": " + usage.method());

                    List<MetricsSource> sources = d.dataPlaneMetrics();
                    switch (mode) {
                        case BASELINE -> assertTrue(sources.isEmpty());
                        case SIDECAR -> {
                            assertEquals(5, sources.size());
                            assertTrue(sources.stream().allMatch(s -> s.kind().equals("sidecar")));
                            assertTrue(sources.get(0).scrape().contains("envoy_server_memory_allocated"));
                            var snapshot = new MetricsScraper().scrape(sources);
                            assertEquals(List.of(), MetricsScraper.problems(snapshot, snapshot), "sidecars export every expected name");
                        }
                        default -> {
                            assertTrue(sources.stream().allMatch(s -> s.kind().equals("ztunnel")));
                            assertEquals(usage.nodes(), sources.size());
                            assertTrue(sources.get(0).scrape().contains("istio_tcp_sent_bytes_total"));
                            var snapshot = new MetricsScraper().scrape(sources);
                            List<String> problems = MetricsScraper.problems(snapshot, snapshot);
                            assertEquals(1, problems.size(), problems.toString());
                            assertTrue(problems.get(0).startsWith("istio_tcp_connections_closed_total missing from "
                                    + sources.size() + " of " + sources.size() + " ztunnel endpoints"), problems.toString());
                        }
                    }

                    List<MetricsSource> workloads = d.workloadMetrics();
                    assertEquals(5, workloads.size(), "every workload pod, through the pod proxy");
                    for (MetricsSource w : workloads) {
                        assertEquals("workload", w.kind());
                        assertTrue(w.scrape().contains("pod=\"" + w.name() + "\""), "each source reads its own pod: " + w.name());
                    }

                    LatencyRecording latency = d.collectLatency();
                    assertEquals(List.of("frontend->cart", "frontend->catalog", "cart->db"),
                            List.copyOf(latency.perEdge().keySet()).stream().sorted((a, b) -> order(a) - order(b)).toList());
                    // frontend has 2 replicas, each reporting 2 intervals × 2 calls per edge
                    assertEquals(8, latency.perEdge().get("frontend->cart").getTotalCount());
                    assertEquals(2, latency.intervals().size());
                    assertEquals(4000, latency.firstCallMicros().get("cart->db"), 4000 * 0.001);
                }
                assertEquals(List.of(), cluster.objectsOfRun("run1"), "teardown of " + mode + " leaves nothing");
            }
        }
        assertTrue(entry.closed);
        assertNotNull(cluster.client.configMaps().inNamespace("bystander").withName(ManifestRenderer.TOPOLOGY_CONFIG_MAP).get());
        assertNotNull(cluster.client.namespaces().withName("bystander").get());
        assertTrue(cluster.errors.isEmpty(), cluster.errors.toString());
        String output = logBytes.toString();
        assertTrue(output.contains("wave 0 (policies)") && output.contains("wave 3 (routing)"), output);
    }

    private static int order(String edge) {
        return List.of("frontend->cart", "frontend->catalog", "cart->db").indexOf(edge);
    }

    @Test
    void waypointModeWaitsForTheGatewayAndChargesItsPods() throws Exception {
        try (KubernetesPlatform platform = platform("run2", new FakeEntryAccess());
             Deployment d = platform.deploy(TestTopologies.small(), MeshMode.WAYPOINT)) {
            ResourceUsage usage = d.startResourceWindow().finish();
            double expected = ((double) usage.nodes() * FakeCluster.ZTUNNEL_BYTES + FakeCluster.WAYPOINT_BYTES) / 5;
            assertEquals(expected, usage.meshMemoryPerPodBytes(), 1, usage.method());
            assertTrue(d.dataPlaneMetrics().stream().anyMatch(s -> s.kind().equals("waypoint")));
        }
        assertEquals(List.of(), cluster.objectsOfRun("run2"));
    }

    @Test
    void podsThatNeverGetReadyTimeOutNameTheDeploymentAndAreTornDown() throws Exception {
        // frontend is the wave's first Deployment, so it is the one the deadline names however slowly
        // a busy machine brings up the others; the deadline also bounds teardown's wait for the pods
        cluster.neverReady.add("frontend");
        KubernetesSettings shortTimeout = TestTopologies.settings("run3", "direct", null, "5s");
        try (KubernetesPlatform platform = new KubernetesPlatform(shortTimeout, cluster.server.createClient(), log,
                c -> new FakeEntryAccess())) {
            PlatformException e = assertThrows(PlatformException.class,
                    () -> platform.deploy(TestTopologies.small(), MeshMode.AMBIENT));
            assertTrue(e.getMessage().contains("Deployment mb-run3-ambient/frontend"), e.getMessage());
            assertTrue(e.getMessage().contains("-Ddeploy.timeout"), e.getMessage());
            assertEquals(List.of(), cluster.objectsOfRun("run3"), "a failed deploy is torn down at once");
        }
    }

    @Test
    void keepLeavesTheModeRunning() throws Exception {
        java.util.Properties p = new java.util.Properties();
        p.setProperty("meshbench.runId", "run4");
        p.setProperty("kube.context", "c");
        p.setProperty("deploy", "direct");
        p.setProperty("keep", "true");
        p.setProperty("deploy.timeout", "5s");
        KubernetesSettings keep = KubernetesSettings.fromProperties(p, java.util.Map.of());
        try (KubernetesPlatform platform = new KubernetesPlatform(keep, cluster.server.createClient(), log, c -> new FakeEntryAccess())) {
            platform.deploy(TestTopologies.small(), MeshMode.BASELINE).close();
        }
        assertFalse(cluster.objectsOfRun("run4").isEmpty());
        assertNotNull(cluster.client.namespaces().withName("mb-run4-baseline").get());
    }

    @Test
    void refusesANamespaceThisRunDidNotCreateAndLeavesItAlone() throws Exception {
        cluster.client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("mb-run5-sidecar")
                .addToLabels("team", "payments").endMetadata().build()).create();
        try (KubernetesPlatform platform = platform("run5", new FakeEntryAccess())) {
            PlatformException check = assertThrows(PlatformException.class,
                    () -> platform.check(TestTopologies.small(), List.of(MeshMode.SIDECAR)));
            assertTrue(check.getMessage().contains("mb-run5-sidecar already exists"), check.getMessage());
            assertThrows(PlatformException.class, () -> platform.deploy(TestTopologies.small(), MeshMode.SIDECAR));
        }
        var ns = cluster.client.namespaces().withName("mb-run5-sidecar").get();
        assertNotNull(ns);
        assertEquals("payments", ns.getMetadata().getLabels().get("team"));
    }

    @Test
    void ctrlCTearsDownWhatIsStillUp() throws Exception {
        try (KubernetesPlatform platform = platform("run6", new FakeEntryAccess())) {
            platform.deploy(TestTopologies.small(), MeshMode.SIDECAR); // deliberately not closed
            assertFalse(cluster.objectsOfRun("run6").isEmpty());
            platform.onShutdown(); // what the JVM's shutdown hook runs on Ctrl-C
            assertEquals(List.of(), cluster.objectsOfRun("run6"));
        }
    }

    @Test
    void onCtrlCTheRunsHookCollectsTheOpenWindowThenTearsDown() throws Exception {
        KubernetesPlatform platform = platform("run7", new FakeEntryAccess());
        try {
            assertTrue(platform.hasOwnShutdownHook(), "alone, the platform tears down on exit itself");
            Deployment d = platform.deploy(TestTopologies.small(), MeshMode.SIDECAR);
            platform.leaveShutdownToOwner(); // what the run does: its hook is the one owner of teardown
            assertFalse(platform.hasOwnShutdownHook(), "a second hook would delete the pods under the run's collection");
            // The run's hook on Ctrl-C: collect what the pods still hold, then close the platform.
            List<MetricsSource> sources = d.dataPlaneMetrics();
            assertFalse(sources.isEmpty());
            assertTrue(sources.get(0).scrape().contains("envoy_server_memory_allocated"), "pods still there while collecting");
            assertFalse(cluster.objectsOfRun("run7").isEmpty());
            platform.close();
            assertEquals(List.of(), cluster.objectsOfRun("run7"));
        } finally {
            platform.close();
        }
    }
}
