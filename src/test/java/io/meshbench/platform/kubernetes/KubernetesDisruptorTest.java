package io.meshbench.platform.kubernetes;

import io.fabric8.istio.api.networking.v1.VirtualService;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.meshbench.core.MeshMode;
import io.meshbench.platform.BadVersion;
import io.meshbench.platform.Disruptor;
import io.meshbench.platform.FaultAction;
import io.meshbench.platform.PlatformException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(180)
class KubernetesDisruptorTest {
    @TempDir
    Path tmp;
    private final FakeCluster cluster = new FakeCluster();
    private final PrintStream log = new PrintStream(new ByteArrayOutputStream(), true);
    private static final BadVersion HALF_FAILING = new BadVersion(50, Duration.ZERO, 20);

    @AfterEach
    void stop() {
        cluster.close();
    }

    private KubernetesPlatform platform(String runId, String deploy, String repo) throws PlatformException {
        return new KubernetesPlatform(TestTopologies.settings(runId, deploy, repo, "40s"), cluster.server.createClient(), log,
                c -> new FakeEntryAccess());
    }

    private static String head(Map<String, String> files) {
        return files.get("#messages").lines().findFirst().orElse("");
    }

    @Test
    void aSidecarRolloutIsACommitSyncedByArgoCdAndTheRollbackARevertSyncedAgain() throws Exception {
        Path bare = tmp.resolve("gitops.git");
        try (KubernetesPlatform platform = platform("dis1", "argocd", GitRepos.bare(bare));
             KubernetesDeployment d = (KubernetesDeployment) platform.deploy(TestTopologies.small(), MeshMode.SIDECAR)) {
            Disruptor disruptor = d.disruptor().orElseThrow();
            String folder = "runs/dis1/sidecar/";

            FaultAction out;
            try {
                out = disruptor.rollOut("cart", HALF_FAILING);
            } catch (PlatformException e) {
                throw new AssertionError(cluster.errors.toString(), e);
            }
            Map<String, String> afterRollout = GitRepos.files(bare, "meshbench/dis1");
            assertTrue(head(afterRollout).contains("bad version of cart (50% errors, +0 ms, 20% of traffic)"), head(afterRollout));
            String v2 = afterRollout.get(folder + "90-deployment-cart-v2.yaml");
            assertNotNull(v2, afterRollout.keySet().toString());
            assertTrue(v2.contains("version: \"v2\"") || v2.contains("version: v2"), v2);
            assertTrue(afterRollout.get(folder + "90-configmap-meshbench-topology-cart-v2.yaml").contains("0.5"),
                    "the bad version's topology fails half of cart's requests");
            assertNotNull(afterRollout.get(folder + "90-destinationrule-cart.yaml"));
            VirtualService vs = cluster.client.resources(VirtualService.class).inNamespace(d.namespace()).withName("cart").get();
            assertNotNull(vs, "ArgoCD synced the VirtualService");
            assertEquals(List.of(80, 20), vs.getSpec().getHttp().get(0).getRoute().stream().map(r -> r.getWeight()).toList());
            assertNotNull(cluster.client.apps().deployments().inNamespace(d.namespace()).withName("cart-v2").get());
            String rolloutCommit = appRevision(d.namespace());
            assertTrue(out.method().contains("git commit " + rolloutCommit.substring(0, 10)), out.method());
            assertEquals(20.0, out.trafficSharePct());
            assertNull(out.note(), "sidecar splits by weight: no caveat");
            assertFalse(out.ready().isBefore(out.started()));
            assertTrue(out.added().contains("Deployment " + d.namespace() + "/cart-v2"), out.added().toString());

            FaultAction back = disruptor.rollBack("cart");
            Map<String, String> afterRollback = GitRepos.files(bare, "meshbench/dis1");
            assertTrue(head(afterRollback).startsWith("Revert \"meshbench run dis1: bad version of cart"), head(afterRollback));
            assertTrue(afterRollback.get("#messages").contains("rollback of the bad version of cart after detection"));
            assertFalse(afterRollback.keySet().stream().anyMatch(f -> f.contains("cart-v2") || f.contains("virtualservice")),
                    "the revert removed the bad version from Git: " + afterRollback.keySet());
            assertNull(cluster.client.resources(VirtualService.class).inNamespace(d.namespace()).withName("cart").get(),
                    "ArgoCD pruned the VirtualService");
            assertNull(cluster.client.apps().deployments().inNamespace(d.namespace()).withName("cart-v2").get());
            assertEquals(afterRollback.keySet().stream().filter(k -> !k.startsWith("#")).sorted().toList(),
                    GitRepos.files(bare, "meshbench/dis1").keySet().stream().filter(k -> !k.startsWith("#")).sorted().toList());
            String revert = appRevision(d.namespace());
            assertFalse(revert.equals(rolloutCommit));
            assertTrue(back.method().contains("git revert " + revert.substring(0, 10) + " of " + rolloutCommit.substring(0, 10)),
                    back.method());
            assertThrows(PlatformException.class, () -> disruptor.rollBack("cart"), "nothing left to roll back");
        }
        assertEquals(List.of(), cluster.objectsOfRun("dis1"));
        assertTrue(cluster.errors.isEmpty(), cluster.errors.toString());
    }

