package io.meshbench.bench;

import java.net.InetSocketAddress;

/**
 * Where the load generator sends its plaintext HTTP for one path, as a workload would: straight
 * to the backend, to the first proxy of a chain, or into an embedded data plane's capture.
 *
 * @param connectTo the address connections are opened to
 * @param preamble  bytes written once per connection before any HTTP (the embedded data plane's
 *                  stand-in for iptables' original destination), or null
 * @param host      the Host header of every request
 * @param bindIp    local address connections come from (a pod's IP), or null for any
 */
record BenchTarget(InetSocketAddress connectTo, byte[] preamble, String host, java.net.InetAddress bindIp) {
}
