package io.meshbench.workload;

import java.net.InetSocketAddress;

/**
 * Where a workload's connection for a call actually goes, as the pod's network steers it.
 *
 * @param connectTo the address the connection is opened to (the callee pod, the pod's sidecar,
 *                  or the node's ztunnel)
 * @param preamble  bytes written once on each new connection before any HTTP, or null. It stands in
 *                  for what iptables capture gives a real proxy (the original destination), so an
 *                  L4 proxy can route without parsing HTTP.
 * @param poolKey   connections are pooled per key; routes with the same key may share connections
 */
public record Route(InetSocketAddress connectTo, byte[] preamble, String poolKey) {
}
