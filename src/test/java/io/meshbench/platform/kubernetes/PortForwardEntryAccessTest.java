package io.meshbench.platform.kubernetes;

import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.meshbench.core.MeshMode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(120)
class PortForwardEntryAccessTest {

    @Test
    void opensALoopbackPortForTheEntryServiceAndClosesIt() throws Exception {
        try (FakeCluster cluster = new FakeCluster()) {
            String ns = "mb-pf-" + MeshMode.BASELINE.id();
            cluster.client.services().inNamespace(ns).resource(new ServiceBuilder().withNewMetadata().withName("frontend-entry")
                    .withNamespace(ns).endMetadata().withNewSpec().addToSelector(Labels.APP, "frontend")
                    .addNewPort().withPort(8080).withTargetPort(new io.fabric8.kubernetes.api.model.IntOrString(8080)).endPort().endSpec().build()).create();
            cluster.client.pods().inNamespace(ns).resource(new PodBuilder().withNewMetadata().withName("frontend-0")
                    .withNamespace(ns).addToLabels(Labels.APP, "frontend").endMetadata()
                    .withNewStatus().withPhase("Running").endStatus().build()).create();
            URI url;
            try (PortForwardEntryAccess access = new PortForwardEntryAccess(cluster.client)) {
                url = access.open(ns, "frontend-entry", 8080);
                assertEquals("127.0.0.1", url.getHost());
                assertTrue(url.getPort() > 0);
                try (Socket s = new Socket()) {
                    s.connect(new InetSocketAddress("127.0.0.1", url.getPort()), 2000); // the local end listens
                }
            }
            boolean refused = false;
            // fabric8 closes the listening channel on its own executor: allow it a moment (bounded)
            for (int attempt = 0; attempt < 20 && !refused; attempt++) {
                try (Socket s = new Socket()) {
                    s.connect(new InetSocketAddress("127.0.0.1", url.getPort()), 500);
                    Thread.sleep(100);
                } catch (java.io.IOException e) {
                    refused = true;
                }
            }
            assertTrue(refused, "closing the access closes the local port");
        }
    }
}
