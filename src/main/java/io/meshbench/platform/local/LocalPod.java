package io.meshbench.platform.local;

import java.net.InetAddress;

/**
 * One replica of a service on the local target.
 *
 * @param name      "checkout-0"
 * @param service   the service it is a replica of
 * @param namespace the mode's namespace, part of its SPIFFE identity
 * @param ip        its own loopback address (127.x.y.z), like a pod IP
 * @param node      the virtual node it was scheduled to (0-based)
 */
public record LocalPod(String name, String service, String namespace, InetAddress ip, int node) {

    /** The port a service's pods are reached on, as a Kubernetes Service's targetPort. */
    public static final int SERVICE_PORT = 8080;

    public String spiffeId() {
        return "spiffe://cluster.local/ns/" + namespace + "/sa/" + service;
    }
}
