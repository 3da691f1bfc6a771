package io.meshbench.platform.local.mesh;

import io.meshbench.core.MetricsSource;
import io.meshbench.metrics.process.ProcessFootprint;
import io.meshbench.metrics.scrape.MetricsScraper;
import io.meshbench.platform.local.LocalCluster;
import io.meshbench.platform.local.LocalPod;
import io.meshbench.platform.local.process.ChildProcess;
import io.meshbench.platform.local.process.JvmCommand;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Prints what one proxy process costs to start and to keep: sidecars of a small mesh spawned one
 * after another (so each start is measured alone), each one's CPU time at its READY line and the
 * wall time to it, then, after they settle, each one's RSS/PSS/USS. Not a test: figures only.
 *
 * <p>Run (the children need a real class path, so not exec:java):
 * <pre>
 * mvn -o -q test-compile exec:exec -Dexec.executable=java -Dexec.classpathScope=test \
 *   -Dexec.args="-cp %classpath io.meshbench.platform.local.mesh.ProxyProcessBenchmark"
 * </pre>
 * Last, it times the harness's metrics scrape of the proxies, one at a time and several at once.
 * System properties: {@code pods} (8), {@code settle} seconds (3), {@code idle} seconds (10, the window of idle CPU); every {@code local.*} flag of
 * the child command line ({@code local.cds=off} compares against no application class-data archive).
 */
public final class ProxyProcessBenchmark {

    public static void main(String[] args) throws Exception {
        int pods = Integer.getInteger("pods", 8);
        long settle = Long.getLong("settle", 3);
        Path logs = Files.createTempDirectory("meshbench-proxy-bench");
        LocalCluster cluster = mesh(pods);
        ProcessDataPlane plane = new ProcessDataPlane(ProcessDataPlane.Shape.SIDECAR, "proxy-bench-" + ProcessHandle.current().pid(), logs);
        try {
            long s0 = System.nanoTime();
            plane.start(cluster);
            System.out.printf(Locale.ROOT, "control plane up in %.0f ms (class-data archive ready too)%n", (System.nanoTime() - s0) / 1e6);
            List<double[]> starts = new ArrayList<>();
            for (List<LocalPod> replicas : cluster.podsByService().values()) {
                for (LocalPod pod : replicas) {
                    long t0 = System.nanoTime();
                    plane.attach(pod);
                    double wallMs = (System.nanoTime() - t0) / 1e6;
                    ChildProcess child = plane.proxies().stream().filter(c -> c.name().endsWith(" " + pod.name())).findFirst().orElseThrow();
                    double cpuS = ProcessFootprint.sample(child.pid()).map(f -> f.cpuNanos() / 1e9).orElse(Double.NaN);
                    starts.add(new double[]{wallMs, cpuS});
                }
            }
            Thread.sleep(settle * 1000);
            double rss = 0, pss = 0, uss = 0, cpuSettled = 0;
            for (ChildProcess c : plane.proxies()) {
                ProcessFootprint f = ProcessFootprint.sample(c.pid()).orElseThrow();
                rss += f.rssBytes();
                pss += f.pssBytes();
                uss += f.ussBytes();
                cpuSettled += f.cpuNanos() / 1e9;
            }
            int n = plane.proxies().size();
            // Idle cost: what the proxies burn with no traffic at all (timers, housekeeping threads).
            long idle = Long.getLong("idle", 10);
            long i0 = System.nanoTime();
            Thread.sleep(idle * 1000);
            double cpuIdle = 0;
            for (ChildProcess c : plane.proxies()) cpuIdle += ProcessFootprint.sample(c.pid()).orElseThrow().cpuNanos() / 1e9;
            double idleMcores = (cpuIdle - cpuSettled) / n / ((System.nanoTime() - i0) / 1e9) * 1000;
            double wall = starts.stream().mapToDouble(s -> s[0]).average().orElse(Double.NaN);
            double cpu = starts.stream().mapToDouble(s -> s[1]).average().orElse(Double.NaN);
            double firstCpu = starts.get(0)[1];
            System.out.printf(Locale.ROOT, "child flags: %s%n", String.join(" ", new JvmCommand(ProxyMain.class.getName(), List.of(),
                    ProcessDataPlane.PROXY_HEAP, "x", false).commandLine()).replaceAll(" -cp \\S+", " -cp <class path>"));
            System.out.printf(Locale.ROOT, "%d sidecars started one at a time: mean %.0f ms and %.2f CPU-s to READY (first %.2f CPU-s), "
                    + "%.2f CPU-s each after %d s settled; idle %.2f millicores each over the next %d s%n", n, wall, cpu, firstCpu,
                    cpuSettled / n, settle, idleMcores, idle);
            System.out.printf(Locale.ROOT, "empty sidecar process, mean of %d: RSS %.1f MiB, PSS %.1f MiB, USS %.1f MiB "
                    + "(Envoy published: %.0f MB per sidecar under load)%n", n, rss / n / 1048576, pss / n / 1048576, uss / n / 1048576,
                    EmptyProxyFootprint.ENVOY_PUBLISHED_BYTES / 1e6);
            scrapes(plane.metrics(), plane.proxies());
        } finally {
            plane.close();
        }
    }