    @Test
    void ambientCannotSplitByWeightSoTheRolloutTakesEveryPodAndSaysSo() throws Exception {
        Path bare = tmp.resolve("ambient.git");
        try (KubernetesPlatform platform = platform("dis2", "argocd", GitRepos.bare(bare));
             KubernetesDeployment d = (KubernetesDeployment) platform.deploy(TestTopologies.small(), MeshMode.AMBIENT)) {
            FaultAction out = d.disruptor().orElseThrow().rollOut("cart", HALF_FAILING);
            assertEquals(100.0, out.trafficSharePct());
            assertTrue(out.note().contains("cannot split L7 traffic by weight"), out.note());
            Map<String, String> files = GitRepos.files(bare, "meshbench/dis2");
            assertFalse(files.keySet().stream().anyMatch(f -> f.contains("virtualservice") || f.contains("destinationrule")));
            String v1 = files.entrySet().stream().filter(e -> e.getKey().endsWith("-deployment-cart.yaml")).map(Map.Entry::getValue)
                    .findFirst().orElseThrow();
            assertTrue(v1.contains("replicas: 0"), "v1 scaled to 0 in Git: " + v1);
            assertEquals(0, cluster.client.apps().deployments().inNamespace(d.namespace()).withName("cart").get().getSpec().getReplicas());

            d.disruptor().orElseThrow().rollBack("cart");
            String restored = GitRepos.files(bare, "meshbench/dis2").entrySet().stream()
                    .filter(e -> e.getKey().endsWith("-deployment-cart.yaml")).map(Map.Entry::getValue).findFirst().orElseThrow();
            assertFalse(restored.contains("replicas: 0"), restored);
            assertEquals(1, cluster.client.apps().deployments().inNamespace(d.namespace()).withName("cart").get().getSpec().getReplicas());
        }
        assertEquals(List.of(), cluster.objectsOfRun("dis2"));
    }

    @Test
    void directDeploysApplyAndDeleteTheBadVersionWithoutGit() throws Exception {
        try (KubernetesPlatform platform = platform("dis3", "direct", null);
             KubernetesDeployment d = (KubernetesDeployment) platform.deploy(TestTopologies.small(), MeshMode.WAYPOINT)) {
            FaultAction out = d.disruptor().orElseThrow().rollOut("db", HALF_FAILING);
            assertTrue(out.method().startsWith("direct create"), out.method());
            assertNotNull(cluster.client.resources(VirtualService.class).inNamespace(d.namespace()).withName("db").get(),
                    "waypoint mode splits by weight");
            d.disruptor().orElseThrow().rollBack("db");
            assertNull(cluster.client.resources(VirtualService.class).inNamespace(d.namespace()).withName("db").get());
            assertNull(cluster.client.apps().deployments().inNamespace(d.namespace()).withName("db-v2").get());
        }
        assertEquals(List.of(), cluster.objectsOfRun("dis3"));
    }

