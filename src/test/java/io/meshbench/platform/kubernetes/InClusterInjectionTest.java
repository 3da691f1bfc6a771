package io.meshbench.platform.kubernetes;

import io.fabric8.kubernetes.api.model.EnvVar;
import io.meshbench.core.InjectorOrder;
import io.meshbench.core.MeshMode;
import io.meshbench.metrics.InjectorResult;
import io.meshbench.platform.Deployment;
import io.meshbench.platform.PlatformException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A deployed mode sends a phase through an injector Job to its entry Services' in-cluster names. */
@Timeout(120)
class InClusterInjectionTest {
    private final FakeCluster cluster = new FakeCluster();

    @AfterEach
    void stop() {
        cluster.close();
    }

    private static KubernetesSettings settings(String inCluster) throws PlatformException {
        Properties p = new Properties();
        p.setProperty("meshbench.runId", "icj");
        p.setProperty("kube.context", "test-context");
        p.setProperty("deploy", "direct");
        p.setProperty("deploy.timeout", "60s");
        p.setProperty("kube.poll", "100ms");
        p.setProperty("injectors", "2");
        p.setProperty("injectors.startDelay", "1s");
        if (inCluster != null) p.setProperty("injectors.inCluster", inCluster);
        return KubernetesSettings.fromProperties(p, Map.of());
    }

    @Test
    void aPhaseGoesThroughAJobToTheEntryServicesInsideTheCluster() throws Exception {
        KubernetesSettings settings = settings(null);
        String ns = settings.namespace(MeshMode.AMBIENT);
        FakeEntryAccess portForwards = new FakeEntryAccess();
        try (FakeJobController jobs = new FakeJobController(cluster.server, cluster.client, ns);
             KubernetesPlatform platform = new KubernetesPlatform(settings, cluster.server.createClient(),
                     new PrintStream(new ByteArrayOutputStream(), true), c -> portForwards, jobs::barrierClock);
             Deployment d = platform.deploy(TestTopologies.small(), MeshMode.AMBIENT)) {
            assertTrue(platform.injectsEntryTraffic());

            InjectorResult result = d.entryInjection().orElseThrow()
                    .inject(service -> "ambient " + service, 40, Duration.ofSeconds(1), "measure");

            assertEquals(List.of(), jobs.errors);
            Map<String, String> env = new HashMap<>();
            for (EnvVar e : jobs.jobs.get(0).getSpec().getTemplate().getSpec().getContainers().get(0).getEnv()) {
                env.put(e.getName(), e.getValue());
            }
            InjectorOrder order = InjectorOrder.fromEnv(env);
            assertEquals(List.of(URI.create("http://frontend-entry." + ns + ".svc.cluster.local:8080/")), order.urls(),
                    "the entry Service's cluster name: no port-forward");
            assertEquals(List.of("ambient frontend"), order.requestNames());
            assertEquals(20.0, order.ratePerInjector(), 1e-9);
            assertEquals(40, result.sent());
            assertEquals(2, result.injectors());
            assertEquals(InjectorResult.merge(List.copyOf(jobs.served.values())).entryLatencyMillis(), result.entryLatencyMillis());
            assertTrue(cluster.client.batch().v1().jobs().inNamespace(ns).list().getItems().isEmpty(), "the Job is gone");
        }
    }

    @Test
    void portForwardsWhenAskedTo() throws Exception {
        try (KubernetesPlatform platform = new KubernetesPlatform(settings("false"), cluster.server.createClient(),
                new PrintStream(new ByteArrayOutputStream(), true), c -> new FakeEntryAccess());
             Deployment d = platform.deploy(TestTopologies.small(), MeshMode.BASELINE)) {
            assertFalse(platform.injectsEntryTraffic());
            assertTrue(d.entryInjection().isEmpty());
        }
    }
}
