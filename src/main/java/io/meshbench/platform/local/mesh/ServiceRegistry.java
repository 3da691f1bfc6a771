package io.meshbench.platform.local.mesh;

import io.meshbench.platform.local.LocalCluster;
import io.meshbench.platform.local.LocalPod;

import java.net.InetAddress;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The endpoints the proxies resolve against (what istiod pushes to them): pods per service,
 * picked round robin, and pods by IP.
 */
public final class ServiceRegistry {

    private final LocalCluster cluster;
    private final Map<String, LocalPod> byIp = new HashMap<>();
    private final Map<String, LocalPod> byName = new HashMap<>();
    private final Map<String, AtomicInteger> cursors = new ConcurrentHashMap<>();

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
        int i = Math.floorMod(cursors.computeIfAbsent(service, s -> new AtomicInteger()).getAndIncrement(), pods.size());
        return pods.get(i);
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
