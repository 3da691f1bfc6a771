package io.meshbench.platform.local;

import io.meshbench.platform.local.process.ParentLink;
import io.meshbench.topology.Service;
import io.meshbench.workload.WorkloadConfig;
import io.meshbench.workload.WorkloadEventLoops;
import io.meshbench.workload.WorkloadServer;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The workloads of one virtual node of the local target, as a process of their own (a kubelet's
 * containers, minus the isolation): {@code WorkloadHostMain <node>}. The harness JVM then holds only
 * the load generator and the harness. Its pods share one event-loop group of one thread per core,
 * as they did in the harness. Commands on stdin, one per line ({@link ParentLink}):
 * {@code start ...} (a {@link HostedPod} line) starts a pod's workload and answers
 * {@code <instance> <ip:port>} once it listens — the harness then probes its readiness itself, as
 * before; {@code stop <pod>} closes it. stdin's end or the parent's death stops the host.
 */
public final class WorkloadHostMain {

    private WorkloadHostMain() {
    }

    public static void main(String[] args) {
        ParentLink.watchParent();
        try {
            if (args.length != 1) throw new IllegalArgumentException("usage: WorkloadHostMain <node>");
            WorkloadEventLoops loops = WorkloadEventLoops.perCore("workload-host");
            warmUp(loops);
            Map<String, WorkloadServer> pods = new ConcurrentHashMap<>();
            AtomicLong instances = new AtomicLong();
            ParentLink.serve("workload-host " + args[0], command -> {
                if (command.startsWith(HostedPod.START + " ")) return start(HostedPod.parse(command), loops, pods, instances);
                String[] w = command.split(" ");
                if (w.length == 2 && w[0].equals("stop")) {
                    WorkloadServer server = pods.remove(w[1]);
                    if (server == null) throw new IllegalArgumentException("no pod " + w[1] + " runs here");
                    server.close();
                    return "stopped";
                }
                throw new IllegalArgumentException("unknown command " + command);
            });
        } catch (Exception | Error e) {
            ParentLink.fail(1, "workload host " + String.join(" ", args) + ": could not start: " + e, e);
        }
    }

    private static String start(HostedPod p, WorkloadEventLoops loops, Map<String, WorkloadServer> pods, AtomicLong instances) {
        if (pods.containsKey(p.pod())) throw new IllegalArgumentException("pod " + p.pod() + " already runs here; stop it first");
        WorkloadServer server;
        try {
            server = WorkloadServer.start(new WorkloadConfig(p.service(), p.pod(), p.bind(), p.routes().newRouter(),
                    loops.group(), p.seed()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while binding " + p.bind());
        } catch (Exception e) {   // Netty rethrows a failed bind's checked exception as is
            throw new IllegalStateException("could not listen on " + p.bind() + ": " + e, e);
        }
        pods.put(p.pod(), server);
        InetSocketAddress at = server.address();
        return "#" + instances.incrementAndGet() + " " + at.getAddress().getHostAddress() + ":" + at.getPort();
    }

    /**
     * Starts, probes and stops a throwaway workload before READY, so that the first pod's startup
     * does not carry the host's class loading (the harness did the same for its own workloads).
     */
    private static void warmUp(WorkloadEventLoops loops) throws Exception {
        Service leaf = new Service("warmup", 1, false, 0, 0, List.of());
        try (WorkloadServer server = WorkloadServer.start(new WorkloadConfig(leaf, "warmup-0",
                new InetSocketAddress("127.0.0.1", 0), callee -> {
                    throw new IllegalStateException("warm-up workload calls nothing");
                }, loops.group(), 0))) {
            ReadinessProbe.await(server.address());
        }
    }
}
