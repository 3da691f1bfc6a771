package io.meshbench.platform.local.mesh;

import io.meshbench.metrics.process.ProcessFootprint;
import io.meshbench.platform.local.LocalCluster;
import io.meshbench.platform.local.LocalPod;
import io.meshbench.platform.local.process.ParentLink;

import java.net.InetSocketAddress;
import java.util.Locale;
import java.util.function.DoubleSupplier;
import java.util.function.Function;

/**
 * One proxy as its own process, as each mode deploys it: {@code sidecar <controlPlaneUrl> <pod>
 * [<service> <ip> <node>]} (the pod's spec given when it joined after the config was made, a
 * canary's v2 pod),
 * {@code ztunnel <controlPlaneUrl> <node> [waypoint]} or {@code waypoint <controlPlaneUrl>}. At
 * start it fetches its own copy of the mesh's config and its certificate from the control plane,
 * binds its listeners and prints {@code READY}. Commands on stdin: {@code ingress [pod]} opens the
 * plaintext port in front of an entry pod, {@code enrol <pod>} (ztunnel) enrols a pod of its node
 * (its certificate fetched then), {@code config-bytes} says how big its copy of the config is,
 * {@code route <service> <weight> <pod> <ip> <node>...} and {@code unroute <service>} set or drop a
 * service's weighted route to v2 pods ({@link ServiceRegistry#apply}), {@code warm-up <scratch ip>
 * <requests>} (sidecar) and {@code warm-up <pod> <scratch node ip> <scratch pod ip> <requests>}
 * (ztunnel) run {@link ProxyWarmUp} and answer what it did.
 */
public final class ProxyMain {

    private ProxyMain() {
    }

    public static void main(String[] args) {
        ParentLink.watchParent();
        try {
            if (args.length < 2) throw new IllegalArgumentException("usage: sidecar|ztunnel|waypoint <controlPlaneUrl> [pod|node]");
            MeshConfig.Kind kind = MeshConfig.Kind.valueOf(args[0].toUpperCase(Locale.ROOT));
            ControlPlaneClient controlPlane = new ControlPlaneClient(args[1]);
            String config = controlPlane.config(kind);   // this process's own copy, kept for its lifetime
            LocalCluster cluster = MeshConfig.parse(config, "config from " + args[1]);
            ServiceRegistry registry = new ServiceRegistry(cluster);
            DoubleSupplier ownMemory = () -> ProcessFootprint.sample(ProcessHandle.current().pid())
                    .map(f -> (double) f.chargedBytes()).orElse(Double.NaN);
            Function<String, String> commands = switch (kind) {
                case SIDECAR -> sidecar(sidecarPod(args, registry), controlPlane, registry, ownMemory);
                case ZTUNNEL -> ztunnel(Integer.parseInt(arg(args, 2, "node")), args.length > 3, controlPlane, registry);
                case WAYPOINT -> waypoint(controlPlane, registry, ownMemory);
            };
            ParentLink.serve(kind.name().toLowerCase(Locale.ROOT), command -> command.equals("config-bytes")
                    ? Integer.toString(config.length())
                    : command.startsWith("route ") || command.startsWith("unroute ") ? registry.apply(command)
                    : commands.apply(command));
        } catch (Exception | Error e) {
            ParentLink.fail(1, "proxy " + String.join(" ", args) + ": could not start: " + e, e);
        }
    }

    /** The pod named in the config, or the one spelled out after its name. */
    private static LocalPod sidecarPod(String[] args, ServiceRegistry registry) throws java.net.UnknownHostException {
        String podName = arg(args, 2, "pod");
        if (args.length >= 6) {
            return new LocalPod(podName, args[3], registry.cluster().namespace(), java.net.InetAddress.getByName(args[4]),
                    Integer.parseInt(args[5]));
        }
        LocalPod pod = registry.podByName(podName);
        if (pod == null) throw new IllegalArgumentException("pod " + podName + " is not in the mesh's config");
        return pod;
    }

