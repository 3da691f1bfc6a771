package io.meshbench.platform.local;

import io.meshbench.platform.local.mesh.Ztunnel;
import io.meshbench.workload.OutboundRouter;
import io.meshbench.workload.Route;

import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * How one pod's outbound calls are steered, as data: straight to the callee's pods (baseline),
 * into the pod's sidecar, or into its node's ztunnel. Data, not a function, so that it can be
 * written on one line and rebuilt in a workload-host process ({@link #token()}, {@link #parse}).
 */
public sealed interface OutboundRoutes {

    /** A fresh router (a pod's own round-robin state, where there is one). */
    OutboundRouter newRouter();

    /** One token without spaces; {@link #parse} reads it back. */
    String token();

    /** The routes of a token written by {@link #token()}. */
    static OutboundRoutes parse(String token) {
        String[] w = token.split(";", -1);
        try {
            return switch (w[0]) {
                case "direct" -> Direct.parse(w);
                case "sidecar" -> new ViaSidecar(IpPort.parse(w[1]), w[2]);
                case "ztunnel" -> new ViaZtunnel(IpPort.parse(w[1]), w[2]);
                default -> throw new IllegalArgumentException("unknown kind '" + w[0] + "'");
            };
        } catch (RuntimeException | UnknownHostException e) {
            throw new IllegalArgumentException("bad outbound routes '" + token + "': " + e.getMessage(), e);
        }
    }

    /** A pod of a callee service and where it listens. */
    record Endpoint(String pod, InetSocketAddress at) {
    }

    /**
     * No mesh: each call goes to one of the callee's pods, round-robin per callee, as kube-proxy
     * spreads a client's connections over a Service's endpoints.
     */
    record Direct(Map<String, List<Endpoint>> byService) implements OutboundRoutes {
        public Direct {
            Map<String, List<Endpoint>> copy = new LinkedHashMap<>();
            byService.forEach((s, eps) -> copy.put(s, List.copyOf(eps)));
            byService = java.util.Collections.unmodifiableMap(copy);
        }

        /** Every pod of the cluster, on its service port. */
        static Direct of(LocalCluster cluster) {
            Map<String, List<Endpoint>> m = new LinkedHashMap<>();
            cluster.podsByService().forEach((s, pods) -> m.put(s, pods.stream()
                    .map(p -> new Endpoint(p.name(), new InetSocketAddress(p.ip(), LocalPod.SERVICE_PORT))).toList()));
            return new Direct(m);
        }

        /** Only the endpoints of {@code services} (what one pod calls): a shorter line to a host. */
        Direct only(Collection<String> services) {
            Map<String, List<Endpoint>> m = new LinkedHashMap<>();
            byService.forEach((s, eps) -> {
                if (services.contains(s)) m.put(s, eps);
            });
            return new Direct(m);
        }

        @Override
        public OutboundRouter newRouter() {
            Map<String, AtomicInteger> next = new ConcurrentHashMap<>();
            return callee -> {
                List<Endpoint> pods = byService.get(callee);
                if (pods == null || pods.isEmpty()) throw new IllegalArgumentException("no pods of service " + callee);
                Endpoint e = pods.get(Math.floorMod(next.computeIfAbsent(callee, k -> new AtomicInteger()).getAndIncrement(), pods.size()));
                return new Route(e.at(), null, e.pod());
            };
        }

        @Override
        public String token() {
            StringBuilder b = new StringBuilder("direct");
            byService.forEach((s, eps) -> {
                b.append(';').append(checked(s)).append('=');
                for (int i = 0; i < eps.size(); i++) {
                    if (i > 0) b.append(',');
                    b.append(checked(eps.get(i).pod())).append('@').append(OutboundRoutes.text(eps.get(i).at()));
                }
            });
            return b.toString();
        }

        static Direct parse(String[] w) throws UnknownHostException {
            Map<String, List<Endpoint>> m = new LinkedHashMap<>();
            for (int i = 1; i < w.length; i++) {
                int eq = w[i].indexOf('=');
                List<Endpoint> eps = new ArrayList<>();
                String list = w[i].substring(eq + 1);
                if (!list.isEmpty()) {
                    for (String e : list.split(",")) {
                        int at = e.indexOf('@');
                        eps.add(new Endpoint(e.substring(0, at), IpPort.parse(e.substring(at + 1))));
                    }
                }
                m.put(w[i].substring(0, eq), eps);
            }
            return new Direct(m);
        }
    }

    /** Sidecar: every call enters the pod's own proxy on its outbound port (iptables' redirect). */
    record ViaSidecar(InetSocketAddress outbound, String pod) implements OutboundRoutes {
        @Override
        public OutboundRouter newRouter() {
            String key = "sidecar:" + pod + "->";
            return callee -> new Route(outbound, null, key + callee);
        }

        @Override
        public String token() {
            return "sidecar;" + text(outbound) + ";" + checked(pod);
        }
    }

    /** Ambient: every call enters the node's ztunnel, with the preamble naming its original destination. */
    record ViaZtunnel(InetSocketAddress outbound, String pod) implements OutboundRoutes {
        @Override
        public OutboundRouter newRouter() {
            String key = "ambient:" + pod + "->";
            return callee -> new Route(outbound, Ztunnel.preamble(callee, pod), key + callee);
        }

        @Override
        public String token() {
            return "ztunnel;" + text(outbound) + ";" + checked(pod);
        }
    }

    private static String text(InetSocketAddress a) {
        return a.getAddress().getHostAddress() + ":" + a.getPort();
    }

    /** A name that cannot be written into a token (topology names are DNS labels, so never in practice). */
    private static String checked(String name) {
        if (name.isEmpty() || name.chars().anyMatch(c -> Character.isWhitespace(c) || ";=,@".indexOf(c) >= 0)) {
            throw new IllegalArgumentException("name '" + name + "' cannot be sent to a workload host (whitespace or ;=,@)");
        }
        return name;
    }
}
