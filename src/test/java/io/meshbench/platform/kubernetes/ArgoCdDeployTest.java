package io.meshbench.platform.kubernetes;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.meshbench.core.MeshMode;
import io.meshbench.platform.PlatformException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(120)
class ArgoCdDeployTest {
    @TempDir
    Path tmp;
    private final FakeCluster cluster = new FakeCluster();
    private final ByteArrayOutputStream logBytes = new ByteArrayOutputStream();
    private final PrintStream log = new PrintStream(logBytes, true);

    @AfterEach
    void stop() {
        cluster.close();
    }

    @SuppressWarnings("unchecked")
    @Test
    void deploysThreeModesThroughArgoCdAndLeavesNothingBehindOrAnyToken() throws Exception {
        Path bare = tmp.resolve("gitops.git");
        KubernetesSettings settings = TestTopologies.settings("argo1", "argocd", GitRepos.bare(bare));
        PrintStream realOut = System.out;
        PrintStream realErr = System.err;
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        PrintStream captured = new PrintStream(console, true);
        System.setOut(captured);
        System.setErr(captured);
        Map<String, Object> platformEnvironment;
        KubernetesPlatform closedPlatform;
        try (KubernetesPlatform platform = new KubernetesPlatform(settings, cluster.server.createClient(), log,
                c -> new FakeEntryAccess())) {
            closedPlatform = platform;
            platform.check(TestTopologies.small(), List.of(MeshMode.BASELINE, MeshMode.SIDECAR, MeshMode.AMBIENT));
            Map<String, Object> environment = platform.environment();
            assertEquals("v1.30.2", environment.get("kubernetes_version"));
            assertEquals(3, environment.get("nodes"));
            assertFalse(environment.toString().contains(TestTopologies.GIT_TOKEN), "results' environment holds no token");
            assertFalse(environment.toString().contains(TestTopologies.ARGOCD_TOKEN));
            for (MeshMode mode : List.of(MeshMode.BASELINE, MeshMode.SIDECAR, MeshMode.AMBIENT)) {
                try (KubernetesDeployment d = (KubernetesDeployment) platform.deploy(TestTopologies.small(), mode)) {
                    assertEquals(5, d.podStartups().size());
                    assertTrue(d.deployTiming().method().contains("operationState"));
                    assertFalse(d.deployTiming().finished().isBefore(d.deployTiming().started()));
                    assertEquals(5, d.startResourceWindow().finish().pods());
                    assertEquals(3, d.collectLatency().perEdge().size());

                    GenericKubernetesResource app = cluster.client.genericKubernetesResources(ResourceKinds.APPLICATION)
                            .inNamespace("argocd").withName(d.namespace()).get();
                    Map<String, Object> spec = (Map<String, Object>) app.getAdditionalProperties().get("spec");
                    Map<String, Object> sync = (Map<String, Object>) spec.get("syncPolicy");
                    assertEquals(Map.of("prune", true, "selfHeal", true), sync.get("automated"));
                    assertEquals(5, ((Map<String, Object>) sync.get("retry")).get("limit"));
                    assertEquals("meshbench/argo1", ((Map<String, Object>) spec.get("source")).get("targetRevision"));
                    assertEquals("runs/argo1/" + mode.id(), ((Map<String, Object>) spec.get("source")).get("path"));
                    assertTrue(app.getMetadata().getFinalizers().contains(ArgoCdDeployer.RESOURCES_FINALIZER));

                    GenericKubernetesResource project = cluster.client.genericKubernetesResources(ResourceKinds.APP_PROJECT)
                            .inNamespace("argocd").withName("mb-argo1").get();
                    Map<String, Object> pspec = (Map<String, Object>) project.getAdditionalProperties().get("spec");
                    assertEquals(List.of(settings.gitopsRepo()), pspec.get("sourceRepos"));
                    List<Map<String, Object>> destinations = (List<Map<String, Object>>) pspec.get("destinations");
                    assertTrue(destinations.stream().allMatch(x -> x.get("namespace").toString().startsWith("mb-argo1-")));
                    List<Map<String, Object>> roles = (List<Map<String, Object>>) pspec.get("roles");
                    assertEquals(List.of("admin", "viewer"), roles.stream().map(r -> r.get("name")).toList());
                    assertNotNull(cluster.client.secrets().inNamespace("argocd").withName("mb-argo1-repo").get(),
                            "ArgoCD gets the repository credentials as its declarative repo Secret");
                }
                assertEquals(List.of("AppProject argocd/mb-argo1", "Secret argocd/mb-argo1-repo").stream().sorted().toList(),
                        cluster.objectsOfRun("argo1").stream().sorted().toList(),
                        "after " + mode + " only the run-wide project and repo secret remain");
            }
        } finally {
            System.setOut(realOut);
            System.setErr(realErr);
        }
        platformEnvironment = closedPlatform.environment(); // results are written after close
        assertFalse(platformEnvironment.toString().contains(TestTopologies.GIT_TOKEN));
        assertEquals(List.of(), cluster.objectsOfRun("argo1"), "closing the platform removes the project too");
        assertTrue(platformEnvironment.get("deploys") instanceof List<?> deploys && deploys.size() == 3,
                "each mode's measured deploy time reaches the results: " + platformEnvironment);
        assertEquals("v1.30.2", platformEnvironment.get("kubernetes_version"), "cluster facts survive the client");
        assertTrue(cluster.errors.isEmpty(), cluster.errors.toString());

        // The mock API server logs the objects it stores (it plays the cluster, which does hold the
        // repository Secret); every other line — the harness's log, fabric8 client, JGit — is checked.
        String harnessConsole = console.toString().lines()
                .filter(l -> !l.contains("io.fabric8.kubernetes.client.server.mock") && !l.contains("io.fabric8.mockwebserver"))
                .reduce("", (a, b) -> a + b + "\n");
        assertTrue(harnessConsole.length() > 0 || logBytes.size() > 0);
        String everything = logBytes + harnessConsole;
        assertTrue(logBytes.toString().contains("argocd: Application mb-argo1-sidecar"), logBytes.toString());
        assertFalse(everything.contains(TestTopologies.GIT_TOKEN), "git token leaked into output");
        assertFalse(everything.contains(TestTopologies.ARGOCD_TOKEN), "argocd token leaked into output");
        for (Map.Entry<String, String> f : GitRepos.files(bare, "meshbench/argo1").entrySet()) {
            assertFalse(f.getValue().contains(TestTopologies.GIT_TOKEN), f.getKey());
            assertFalse(f.getValue().contains(TestTopologies.ARGOCD_TOKEN), f.getKey());
        }
    }

