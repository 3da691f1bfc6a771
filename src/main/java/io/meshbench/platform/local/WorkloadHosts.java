package io.meshbench.platform.local;

import io.meshbench.metrics.process.ProcessFootprint;
import io.meshbench.metrics.process.ProcessWindow;
import io.meshbench.platform.PlatformException;
import io.meshbench.platform.local.process.ChildProcess;
import io.meshbench.platform.local.process.JvmCommand;
import io.meshbench.topology.Service;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The workload-host processes of one deployment ({@code -Dlocal.dataplane=process}): one
 * {@link WorkloadHostMain} per virtual node, started fresh with the deployment and stopped with it,
 * each carrying the run id and watching the harness as every child does.
 *
 * <p>The channel is the child's stdin/stdout, one command line and one reply line each
 * ({@link ChildProcess#request}), the one the proxies already use, rather than an admin port: no
 * port to allocate or secure, no second way for a child to outlive the harness (stdin's end stops
 * it), and a host's death shows as a failed request with its exit status and stderr. Commands to
 * one host are taken one at a time; a start is a bind (milliseconds), so pods starting in parallel
 * barely wait for each other.
 */
final class WorkloadHosts implements AutoCloseable {

    /**
     * Heap ceiling of a host: its pods' latency histograms, metrics and connection state. A
     * ceiling, not a reservation (the heap starts at 4 MiB and grows with use).
     */
    static final String HOST_HEAP = "256m";
    /** Planning figure per host for the pre-deploy limits check: its heap ceiling plus the JVM's own. */
    static final long PLANNING_BYTES_PER_HOST = (256L + 64L) << 20;
    private static final Duration STOP_GRACE = Duration.ofSeconds(5);

    private final List<ChildProcess> hosts;
    private final Path logDir;

    private WorkloadHosts(List<ChildProcess> hosts, Path logDir) {
        this.hosts = List.copyOf(hosts);
        this.logDir = logDir;
    }

    /** Starts one host per node, together (a DaemonSet's pods start together too); all ready or none left. */
    static WorkloadHosts start(int nodes, String runId, Path logDir) throws PlatformException {
        try {
            Files.createDirectories(logDir);
        } catch (IOException e) {
            throw new PlatformException("cannot create " + logDir + " for the workload hosts' logs: " + e.getMessage(), e);
        }
        ExecutorService starters = Executors.newFixedThreadPool(Math.min(4, nodes), r -> {
            Thread t = new Thread(r, "meshbench-host-start");
            t.setDaemon(true);
            return t;
        });
        List<ChildProcess> started = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        try {
            List<Future<ChildProcess>> pending = new ArrayList<>();
            for (int n = 0; n < nodes; n++) {
                String node = "node-" + (n + 1);
                pending.add(starters.submit(() -> ChildProcess.start("workload-host " + node, command(runId, node), logDir)));
            }
            for (Future<ChildProcess> f : pending) {
                try {
                    started.add(f.get());
                } catch (java.util.concurrent.ExecutionException e) {
                    problems.add(e.getCause().getMessage());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            problems.add("interrupted while starting the workload hosts");
        } finally {
            starters.shutdown();
        }
        WorkloadHosts hosts = new WorkloadHosts(started, logDir);
        if (!problems.isEmpty()) {
            hosts.close();
            throw new PlatformException(problems, null);
        }
        return hosts;
    }

    static JvmCommand command(String runId, String node) {
        return new JvmCommand(WorkloadHostMain.class.getName(), List.of(node), HOST_HEAP, runId, false);
    }

    /** A pod's workload running in a host, listening on {@code listening} (the bound port when asked for port 0). */
    record HostedWorkload(ChildProcess host, String pod, String instance, InetSocketAddress listening) implements PodWorkload {
        @Override
        public String instance() {
            return "pod " + pod + " workload " + instance + " in pid " + host.pid() + " " + host.name();
        }

        /** Stops the pod's workload; nothing to do when its host is gone (its sockets went with it). */
        @Override
        public void close() {
            if (!host.alive()) return;
            try {
                host.request("stop " + pod);
            } catch (ChildProcess.ChildFailure e) {
                throw new IllegalStateException(e.getMessage(), e);
            }
        }
    }

    /** Starts the pod's workload in its node's host; returns once it listens (readiness is the caller's probe). */
    HostedWorkload startPod(LocalPod pod, Service service, PodPlumbing plumbing, long seed) throws ChildProcess.ChildFailure {
        OutboundRoutes routes = plumbing.routes() instanceof OutboundRoutes.Direct direct ? direct.only(service.callees())
                : plumbing.routes();
        ChildProcess host = hosts.get(Math.floorMod(pod.node(), hosts.size()));
        String[] reply = host.request(new HostedPod(pod.name(), plumbing.appBind(), seed, routes, service).line()).split(" ");
        int colon = reply[1].lastIndexOf(':');
        return new HostedWorkload(host, pod.name(), reply[0], new InetSocketAddress(plumbing.appBind().getAddress(),
                Integer.parseInt(reply[1].substring(colon + 1))));
    }

    List<Long> pids() {
        return hosts.stream().map(ChildProcess::pid).toList();
    }

    int count() {
        return hosts.size();
    }

    /** Hosts that exited without being told to, each with its exit status and last stderr lines. */
    List<String> failures() {
        List<String> out = new ArrayList<>();
        for (ChildProcess h : hosts) {
            if (h.diedUnexpectedly()) out.add(h.describeFailure("died"));
        }
        return out;
    }

    /** Test hook: the host of a node. */
    ChildProcess host(int node) {
        return hosts.get(node);
    }

    /**
     * Words for the report: where the workloads ran and how their memory and CPU were read (as the
     * proxies': per process from /proc), with the mean host's figures.
     */
    static String method(int hostCount, int pods, Map<Long, ProcessWindow.Usage> usage) {
        double rss = 0, pss = 0;
        int seen = 0;
        for (ProcessWindow.Usage u : usage.values()) {
            if (u.samples() == 0) continue;
            seen++;
            rss += u.rssBytes();
            pss += u.pssBytes();
        }
        String m = String.format(Locale.ROOT, "workloads in %d workload-host processes (one per node; JVM flags %s -Xmx%s), "
                        + "measured per process as the proxies are: memory = PSS from /proc/<pid>/smaps_rollup (mean of samples "
                        + "every %d s; per host: mean RSS %.1f MiB, PSS %.1f MiB), CPU = utime+stime from /proc/<pid>/stat, "
                        + "all hosts summed and divided by %d pods; never counted as mesh", hostCount,
                String.join(" ", JvmCommand.LEAN_FLAGS), HOST_HEAP, ProcessWindow.INTERVAL.toSeconds(),
                seen == 0 ? Double.NaN : rss / seen / 1048576, seen == 0 ? Double.NaN : pss / seen / 1048576, pods);
        if (!ProcessFootprint.procAvailable()) m += "; this system has no /proc: memory not measured, CPU from the OS's process info";
        return m;
    }

    /** Tells every host to stop at once, waits for each (killing any that linger), and removes their logs. */
    @Override
    public void close() {
        hosts.forEach(ChildProcess::requestStop);
        hosts.forEach(h -> h.awaitStop(STOP_GRACE));
        for (ChildProcess h : hosts) {
            try {
                Files.deleteIfExists(logDir.resolve(ChildProcess.stderrFileName(h.name())));
            } catch (IOException e) {
                // a log file in the temp directory is harmless
            }
        }
        logDir.toFile().delete();   // only when empty: a process data plane's own files stay until it closes
    }
}
