package io.meshbench.platform.kubernetes;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The fake cluster's garbage collector collects by owner uid, whatever the order of events. */
@Timeout(60)
class FakeClusterTest {
    private static final String NS = "mb-gc-baseline";
    private final FakeCluster cluster = new FakeCluster();

    @AfterEach
    void stop() {
        cluster.close();
    }

    private Deployment deployment(String name, int replicas) {
        cluster.client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(NS)
                        .addToLabels(Labels.RUN_ID, "gc").endMetadata().build())
                .createOr(io.fabric8.kubernetes.client.dsl.NonDeletingOperation::update);
        Deployment d = cluster.client.apps().deployments().inNamespace(NS).resource(new DeploymentBuilder()
                .withNewMetadata().withName(name).withNamespace(NS).endMetadata()
                .withNewSpec().withReplicas(replicas).withNewSelector().addToMatchLabels("app", name).endSelector()
                .withNewTemplate().withNewMetadata().addToLabels("app", name).endMetadata()
                .withNewSpec().addNewContainer().withName("workload").withImage("w").endContainer().endSpec()
                .endTemplate().endSpec().build()).create();
        cluster.client.apps().deployments().inNamespace(NS).withName(name)
                .waitUntilCondition(DirectDeployer::available, 30, TimeUnit.SECONDS);
        return d;
    }

    private List<Pod> ownedBy(String uid) {
        return cluster.client.pods().inNamespace(NS).list().getItems().stream()
                .filter(p -> p.getMetadata().getOwnerReferences().stream().anyMatch(o -> uid.equals(o.getUid()))).toList();
    }

    @Test
    void aDeletedDeploymentsPodsGo() throws Exception {
        Deployment d = deployment("cart", 2);
        assertEquals(2, ownedBy(d.getMetadata().getUid()).size());
        cluster.client.apps().deployments().inNamespace(NS).withName("cart").delete();
        assertTrue(cluster.client.pods().inNamespace(NS).informOnCondition(List::isEmpty).get(30, TimeUnit.SECONDS).isEmpty());
        assertEquals(List.of(), cluster.errors);
    }

    /**
     * A pod its controller created after the owner was deleted (the controller was still busy) is
     * collected when it appears — the case that left a pod behind for teardown to wait on.
     */
    @Test
    void aPodCreatedForAnOwnerAlreadyGoneIsCollected() throws Exception {
        Deployment d = deployment("db", 1);
        OwnerReference owner = cluster.client.pods().inNamespace(NS).list().getItems().get(0).getMetadata().getOwnerReferences().get(0);
        cluster.client.apps().deployments().inNamespace(NS).withName("db").delete();
        cluster.client.pods().inNamespace(NS).informOnCondition(List::isEmpty).get(30, TimeUnit.SECONDS);

        cluster.client.pods().inNamespace(NS).resource(new PodBuilder().withNewMetadata().withName("db-late").withNamespace(NS)
                .addToLabels("app", "db").withOwnerReferences(owner).endMetadata().build()).create();
        assertTrue(cluster.client.pods().inNamespace(NS).informOnCondition(List::isEmpty).get(30, TimeUnit.SECONDS).isEmpty());
        assertEquals(d.getMetadata().getUid(), owner.getUid());
    }

    /** A Deployment deleted and created again under the same name keeps its new pods. */
    @Test
    void theOldDeploymentsCollectionSparesThePodsOfItsSuccessor() throws Exception {
        Deployment first = deployment("catalog", 2);
        cluster.client.apps().deployments().inNamespace(NS).withName("catalog").delete();
        Deployment second = deployment("catalog", 2);
        cluster.client.pods().inNamespace(NS).informOnCondition(pods -> pods.stream()
                .noneMatch(p -> p.getMetadata().getOwnerReferences().get(0).getUid().equals(first.getMetadata().getUid())))
                .get(30, TimeUnit.SECONDS);
        assertEquals(2, ownedBy(second.getMetadata().getUid()).size(), cluster.client.pods().inNamespace(NS).list().getItems().toString());
        assertEquals(List.of(), cluster.errors);
    }
}
