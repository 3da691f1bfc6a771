/**
 * The local target: a whole topology in this JVM. Each pod gets its own loopback address
 * (127.&lt;10+mode&gt;.x.y, so all modes can be up at once), pods are assigned round-robin to virtual
 * nodes (127.&lt;20+mode&gt;.0.n), and the mode's {@link io.meshbench.platform.local.LocalDataPlane}
 * (from {@link io.meshbench.platform.local.LocalDataPlanes}) decides where each workload listens and
 * how its calls travel. Startup phases per pod: proxy-ready (meshed modes), listening, ready.
 * Entry URLs are the first pod of each entry service, or the data plane's
 * {@link io.meshbench.platform.local.LocalDataPlane#ingress ingress} for it.
 */
package io.meshbench.platform.local;
