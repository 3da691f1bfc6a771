package io.meshbench.platform.kubernetes;

import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The mock API server's watches resume from a resourceVersion as a real API server's do. */
@Timeout(60)
class MockClusterTest {
    private static final String NS = "watched";
    private final KubernetesMockServer server = MockCluster.newServer();
    private final KubernetesClient client;

    MockClusterTest() {
        server.init();
        client = server.createClient();
    }

    @AfterEach
    void stop() {
        client.close();
        server.destroy();
    }

    private void pod(String name) {
        client.pods().inNamespace(NS).resource(new PodBuilder().withNewMetadata().withName(name).withNamespace(NS)
                .addToLabels("app", "w").endMetadata().build()).create();
    }

    /**
     * What an informer does: list, then watch from the list's version. A pod deleted in between
     * must reach the watch as DELETED (the stock mock never told, and the informer kept the pod
     * for good); one deleted and created again must not.
     */
    @Test
    void aWatchFromAListsVersionHearsOfTheDeletionsSinceThatList() throws Exception {
        pod("gone");
        pod("back");
        pod("other");
        String version = client.pods().inNamespace(NS).withLabel("app", "w").list().getMetadata().getResourceVersion();
        client.pods().inNamespace(NS).withName("gone").delete();
        client.pods().inNamespace(NS).withName("back").delete();
        pod("back");

        BlockingQueue<String> events = new LinkedBlockingQueue<>();
        try (Watch ignored = client.pods().inNamespace(NS).withLabel("app", "w")
                .watch(new ListOptionsBuilder().withResourceVersion(version).build(), new Watcher<Pod>() {
                    @Override
                    public void eventReceived(Action action, Pod pod) {
                        events.add(action + " " + pod.getMetadata().getName());
                    }

                    @Override
                    public void onClose(WatcherException cause) {
                    }
                })) {
            List<String> seen = new ArrayList<>();
            String first = events.poll(30, TimeUnit.SECONDS);
            assertNotNull(first, "the watch told nothing");
            seen.add(first);
            while (!seen.contains("DELETED gone")) {
                String next = events.poll(30, TimeUnit.SECONDS);
                assertNotNull(next, "no DELETED for the pod deleted after the list: " + seen);
                seen.add(next);
            }
            // a pod created now is told after everything the watch replayed on opening
            pod("marker");
            while (!seen.contains("ADDED marker")) {
                String next = events.poll(30, TimeUnit.SECONDS);
                assertNotNull(next, "no ADDED for a pod created while watching: " + seen);
                seen.add(next);
            }
            assertTrue(seen.contains("ADDED back"), seen.toString());
            assertFalse(seen.contains("DELETED back"), "a pod created again is not reported deleted: " + seen);
            assertFalse(seen.contains("DELETED other"), seen.toString());
        }
    }

    @Test
    void anInformerWaitingForPodsToGoSeesThemGoWhateverTheTiming() throws Exception {
        for (int i = 0; i < 20; i++) pod("p" + i);
        var gone = client.pods().inNamespace(NS).withLabel("app", "w").informOnCondition(List::isEmpty);
        // deletes race the informer's list and watch, as the garbage collector's do in teardown
        for (int i = 0; i < 20; i++) client.pods().inNamespace(NS).withName("p" + i).delete();
        assertTrue(gone.get(30, TimeUnit.SECONDS).isEmpty());
    }
}
