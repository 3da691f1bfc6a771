package io.meshbench.platform.local.mesh;

import io.meshbench.platform.local.LocalCluster;
import io.meshbench.platform.local.LocalPod;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The mesh as the control plane serves it to one proxy (the xDS stand-in), one record per line.
 * A sidecar's view holds, for every service of the mesh, an outbound listener, a route, a cluster
 * with its mTLS identity and its endpoints (Istio's default without a {@code Sidecar} resource);
 * a ztunnel's view holds every workload of the mesh; a waypoint's the services of its namespace.
 * Every view starts with the namespace and the nodes, and every view parses back into the same
 * {@link LocalCluster}, which the proxy resolves calls against.
 */
public final class MeshConfig {

    /** Which proxy a view is for. */
    public enum Kind { SIDECAR, ZTUNNEL, WAYPOINT }

    private MeshConfig() {
    }

    /** The view of {@code cluster} the control plane sends to a proxy of {@code kind}. */
    public static String view(LocalCluster cluster, Kind kind) {
        StringBuilder b = new StringBuilder();
        b.append("namespace ").append(cluster.namespace()).append('\n');
        for (int n = 0; n < cluster.nodeCount(); n++) {
            b.append("node ").append(n).append(' ').append(cluster.nodeIps().get(n).getHostAddress()).append('\n');
        }
        for (Map.Entry<String, List<LocalPod>> e : cluster.podsByService().entrySet()) {
            String service = e.getKey();
            String host = service + "." + cluster.namespace() + ".svc.cluster.local";
            String clusterName = "outbound|" + LocalPod.SERVICE_PORT + "||" + host;
            if (kind != Kind.ZTUNNEL) {
                if (kind == Kind.SIDECAR) {
                    b.append("listener 0.0.0.0_").append(LocalPod.SERVICE_PORT).append(' ').append(service).append('\n');
                }
                b.append("route ").append(host).append(':').append(LocalPod.SERVICE_PORT).append(' ').append(clusterName).append('\n');
                String san = e.getValue().isEmpty() ? "-" : e.getValue().get(0).spiffeId();
                b.append("cluster ").append(clusterName).append(" ISTIO_MUTUAL ").append(san).append('\n');
            }
            String record = kind == Kind.ZTUNNEL ? "workload " : "endpoint ";
            for (LocalPod p : e.getValue()) {
                b.append(record).append(p.name()).append(' ').append(p.service()).append(' ')
                        .append(p.ip().getHostAddress()).append(' ').append(p.node()).append(' ').append(p.spiffeId()).append('\n');
            }
        }
        return b.toString();
    }

    /** Parses a view back into the cluster; {@code source} names it in errors. */
    public static LocalCluster parse(String text, String source) {
        String namespace = null;
        List<InetAddress> nodes = new ArrayList<>();
        Map<String, List<LocalPod>> byService = new LinkedHashMap<>();
        int lineNo = 0;
        for (String line : text.split("\n")) {
            lineNo++;
            String[] w = line.trim().split(" ");
            try {
                switch (w[0]) {
                    case "namespace" -> namespace = w[1];
                    case "node" -> nodes.add(InetAddress.getByName(w[2]));
                    case "endpoint", "workload" -> byService.computeIfAbsent(w[2], s -> new ArrayList<>())
                            .add(new LocalPod(w[1], w[2], namespace, InetAddress.getByName(w[3]), Integer.parseInt(w[4])));
                    case "listener", "route", "cluster", "" -> {
                        // kept in the proxy's copy of its config; resolution needs only the endpoints
                    }
                    default -> throw new IllegalArgumentException("unknown record '" + w[0] + "'");
                }
            } catch (UnknownHostException | RuntimeException e) {
                throw new IllegalArgumentException(String.format(Locale.ROOT, "%s line %d ('%s'): %s", source, lineNo, line,
                        e.getMessage()), e);
            }
        }
        if (namespace == null || nodes.isEmpty()) {
            throw new IllegalArgumentException(source + ": no namespace or node record");
        }
        Map<String, List<LocalPod>> frozen = new LinkedHashMap<>();
        byService.forEach((s, pods) -> frozen.put(s, List.copyOf(pods)));
        return new LocalCluster(namespace, List.copyOf(nodes), java.util.Collections.unmodifiableMap(frozen));
    }
}
