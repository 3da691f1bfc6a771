package io.meshbench.platform.kubernetes;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.LocalPortForward;
import io.meshbench.platform.PlatformException;

import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/**
 * Reaches entry Services with fabric8's port-forward to an ephemeral port on 127.0.0.1: works on
 * kind and every managed cluster without a load balancer, and keeps the harness's traffic on
 * loopback. The tunnel runs through the API server and kubelet to one pod of the Service, so it
 * bounds the rate one entry can take (see docs/kubernetes.md); the traffic enters the pod directly
 * and does not cross the entry pod's own proxy inbound.
 */
public final class PortForwardEntryAccess implements EntryAccess {
    private final KubernetesClient client;
    private final List<LocalPortForward> open = new ArrayList<>();

    public PortForwardEntryAccess(KubernetesClient client) {
        this.client = client;
    }

    @Override
    public synchronized URI open(String namespace, String service, int port) throws PlatformException {
        try {
            LocalPortForward forward = client.services().inNamespace(namespace).withName(service)
                    .portForward(port, InetAddress.getLoopbackAddress(), 0);
            open.add(forward);
            return URI.create("http://127.0.0.1:" + forward.getLocalPort());
        } catch (KubernetesClientException | IllegalStateException e) {
            throw new PlatformException("could not port-forward to service " + namespace + "/" + service + ":" + port
                    + ": " + e.getMessage() + " — check that its pods are Running and you may create pods/portforward", e);
        }
    }

    @Override
    public synchronized void close() {
        for (LocalPortForward f : open) {
            try {
                f.close();
            } catch (IOException ignored) {
                // the tunnel is going away with the deployment either way
            }
        }
        open.clear();
    }
}
