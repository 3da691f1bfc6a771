/**
 * The embedded mesh data planes of the local target: an emulation of Istio's architectures, not
 * Istio. What is reproduced, and what stands in for what:
 * <ul>
 *   <li><b>Identity</b>: a per-run CA ({@link io.meshbench.platform.local.mesh.MeshCa}, EC P-256)
 *   issues each workload a 1 h certificate with URI SAN {@code spiffe://cluster.local/ns/NS/sa/SERVICE};
 *   proxies speak TLS 1.3 with mutual authentication; servers accept any identity of this run's
 *   CA, clients only the expected destination ({@link io.meshbench.platform.local.mesh.SpiffeTrustManager}).
 *   STRICT everywhere: a meshed pod's service port (podIP:8080) is owned by its proxy and speaks
 *   mTLS only; the app listens on podIP:18080, which only its own proxy uses.</li>
 *   <li><b>sidecar</b> ({@link io.meshbench.platform.local.mesh.SidecarDataPlane}): one L7 proxy per pod.
 *   The workload calls podIP:15001 (where iptables would redirect it) with Host = callee; the
 *   sidecar balances per request and forwards over pooled mTLS connections to the callee's
 *   sidecar. Admin: podIP:15090/stats/prometheus.</li>
 *   <li><b>ambient</b> ({@link io.meshbench.platform.local.mesh.AmbientDataPlane}): one L4 ztunnel per
 *   node. There is no iptables here, so a captured connection starts with one line,
 *   {@code MBDST <service>:8080 <source pod>\n}, standing in for the original-destination address
 *   and source pod IP the real ztunnel learns from the kernel; after it, the bytes are carried
 *   untouched. Tunnels are HBONE: HTTP/2 CONNECT streams (authority podIP:8080) inside mTLS to the
 *   destination pod's captured port, where its node's ztunnel answers with the pod's certificate
 *   (Istio's in-pod :15008). As in Istio, the source ztunnel presents the source workload's
 *   certificate, so tunnels are pooled per (source identity, destination pod), many streams each;
 *   the destination reports the principal the mTLS proved. Same-node traffic also crosses HBONE.
 *   Metrics at nodeIp:15020/stats/prometheus under ztunnel's names.</li>
 *   <li><b>Metric shapes</b> ({@link io.meshbench.platform.local.mesh.IstioLabels}): ztunnel's
 *   {@code istio_tcp_*} and Envoy's {@code istio_requests_total} / {@code istio_request_duration_milliseconds}
 *   carry Istio's full documented label sets (23 and 25 labels) with Istio's values: FQDN
 *   {@code destination_service}, canonical service and revision, workload namespaces, principals,
 *   {@code connection_security_policy} {@code mutual_tls|unknown} for ztunnel and {@code unknown} on
 *   Envoy's source side.</li>
 *   <li><b>waypoint</b>: ambient plus one L7 waypoint per namespace on node 0's address (HBONE :15009,
 *   metrics :15021): ztunnel → waypoint → destination node's ztunnel → app.</li>
 *   <li><b>Cost</b>: each plane (each ztunnel, each waypoint) has its own event-loop threads and
 *   pooled buffer allocator (epoll when Netty's native transport loads); CPU is those threads' CPU
 *   time, memory the heap retained by starting them (used heap after full GC, before vs after, on
 *   probe instances started before the pods, since pods start in parallel), plus their open mTLS
 *   connection ends times a per-end heap measured by a connection probe at start, plus their
 *   buffer pools. The exact method is written into {@link io.meshbench.metrics.ResourceUsage#method()}.
 *   Entry pods get a plaintext port 15080 through their sidecar / node ztunnel for the load
 *   generator, which is outside the mesh (it stands in for an ingress gateway's hop).</li>
 * </ul>
 * The proxies also export {@code meshbench_tls_handshake_seconds{role,result}}, a histogram of
 * their own TLS handshakes, which real Envoy and ztunnel do not have, and serve every client-side
 * handshake exactly (an HdrHistogram in µs, see {@link io.meshbench.metrics.scrape.HandshakeTimes})
 * at {@code /meshbench/handshakes} on the same admin port; the scraper uses the latter for
 * {@code tls_handshake_us}.
 */
package io.meshbench.platform.local.mesh;
