package io.meshbench.platform.local.mesh;

import io.meshbench.platform.local.LocalCluster;
import io.meshbench.platform.local.LocalPod;

import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The endpoints the proxies resolve against (what istiod pushes to them): pods per service,
 * picked round robin, and pods by IP. A service may carry a weighted route (a VirtualService
 * splitting it between subsets v1 and v2, as a bad rollout's canary does): then {@code weight} of
 * its requests go to its v2 pods and the rest to its own (v1) pods.
 */
public final class ServiceRegistry {

    private final LocalCluster cluster;
    private final Map<String, LocalPod> byIp = new ConcurrentHashMap<>();
    private final Map<String, LocalPod> byName = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> cursors = new ConcurrentHashMap<>();
    private final Map<String, Split> splits = new ConcurrentHashMap<>();

    /**
     * A weighted route: {@code weight} (0–1) of the service's requests to {@code v2}. Request n
     * goes to v2 when floor((n+1)·weight) exceeds floor(n·weight) — an even interleaving whose
     * share after n requests is within 1/n of the weight (Envoy draws at random; the same share,
     * without the noise, so a run repeats).
     */
    private record Split(List<LocalPod> v2, double weight, AtomicLong requests, AtomicInteger cursor) {
        boolean nextToV2() {
            long n = requests.getAndIncrement();
            return Math.floor((n + 1) * weight) > Math.floor(n * weight);
        }
    }

    public ServiceRegistry(LocalCluster cluster) {
        this.cluster = cluster;
        cluster.podsByService().values().forEach(pods -> pods.forEach(p -> {
            byIp.put(p.ip().getHostAddress(), p);
            byName.put(p.name(), p);
        }));
    }

    public LocalCluster cluster() {
        return cluster;
    }

    /** The next pod of {@code service} in round-robin order, or null for an unknown service. */
    public LocalPod pick(String service) {
        List<LocalPod> pods = cluster.podsByService().get(service);
        if (pods == null || pods.isEmpty()) return null;
        Split split = splits.get(service);
        if (split != null && split.weight() > 0 && split.nextToV2()) {
            return split.v2().get(Math.floorMod(split.cursor().getAndIncrement(), split.v2().size()));
        }
        int i = Math.floorMod(cursors.computeIfAbsent(service, s -> new AtomicInteger()).getAndIncrement(), pods.size());
        return pods.get(i);
    }

    /**
     * Sets the service's v2 pods and the share of its requests routed to them (0–1). Weight 0
     * makes the pods known (a ztunnel can enrol them, their sidecar find itself) before any
     * request goes there, as endpoints are pushed before a route names them.
     */
    public void route(String service, List<LocalPod> v2, double weight) {
        if (!cluster.podsByService().containsKey(service)) throw new IllegalArgumentException("unknown service " + service);
        if (v2.isEmpty() || !(weight >= 0 && weight <= 1)) {
            throw new IllegalArgumentException("a weighted route needs v2 pods and a weight in [0, 1], got " + v2 + " at " + weight);
        }
        v2.forEach(p -> {
            byIp.put(p.ip().getHostAddress(), p);
            byName.put(p.name(), p);
        });
        splits.put(service, new Split(List.copyOf(v2), weight, new AtomicLong(), new AtomicInteger()));
    }

    /** Drops the service's weighted route and forgets its v2 pods (the rollback). */
    public void unroute(String service) {
        Split split = splits.remove(service);
        if (split == null) return;
        split.v2().forEach(p -> {
            byIp.remove(p.ip().getHostAddress(), p);
            byName.remove(p.name(), p);
        });
    }

    /** The route command a proxy process reads: {@code route <service> <weight> <pod> <ip> <node> ...}. */
    public static String routeCommand(String service, List<LocalPod> v2, double weight) {
        StringBuilder b = new StringBuilder("route ").append(service).append(' ').append(weight);
        for (LocalPod p : v2) b.append(' ').append(p.name()).append(' ').append(p.ip().getHostAddress()).append(' ').append(p.node());
        return b.toString();
    }

    /** Applies a {@link #routeCommand} ({@code unroute <service>} drops it); returns what it did. */
    public String apply(String command) {
        String[] w = command.trim().split(" ");
        if (w.length == 2 && w[0].equals("unroute")) {
            unroute(w[1]);
            return "unrouted " + w[1];
        }
        if (w.length < 6 || (w.length - 3) % 3 != 0 || !w[0].equals("route")) {
            throw new IllegalArgumentException("expected 'route <service> <weight> (<pod> <ip> <node>)...' or 'unroute <service>', got " + command);
        }
        List<LocalPod> v2 = new java.util.ArrayList<>();
        try {
            for (int i = 3; i < w.length; i += 3) {
                v2.add(new LocalPod(w[i], w[1], cluster.namespace(), InetAddress.getByName(w[i + 1]), Integer.parseInt(w[i + 2])));
            }
        } catch (java.net.UnknownHostException | NumberFormatException e) {
            throw new IllegalArgumentException("bad route command '" + command + "': " + e.getMessage(), e);
        }
        route(w[1], v2, Double.parseDouble(w[2]));
        return "routed " + w[1];
    }

    public LocalPod podByIp(InetAddress ip) {
        return byIp.get(ip.getHostAddress());
    }

    public LocalPod podByIp(String ip) {
        return byIp.get(ip);
    }

    /** A pod by name: proxy processes are told which pod they serve by name. */
    public LocalPod podByName(String name) {
        return byName.get(name);
    }

    public int podCount() {
        return byIp.size();
    }

    /** "checkout:8080" or "checkout" → "checkout". */
    public static String serviceOfHost(String host) {
        if (host == null) return null;
        int colon = host.indexOf(':');
        String name = colon >= 0 ? host.substring(0, colon) : host;
        int dot = name.indexOf('.');
        return dot >= 0 ? name.substring(0, dot) : name;
    }
}