    /**
     * The harness's scrape of every proxy's metrics, one at a time against several at once: half the
     * (fresh, never scraped) proxies each way, then both halves again, warm.
     */
    private static void scrapes(List<MetricsSource> sources, List<ChildProcess> proxies) {
        int half = sources.size() / 2;
        List<MetricsSource> first = sources.subList(0, half), second = sources.subList(half, sources.size());
        var oneAtATime = new MetricsScraper(MetricsScraper.DEFAULT_SUM_LABELS, Clock.systemUTC(), 1);
        var parallel = new MetricsScraper();
        for (String pass : List.of("fresh", "warm")) {
            double c0 = cpuSeconds(proxies);
            long t0 = System.nanoTime();
            var a = oneAtATime.scrape(first);
            long t1 = System.nanoTime();
            var b = parallel.scrape(second);
            long t2 = System.nanoTime();
            double c2 = cpuSeconds(proxies);
            long failed = Stream.concat(a.sources().stream(), b.sources().stream()).filter(x -> x.failure() != null).count();
            System.out.printf(Locale.ROOT, "scrape of %s proxies: %d one at a time %.0f ms (%.0f ms each), %d with %d at once %.0f ms "
                            + "(%.0f ms each); the proxies' CPU %.0f ms per scrape; %d failed%n", pass, first.size(), (t1 - t0) / 1e6,
                    (t1 - t0) / 1e6 / Math.max(1, first.size()), second.size(), MetricsScraper.PARALLEL_SCRAPES,
                    (t2 - t1) / 1e6, (t2 - t1) / 1e6 / Math.max(1, second.size()), (c2 - c0) * 1000 / Math.max(1, sources.size()), failed);
        }
    }

    private static double cpuSeconds(List<ChildProcess> proxies) {
        double s = 0;
        for (ChildProcess c : proxies) s += ProcessFootprint.sample(c.pid()).map(f -> f.cpuNanos() / 1e9).orElse(0.0);
        return s;
    }

    private static LocalCluster mesh(int pods) throws Exception {
        Map<String, List<LocalPod>> byService = new LinkedHashMap<>();
        for (int i = 0; i < pods; i++) {
            byService.put("svc" + i, List.of(new LocalPod("svc" + i + "-0", "svc" + i, "meshbench-bench",
                    InetAddress.getByAddress(new byte[]{127, 97, 0, (byte) (i + 1)}), 0)));
        }
        return new LocalCluster("meshbench-bench", List.of(InetAddress.getByName("127.97.1.1")), byService);
    }
}
