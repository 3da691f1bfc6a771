package io.meshbench.platform.kubernetes;

import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.meshbench.core.MeshMode;
import io.meshbench.metrics.InjectorResult;
import io.meshbench.platform.PlatformException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The injector Job round trip on the mock API server (CRUD mode) with a fake Job controller. */
@Timeout(60)
class InjectorJobTest {
    private static final String NS = "mb-inj-ambient";
    private static final List<String> NAMES = List.of("ambient frontend", "ambient shop");
    private static final List<URI> URLS = List.of(URI.create("http://frontend-entry." + NS + ".svc.cluster.local:8080/"),
            URI.create("http://shop-entry." + NS + ".svc.cluster.local:8080/"));

    private final KubernetesMockServer server = MockCluster.newServer();
    private final KubernetesClient client;
    private final FakeJobController controller;

    InjectorJobTest() {
        server.init();
        client = server.createClient();
        for (int i = 0; i < 3; i++) {
            client.nodes().resource(new NodeBuilder().withNewMetadata().withName("node-" + i).endMetadata().build()).create();
        }
        controller = new FakeJobController(server, client, NS);
    }

    @AfterEach
    void stop() {
        controller.close();
        client.close();
        server.destroy();
    }

    private static KubernetesSettings settings(String injectors) throws PlatformException {
        Properties p = new Properties();
        p.setProperty("meshbench.runId", "inj");
        p.setProperty("deploy", "direct");
        p.setProperty("kube.poll", "50ms");
        p.setProperty("injectors.startDelay", "1s");
        p.setProperty("injectors.image", "registry.example/meshbench/injector:test");
        if (injectors != null) p.setProperty("injectors", injectors);
        return KubernetesSettings.fromProperties(p, Map.of());
    }

    /** A runner whose start barrier waits for the fake controller to place the pods. */
    private InjectorJobRunner runner(KubernetesSettings settings) {
        return new InjectorJobRunner(client, settings, controller::barrierClock);
    }

    @Test
    void nPodsEachCarryAnNthOfTheRateAndTheirResultsMergeIntoThePhase() throws Exception {
        InjectorJobRunner.Outcome outcome = runner(settings("3"))
                .run(MeshMode.AMBIENT, NS, NAMES, URLS, 90, Duration.ofSeconds(2), "measure");

        assertEquals(List.of(), controller.errors);
        Job job = controller.jobs.get(0);
        assertEquals(3, job.getSpec().getParallelism());
        assertEquals(3, job.getSpec().getCompletions());
        assertEquals("Indexed", job.getSpec().getCompletionMode());
        assertEquals("inj", job.getMetadata().getLabels().get(Labels.RUN_ID));
        assertEquals("inj", job.getSpec().getTemplate().getMetadata().getLabels().get(Labels.RUN_ID));
        assertEquals(InjectorJobRenderer.INJECTOR, job.getSpec().getTemplate().getMetadata().getLabels().get(InjectorJobRenderer.ROLE));
        var term = job.getSpec().getTemplate().getSpec().getAffinity().getPodAntiAffinity()
                .getPreferredDuringSchedulingIgnoredDuringExecution().get(0).getPodAffinityTerm();
        assertEquals("kubernetes.io/hostname", term.getTopologyKey());
        assertEquals("inj", term.getLabelSelector().getMatchLabels().get(Labels.RUN_ID), "away from this run's workload pods");
        assertEquals(Labels.SERVICE, term.getLabelSelector().getMatchExpressions().get(0).getKey());
        var selector = job.getSpec().getTemplate().getSpec().getNodeSelector();
        assertTrue(selector == null || selector.isEmpty(), "no node selector unless asked for");

        // every pod got the same order at a third of the rate
        assertEquals(3, outcome.perPod().size());
        outcome.perPod().values().forEach(r -> assertEquals(30.0, r.offeredRps(), 1e-9));
        List<InjectorResult> served = new ArrayList<>(controller.served.values());
        InjectorResult combined = InjectorResult.merge(served);
        assertEquals(180, outcome.merged().sent(), "90 rps for 2 s over three pods");
        assertEquals(combined.completed(), outcome.merged().completed());
        assertEquals(combined.errors(), outcome.merged().errors());
        assertEquals(combined.entryLatencyMillis(), outcome.merged().entryLatencyMillis());
        assertEquals(combined.sendLagMicros(), outcome.merged().sendLagMicros());
        assertEquals(3, outcome.merged().injectors());
        assertEquals(3, outcome.nodeOfPod().values().stream().distinct().count());

        // each pod's Gatling simulation.log came back through its log, for the run's one Gatling report
        assertEquals(outcome.perPod().keySet(), outcome.gatlingLogs().keySet());
        outcome.gatlingLogs().forEach((pod, bytes) ->
                assertEquals("simulation.log of " + pod, new String(bytes, java.nio.charset.StandardCharsets.UTF_8)));

        // removed afterwards
        assertTrue(client.batch().v1().jobs().inNamespace(NS).list().getItems().isEmpty());
        assertTrue(client.pods().inNamespace(NS).withLabel(InjectorJobRenderer.ROLE, InjectorJobRenderer.INJECTOR).list().getItems().isEmpty());
    }