    @Test
    void aModeRepeatedInOneRunIsDeployedAfreshEachTime() throws Exception {
        Path bare = tmp.resolve("repeat.git");
        KubernetesSettings settings = TestTopologies.settings("argo5", "argocd", GitRepos.bare(bare));
        try (KubernetesPlatform platform = new KubernetesPlatform(settings, cluster.server.createClient(), log,
                c -> new FakeEntryAccess())) {
            for (int repetition = 0; repetition < 2; repetition++) {
                try (KubernetesDeployment d = (KubernetesDeployment) platform.deploy(TestTopologies.small(), MeshMode.BASELINE)) {
                    assertEquals(5, d.podStartups().size(), "repetition " + repetition);
                }
            }
        }
        assertEquals(List.of(), cluster.objectsOfRun("argo5"));
        assertEquals(2, GitRepos.files(bare, "meshbench/argo5").get("#messages").split("baseline manifests").length - 1,
                "one commit per deploy");
    }

    @Test
    void aDegradedApplicationNamesItsFailingResourcesAndIsTornDown() throws Exception {
        cluster.degradedModes.add("sidecar");
        KubernetesSettings settings = TestTopologies.settings("argo2", "argocd", GitRepos.bare(tmp.resolve("r.git")));
        try (KubernetesPlatform platform = new KubernetesPlatform(settings, cluster.server.createClient(), log,
                c -> new FakeEntryAccess())) {
            PlatformException e = assertThrows(PlatformException.class,
                    () -> platform.deploy(TestTopologies.small(), MeshMode.SIDECAR));
            assertTrue(e.problems().get(0).contains("Application mb-argo2-sidecar failed"), e.getMessage());
            assertTrue(e.problems().stream().anyMatch(p -> p.contains("Deployment mb-argo2-sidecar/cart is Degraded")
                    && p.contains("progress deadline")), e.getMessage());
            assertFalse(e.getMessage().contains("Service mb-argo2-sidecar/cart"), "healthy resources are not blamed");
        }
        assertEquals(List.of(), cluster.objectsOfRun("argo2"));
    }

    @Test
    void anApplicationThatNeverSyncsTimesOut() throws Exception {
        cluster.silentModes.add("ambient");
        KubernetesSettings settings = TestTopologies.settings("argo3", "argocd", GitRepos.bare(tmp.resolve("r.git")), "1s");
        try (KubernetesPlatform platform = new KubernetesPlatform(settings, cluster.server.createClient(), log,
                c -> new FakeEntryAccess())) {
            PlatformException e = assertThrows(PlatformException.class,
                    () -> platform.deploy(TestTopologies.small(), MeshMode.AMBIENT));
            assertTrue(e.getMessage().contains("not Synced + Healthy within the deploy timeout"), e.getMessage());
            assertTrue(e.getMessage().contains("-Ddeploy.timeout"), e.getMessage());
        }
        assertEquals(List.of(), cluster.objectsOfRun("argo3"));
    }

    @Test
    void bootstrapInstallsIstioChartsInOrderAtThePinnedVersion() throws Exception {
        java.util.Properties p = new java.util.Properties();
        p.setProperty("meshbench.runId", "argo4");
        p.setProperty("deploy", "direct");
        p.setProperty("bootstrap", "istio");
        p.setProperty("istio.version", "1.23.2");
        p.setProperty("deploy.timeout", "5s");
        KubernetesSettings settings = KubernetesSettings.fromProperties(p, Map.of());
        IstioBootstrap bootstrap = new IstioBootstrap(cluster.client, settings, log);
        bootstrap.install(java.time.Instant.now().plusSeconds(5));
        List<String> charts = bootstrap.applications().stream().map(a -> a.getMetadata().getName()).toList();
        assertEquals(List.of("istio-base", "istio-istiod", "istio-cni", "istio-ztunnel"), charts);
        for (var app : bootstrap.applications()) {
            var stored = cluster.client.genericKubernetesResources(ResourceKinds.APPLICATION).inNamespace("argocd")
                    .withName(app.getMetadata().getName()).get();
            assertTrue(ApplicationStatus.of(stored).syncedAndHealthy(null));
            assertTrue(io.fabric8.kubernetes.client.utils.Serialization.asYaml(stored).contains("1.23.2"));
        }
        assertTrue(bootstrap.applications().get(1).getAdditionalProperties().toString().contains("profile=ambient"));
    }
}
