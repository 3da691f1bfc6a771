package io.meshbench.platform.local;

import io.meshbench.platform.Deployment;
import io.meshbench.core.MeshMode;
import io.meshbench.platform.Platform;
import io.meshbench.platform.PlatformException;
import io.meshbench.topology.Service;
import io.meshbench.topology.Topology;
import io.meshbench.workload.WorkloadConfig;
import io.meshbench.workload.WorkloadServer;
import io.meshbench.workload.Transport;
import io.meshbench.workload.WorkloadEventLoops;

import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The embedded target: every pod of a topology is a workload in this JVM, listening on its own
 * loopback address, with the mode's data plane (none for baseline) between them. All workloads
 * share one event-loop group of one thread per core. A shutdown hook stops everything on Ctrl-C.
 */
public final class LocalPlatform implements Platform {
    private final LocalSettings settings;
    private final List<LocalDeployment> deployments = new CopyOnWriteArrayList<>();
    private final HttpClient http = HttpClient.newBuilder().proxy(HttpClient.Builder.NO_PROXY)
            .version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
    private final Thread shutdownHook = new Thread(this::close, "meshbench-local-shutdown");
    private WorkloadEventLoops loops;
    private boolean closed;

    public LocalPlatform(LocalSettings settings) {
        this.settings = settings;
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /**
     * For an owner that stops the platform from its own shutdown hook, after it has collected what
     * the pods still hold: hooks run concurrently, so this platform's own would race it.
     */
    @Override
    public void leaveShutdownToOwner() {
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException shuttingDown) {
            // too late: the hook is already running
        }
    }

    public LocalSettings settings() {
        return settings;
    }

    @Override
    public String target() {
        return "local";
    }

    @Override
    public boolean emulated() {
        return true;
    }

    @Override
    public void check(Topology topology, List<MeshMode> modes) throws PlatformException {
        List<String> problems = new ArrayList<>();
        int pods = topology.podCount();
        if (pods > settings.maxPods()) {
            problems.add("topology '" + topology.name() + "' (" + topology.source() + ") has " + pods
                    + " pods (replicas of all services); the local target runs at most " + settings.maxPods()
                    + " per mode. Choose a smaller -Dtopology, or raise the limit with -DmaxPods=" + pods
                    + " if this machine has the memory.");
        }
        for (MeshMode mode : modes) {
            if (!LocalDataPlanes.available(mode)) {
                problems.add("mode " + mode + " is not available on the local target yet; leave it out of -Dmodes");
            }
        }
        if (!problems.isEmpty()) throw new PlatformException(problems, null);
    }

    @Override
    public Deployment deploy(Topology topology, MeshMode mode) throws PlatformException {
        check(topology, List.of(mode));
        WorkloadEventLoops group;
        synchronized (this) {
            if (closed) throw new PlatformException("the local platform is closed");
            for (LocalDeployment d : deployments) {
                if (d.mode() == mode) {
                    throw new PlatformException("mode " + mode + " is already deployed on the local target; close it first");
                }
            }
            if (loops == null) {
                loops = WorkloadEventLoops.perCore("meshbench-workload");
                warmUp(loops);
            }
            group = loops;
        }
        LocalDeployment d = LocalDeployment.deploy(topology, mode, settings, group, http, this::livePods, deployments::remove);
        deployments.add(d);
        return d;
    }

    /**
     * Starts, probes and stops a few throwaway workloads once, so that class loading and the first
     * JIT compilations are not charged to the startup of the first mode deployed.
     */
    private static void warmUp(WorkloadEventLoops loops) throws PlatformException {
        Service leaf = new Service("warmup", 1, false, 0, 0, List.of());
        for (int i = 0; i < 3; i++) {
            WorkloadConfig config = new WorkloadConfig(leaf, "warmup-" + i, new InetSocketAddress("127.0.0.1", 0),
                    callee -> {
                        throw new IllegalStateException("warm-up workload calls nothing");
                    }, loops.group(), i);
            try (WorkloadServer server = WorkloadServer.start(config)) {
                ReadinessProbe.await(server.address());
            } catch (Exception e) {
                throw new PlatformException("could not start a workload on 127.0.0.1: " + e.getMessage(), e);
            }
        }
    }

    /** Pods of every deployment still up: the shared workload threads' CPU is divided among them. */
    private int livePods() {
        return deployments.stream().mapToInt(LocalDeployment::podCount).sum();
    }

    @Override
    public Map<String, Object> environment() {
        Map<String, Object> env = new LinkedHashMap<>();
        env.put("target", target());
        env.put("cores", Runtime.getRuntime().availableProcessors());
        env.put("nodes", settings.nodes());
        env.put("max_heap_bytes", Runtime.getRuntime().maxMemory());
        env.put("java", System.getProperty("java.version"));
        env.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch"));
        env.put("netty_transport", Transport.name());
        env.put("seed", settings.seed());
        return env;
    }

    /** Stops every deployment and the shared event loops. Safe to call twice, and from the shutdown hook. */
    @Override
    public void close() {
        WorkloadEventLoops toStop;
        synchronized (this) {
            if (closed) return;
            closed = true;
            toStop = loops;
        }
        for (LocalDeployment d : List.copyOf(deployments)) d.close();
        if (toStop != null) toStop.close();
        if (Thread.currentThread() != shutdownHook) {
            try {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            } catch (IllegalStateException shuttingDown) {
                // the JVM is already exiting; the hook runs close() again, which returns at once
            }
        }
    }
}