    @Test
    void aRestartedPodIsReplacedByAFreshPodAndTheActionReturnsOnceItIsReady() throws Exception {
        cluster.replaceDeletedPods = true;
        try (KubernetesPlatform platform = platform("dis4", "direct", null);
             KubernetesDeployment d = (KubernetesDeployment) platform.deploy(TestTopologies.small(), MeshMode.SIDECAR)) {
            List<String> before = podNames(d.namespace(), "frontend");
            FaultAction a = d.disruptor().orElseThrow().restartPod("frontend");
            assertEquals(List.of(d.namespace() + "/" + before.get(0)), a.removed(), "the first Ready pod by name was killed");
            assertEquals(1, a.added().size());
            String fresh = a.added().get(0).substring(d.namespace().length() + 1);
            assertFalse(before.contains(fresh), "a fresh pod, not the old one back");
            List<String> after = podNames(d.namespace(), "frontend");
            assertFalse(after.contains(before.get(0)), "the killed pod is gone: " + after);
            assertTrue(after.contains(fresh) && after.size() == 2, after.toString());
            Pod replacement = cluster.client.pods().inNamespace(d.namespace()).withName(fresh).get();
            assertTrue(KubernetesDisruptor.ready(replacement), "returned only once the replacement is Ready");
            assertFalse(a.ready().isBefore(a.started()));

            FaultAction sidecar = d.disruptor().orElseThrow().restartDataPlaneOf("cart");
            assertTrue(sidecar.note().contains("container of the pod"), sidecar.note());
            assertEquals(1, sidecar.added().size());
        }
    }

    @Test
    void anAmbientDataPlaneRestartReplacesTheZtunnelOfThePodsNodeAndRefusesOnASharedNode() throws Exception {
        cluster.replaceDeletedPods = true;
        try (KubernetesPlatform platform = platform("dis5", "direct", null);
             KubernetesDeployment d = (KubernetesDeployment) platform.deploy(TestTopologies.small(), MeshMode.AMBIENT)) {
            Pod cart = cluster.client.pods().inNamespace(d.namespace()).withLabel(Labels.APP, "cart").list().getItems().get(0);
            String node = cart.getSpec().getNodeName();
            FaultAction a = d.disruptor().orElseThrow().restartDataPlaneOf("cart");
            assertEquals(List.of("istio-system/ztunnel-" + node.substring("node-".length())), a.removed(),
                    "the ztunnel of cart's node " + node);
            assertTrue(a.added().get(0).startsWith("istio-system/ztunnel-" + node + "-r"), a.added().toString());
            Pod fresh = cluster.client.pods().inNamespace("istio-system").withName(a.added().get(0).substring("istio-system/".length())).get();
            assertEquals(node, fresh.getSpec().getNodeName(), "the DaemonSet's new ztunnel runs on the same node");
            assertTrue(a.note().contains("every ambient pod on node " + node), a.note());

            cluster.client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("shop")
                    .addToLabels(Labels.DATAPLANE_MODE, "ambient").endMetadata().build()).create();
            cluster.client.pods().inNamespace("shop").resource(new PodBuilder().withNewMetadata().withName("orders-0")
                    .withNamespace("shop").endMetadata().withNewSpec().withNodeName(node).endSpec().build()).create();
            PlatformException refused = assertThrows(PlatformException.class,
                    () -> d.disruptor().orElseThrow().restartDataPlaneOf("cart"));
            assertTrue(refused.getMessage().contains("ambient pods of other tenants run there (shop/orders-0)"),
                    refused.getMessage());
        }
    }

    @Test
    void baselineHasNoDataPlaneToRestart() throws Exception {
        try (KubernetesPlatform platform = platform("dis6", "direct", null);
             KubernetesDeployment d = (KubernetesDeployment) platform.deploy(TestTopologies.small(), MeshMode.BASELINE)) {
            FaultAction a = d.disruptor().orElseThrow().restartDataPlaneOf("cart");
            assertEquals(List.of(), a.removed());
            assertNull(a.ready());
            assertTrue(a.note().contains("baseline has no data plane"), a.note());
            assertEquals(2, podNames(d.namespace(), "frontend").size(), "nothing was touched");
        }
    }

    private List<String> podNames(String ns, String service) {
        return cluster.client.pods().inNamespace(ns).withLabel(Labels.APP, service).list().getItems().stream()
                .map(p -> p.getMetadata().getName()).sorted().collect(Collectors.toList());
    }

    @SuppressWarnings("unchecked")
    private String appRevision(String app) {
        var a = cluster.client.genericKubernetesResources(ResourceKinds.APPLICATION).inNamespace("argocd").withName(app).get();
        return ((Map<String, Object>) ((Map<String, Object>) a.getAdditionalProperties().get("status")).get("sync"))
                .get("revision").toString();
    }
}