    private static Function<String, String> sidecar(LocalPod pod, ControlPlaneClient controlPlane, ServiceRegistry registry,
                                                    DoubleSupplier memory) throws InterruptedException {
        PlaneRuntime runtime = new PlaneRuntime("sidecar", 2);
        MeshTls tls = new MeshTls(controlPlane.issue(pod.spiffeId()));
        tls.warmUp();   // this JVM's first handshake, paid before READY rather than by the first request
        io.netty.channel.EventLoopGroup loops = runtime.newLoops("proxy", 2).group();
        Sidecar sidecar = new Sidecar(pod, tls, registry, runtime, loops, memory);
        sidecar.start();
        return command -> {
            String[] w = command.split(" ");
            try {
                if (command.equals("ingress")) return port(sidecar.openIngress());
                if (w[0].equals("warm-up") && w.length == 3) {
                    return ProxyWarmUp.sidecar(pod, java.net.InetAddress.getByName(w[1]), Integer.parseInt(w[2]), tls, runtime,
                            loops, memory).reply();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted");
            } catch (java.io.IOException e) {
                throw new IllegalStateException("warm-up failed: " + e, e);
            }
            throw new IllegalArgumentException("unknown command " + command + " (expected 'ingress' or 'warm-up <scratch ip> <requests>')");
        };
    }

    private static Function<String, String> ztunnel(int node, boolean withWaypoint, ControlPlaneClient controlPlane,
                                                    ServiceRegistry registry) throws InterruptedException {
        LocalCluster cluster = registry.cluster();
        Ztunnel.WaypointAddress waypoint = withWaypoint ? new Ztunnel.WaypointAddress(
                new InetSocketAddress(cluster.nodeIps().get(0), Waypoint.HBONE_PORT), Waypoint.spiffeId(cluster.namespace())) : null;
        Ztunnel ztunnel = new Ztunnel(node, cluster.nodeIps(), controlPlane, registry, new PlaneRuntime("ztunnel", 1), waypoint);
        ztunnel.start();
        return command -> {
            String[] w = command.split(" ");
            LocalPod pod = w.length >= 2 ? registry.podByName(w[1]) : null;
            if (w[0].equals("warm-up") && w.length == 5 && pod != null) {
                try {
                    return ProxyWarmUp.ztunnel(pod, java.net.InetAddress.getByName(w[2]),
                            java.net.InetAddress.getByName(w[3]), Integer.parseInt(w[4]), controlPlane, ztunnel.runtime()).reply();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted");
                } catch (java.io.IOException e) {
                    throw new IllegalStateException("warm-up failed: " + e, e);
                }
            }
            if (pod == null || w.length != 2) throw new IllegalArgumentException("expected 'enrol <pod>' or 'ingress <pod>' of the mesh, got " + command);
            if (pod.node() != node) throw new IllegalArgumentException("pod " + pod.name() + " is on node " + pod.node() + ", not " + node);
            switch (w[0]) {
                case "enrol" -> {
                    try {
                        return port(ztunnel.enrol(pod).appBind());
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new IllegalStateException("interrupted");
                    }
                }
                case "ingress" -> {
                    return port(ztunnel.openIngress(pod));
                }
                case "unenrol" -> {
                    ztunnel.unenrol(pod);
                    return "unenrolled";
                }
                default -> throw new IllegalArgumentException("unknown command " + command);
            }
        };
    }

    private static Function<String, String> waypoint(ControlPlaneClient controlPlane, ServiceRegistry registry,
                                                     DoubleSupplier memory) throws InterruptedException {
        LocalCluster cluster = registry.cluster();
        Waypoint waypoint = new Waypoint(cluster.namespace(), cluster.nodeIps(), controlPlane, registry,
                new PlaneRuntime("waypoint", 1), memory);
        waypoint.start();
        return command -> {
            throw new IllegalArgumentException("unknown command " + command);
        };
    }

    private static String arg(String[] args, int i, String what) {
        if (args.length <= i) throw new IllegalArgumentException("missing argument: " + what);
        return args[i];
    }

    private static String port(InetSocketAddress at) {
        return at.getAddress().getHostAddress() + ":" + at.getPort();
    }
}
