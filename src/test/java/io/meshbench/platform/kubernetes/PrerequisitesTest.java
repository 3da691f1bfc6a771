package io.meshbench.platform.kubernetes;

import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.VersionInfo;
import io.meshbench.core.MeshMode;
import io.meshbench.platform.PlatformException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(120)
class PrerequisitesTest {
    private static final List<MeshMode> ALL = List.of(MeshMode.values());
    private final FakeCluster cluster = new FakeCluster();

    @AfterEach
    void stop() {
        cluster.close();
    }

    private List<String> problems(String deploy) throws PlatformException {
        return new Prerequisites(cluster.client, TestTopologies.settings("p", deploy, "file:///tmp/x.git")).problems(ALL);
    }

    private static void assertOne(List<String> problems, String what, String fix) {
        assertEquals(1, problems.size(), problems.toString());
        assertTrue(problems.get(0).contains(what), problems.get(0));
        assertTrue(problems.get(0).contains(fix), "names the fix: " + problems.get(0));
    }

    @Test
    void aHealthyClusterPasses() throws Exception {
        assertEquals(List.of(), problems("argocd"));
    }

    @Test
    void oldKubernetes() throws Exception {
        cluster.server.setVersionInfo(new VersionInfo.Builder().withMajor("1").withMinor("27+").withGitVersion("v1.27.9").build());
        assertOne(problems("argocd"), "1.27+ is too old", "upgrade");
    }

    @Test
    void tooFewReadyNodes() throws Exception {
        cluster.client.nodes().withName("node-2").editStatus(n -> {
            n.getStatus().getConditions().get(0).setStatus("False");
            return n;
        });
        // the ztunnel check counts ready nodes too, and still sees 3 ztunnels: only the node count fails
        assertOne(problems("argocd"), "2 ready node(s) that take workloads, of 3", "add nodes");
    }

    @Test
    void aTaintedControlPlaneDoesNotCountAsAWorkloadNode() throws Exception {
        cluster.client.nodes().withName("node-1").edit(n -> {
            n.setSpec(new io.fabric8.kubernetes.api.model.NodeSpecBuilder().addNewTaint()
                    .withKey("node-role.kubernetes.io/control-plane").withEffect("NoSchedule").endTaint().build());
            return n;
        });
        assertOne(problems("argocd"), "2 ready node(s) that take workloads", "NoSchedule-tainted");
    }

    @Test
    void smallNodes() throws Exception {
        cluster.client.nodes().resource(new NodeBuilder().withNewMetadata().withName("node-small").endMetadata()
                .withNewStatus().addToCapacity("memory", new Quantity("8Gi"))
                .addNewCondition().withType("Ready").withStatus("True").endCondition().endStatus().build()).create();
        // what a "16 GiB" cloud node really reports passes
        cluster.client.nodes().resource(new NodeBuilder().withNewMetadata().withName("node-m6i").endMetadata()
                .withNewStatus().addToCapacity("memory", new Quantity("15896076Ki"))
                .addNewCondition().withType("Ready").withStatus("True").endCondition().endStatus().build()).create();
        cluster.client.apps().daemonSets().inNamespace("istio-system").withName("ztunnel").editStatus(d -> {
            d.getStatus().setNumberReady(5);
            return d;
        });
        List<String> problems = problems("argocd");
        assertEquals(1, problems.size(), problems.toString());
        assertTrue(problems.get(0).contains("node node-small has 8Gi") && problems.get(0).contains("-Dnode.memory.min"), problems.toString());
    }

    @Test
    void istiodMissingOrAtAnotherVersion() throws Exception {
        cluster.client.apps().deployments().inNamespace("istio-system").withName("istiod").edit(d -> {
            d.getSpec().getTemplate().getSpec().getContainers().get(0).setImage("docker.io/istio/pilot:1.22.3");
            return d;
        });
        assertOne(problems("argocd"), "istiod runs docker.io/istio/pilot:1.22.3, not the pinned version 1.23.0", "-Distio.version");
        cluster.client.apps().deployments().inNamespace("istio-system").withName("istiod").delete();
        assertOne(problems("argocd"), "istiod is not installed", "-Dbootstrap=istio");
    }

    @Test
    void ztunnelNotOnEveryNode() throws Exception {
        cluster.client.apps().daemonSets().inNamespace("istio-system").withName("ztunnel").editStatus(d -> {
            d.getStatus().setNumberReady(2);
            return d;
        });
        assertOne(problems("argocd"), "ztunnel is ready on 2 of 3", "kubectl -n istio-system get pods -l app=ztunnel");
        cluster.client.apps().daemonSets().inNamespace("istio-system").withName("ztunnel").delete();
        assertOne(problems("argocd"), "no ztunnel DaemonSet", "profile=ambient");
    }