    @Test
    void withoutTheFlagThePodCountFollowsTheRate() throws Exception {
        InjectorJobRunner.Outcome outcome = runner(settings(null))
                .run(MeshMode.BASELINE, NS, NAMES, URLS, 1_200, Duration.ofMillis(500), "warmup");
        assertEquals(3, controller.jobs.get(0).getSpec().getCompletions(), "one pod per started 500 rps");
        assertEquals(600, outcome.merged().sent());
    }

    @Test
    void aSidecarModeInjectorAsksItsSidecarToQuit() throws Exception {
        runner(settings("1")).run(MeshMode.SIDECAR, NS, NAMES, URLS, 10, Duration.ofMillis(300), "measure");
        var env = controller.jobs.get(0).getSpec().getTemplate().getSpec().getContainers().get(0).getEnv();
        assertTrue(env.stream().anyMatch(e -> e.getName().equals("MESHBENCH_QUIT_SIDECAR") && e.getValue().equals("true")), env.toString());
    }

    @Test
    void podsNotRunningAtTheSharedStartFailThePhaseNamingWhy() throws Exception {
        controller.stuckReason = "ImagePullBackOff";
        PlatformException e = assertThrows(PlatformException.class, () -> runner(settings("2"))
                .run(MeshMode.AMBIENT, NS, NAMES, URLS, 20, Duration.ofSeconds(1), "measure"));
        assertEquals(List.of(), controller.errors);
        assertTrue(e.getMessage().contains("0 of 2 pods were running at the shared start"), e.getMessage());
        assertTrue(e.getMessage().contains("ImagePullBackOff"), e.getMessage());
        assertTrue(e.getMessage().contains("-Dinjectors.image=registry.example/meshbench/injector:test"), e.getMessage());
        assertTrue(e.getMessage().contains("-Dinjectors.startDelay"), e.getMessage());
        assertTrue(client.batch().v1().jobs().inNamespace(NS).list().getItems().isEmpty(), "removed after a failure too");
    }

    @Test
    void aPodWithoutAResultIsNamed() throws Exception {
        controller.silentIndex = 1;
        PlatformException e = assertThrows(PlatformException.class, () -> runner(settings("2"))
                .run(MeshMode.AMBIENT, NS, NAMES, URLS, 20, Duration.ofMillis(300), "measure"));
        assertTrue(e.getMessage().contains("1 of 2 pods printed a result"), e.getMessage());
        assertTrue(e.getMessage().contains("injector-1-1-"), e.getMessage());
    }

    @Test
    void aNodeSelectorIsRendered() throws Exception {
        Properties p = new Properties();
        p.setProperty("meshbench.runId", "inj");
        p.setProperty("deploy", "direct");
        p.setProperty("injectors.nodeSelector", "meshbench.io/role=load");
        KubernetesSettings s = KubernetesSettings.fromProperties(p, Map.of());
        Job job = InjectorJobRenderer.render(s, MeshMode.AMBIENT, NS, "injector-1", 2,
                new io.meshbench.core.InjectorOrder(NAMES, URLS, 5, Duration.ofSeconds(10), 0, "measure", false));
        assertEquals(Map.of("meshbench.io/role", "load"), job.getSpec().getTemplate().getSpec().getNodeSelector());
        assertEquals(0, job.getSpec().getBackoffLimit());
        assertEquals(30 + 10 + 120, job.getSpec().getActiveDeadlineSeconds());
    }
}
