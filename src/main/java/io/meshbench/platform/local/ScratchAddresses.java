package io.meshbench.platform.local;

import java.net.InetAddress;

/**
 * Loopback addresses no pod or node of the run uses, for a proxy process's warm-up twin
 * ({@link LocalDataPlane#warmUp}): one for a twin pod, one for a twin node (a ztunnel's).
 */
public record ScratchAddresses(InetAddress pod, InetAddress node) {
}