    @Test
    void argocdMissingMattersOnlyForArgocdDeploys() throws Exception {
        cluster.client.apiextensions().v1().customResourceDefinitions().withName("applications.argoproj.io").delete();
        cluster.client.apps().deployments().inNamespace("argocd").withName("argocd-server").delete();
        List<String> problems = problems("argocd");
        assertEquals(2, problems.size(), problems.toString());
        assertTrue(problems.get(0).contains("applications.argoproj.io") && problems.get(0).contains("-Ddeploy=direct"));
        assertTrue(problems.get(1).contains("argocd-server") && problems.get(1).contains("not installed"));
        assertEquals(List.of(), problems("direct"));
    }

    @Test
    void metricsApiUnavailable() throws Exception {
        cluster.client.apiServices().withName("v1beta1.metrics.k8s.io").edit(a -> {
            a.getStatus().getConditions().get(0).setStatus("False");
            return a;
        });
        assertOne(problems("argocd"), "metrics.k8s.io is not available", "metrics-server");
    }

    @Test
    void anInjectorNodeSelectorMustMatchAReadyNode() throws Exception {
        java.util.function.Function<String, KubernetesSettings> withSelector = sel -> {
            java.util.Properties p = new java.util.Properties();
            p.setProperty("meshbench.runId", "p");
            p.setProperty("deploy", "direct");
            p.setProperty("injectors.nodeSelector", sel);
            try {
                return KubernetesSettings.fromProperties(p, java.util.Map.of());
            } catch (PlatformException e) {
                throw new AssertionError(e);
            }
        };
        assertOne(new Prerequisites(cluster.client, withSelector.apply("meshbench.io/role=load")).problems(ALL),
                "-Dinjectors.nodeSelector=meshbench.io/role=load matches no node", "kubectl label node");
        cluster.client.nodes().withName("node-2").edit(n -> {
            n.getMetadata().getLabels().put("meshbench.io/role", "load");
            return n;
        });
        assertEquals(List.of(), new Prerequisites(cluster.client, withSelector.apply("meshbench.io/role=load")).problems(ALL));
        cluster.client.nodes().withName("node-2").editStatus(n -> {
            n.getStatus().getConditions().get(0).setStatus("False");
            return n;
        });
        List<String> problems = new Prerequisites(cluster.client, withSelector.apply("meshbench.io/role=load")).problems(ALL);
        assertTrue(problems.stream().anyMatch(p -> p.contains("matches only nodes that are not Ready ([node-2])")), problems.toString());
    }

    @Test
    void gatewayApiNeededForWaypoints() throws Exception {
        cluster.client.apiextensions().v1().customResourceDefinitions().withName("gateways.gateway.networking.k8s.io").delete();
        assertOne(problems("argocd"), "Gateway API CRDs", "standard-install.yaml");
        assertEquals(List.of(), new Prerequisites(cluster.client, TestTopologies.settings("p", "argocd", "file:///x"))
                .problems(List.of(MeshMode.BASELINE, MeshMode.SIDECAR)));
    }

    @Test
    void everyFailureIsListedAtOnceBeforeAnythingIsCreated() throws Exception {
        cluster.server.setVersionInfo(new VersionInfo.Builder().withMajor("1").withMinor("26").withGitVersion("v1.26.0").build());
        cluster.client.apps().deployments().inNamespace("istio-system").withName("istiod").delete();
        cluster.client.apps().daemonSets().inNamespace("istio-system").withName("ztunnel").delete();
        cluster.client.apiextensions().v1().customResourceDefinitions().withName("applications.argoproj.io").delete();
        cluster.client.apiServices().withName("v1beta1.metrics.k8s.io").delete();
        int namespacesBefore = cluster.client.namespaces().list().getItems().size();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (KubernetesPlatform platform = new KubernetesPlatform(TestTopologies.settings("p", "argocd", "file:///x"),
                cluster.server.createClient(), new PrintStream(out, true), c -> new FakeEntryAccess())) {
            PlatformException e = assertThrows(PlatformException.class, () -> platform.check(TestTopologies.small(), ALL));
            assertEquals(5, e.problems().size(), e.getMessage());
        }
        assertEquals(namespacesBefore, cluster.client.namespaces().list().getItems().size());
    }

    @Test
    void bootstrapSkipsTheIstioChecks() throws Exception {
        cluster.client.apps().deployments().inNamespace("istio-system").withName("istiod").delete();
        java.util.Properties p = new java.util.Properties();
        p.setProperty("meshbench.runId", "p");
        p.setProperty("deploy", "direct");
        p.setProperty("bootstrap", "istio");
        KubernetesSettings s = KubernetesSettings.fromProperties(p, java.util.Map.of());
        assertEquals(List.of(), new Prerequisites(cluster.client, s).problems(ALL));
    }
}
