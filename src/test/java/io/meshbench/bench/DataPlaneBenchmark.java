package io.meshbench.bench;

import io.meshbench.metrics.process.ProcessSample;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import org.HdrHistogram.Histogram;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Benchmark (prints figures; not a test): CPU per request and added latency of the embedded
 * ztunnel and sidecar paths, side by side with HAProxy in TCP+TLS and HTTP+TLS modes, in one run
 * on the same loopback path to the same trivial backend, at the same fixed request rate.
 *
 * <p>Every path carries the same plaintext HTTP/1.1 keep-alive requests from the load generator:
 * <ul>
 *   <li>direct — load generator → backend (the reference for added latency);</li>
 *   <li>haproxy-tcp / haproxy-http — HAProxy outbound hop → mutual TLS 1.3 → HAProxy inbound hop → backend;</li>
 *   <li>ztunnel — the embedded ambient data plane: source ztunnel → HBONE → destination ztunnel → backend;</li>
 *   <li>sidecar — the embedded sidecar data plane: client sidecar → mTLS → server sidecar → backend.</li>
 * </ul>
 * Proxy CPU is the HAProxy threads' run time from {@code /proc/<pid>/task/<tid>/schedstat} and the
 * embedded data plane's event-loop threads' CPU time (ThreadMXBean), each over the measured window,
 * divided by the requests completed in it. Run with {@code bench/dataplane-vs-haproxy.sh}.
 *
 * <p>Options (system properties): {@code bench.rate} requests/s (2000), {@code bench.seconds}
 * measured window per round (5), {@code bench.warmupSeconds} (3), {@code bench.connections} (8),
 * {@code bench.paths} (all), {@code bench.haproxyThreads} (2), {@code bench.rounds} (2).
 */
public final class DataPlaneBenchmark {

    private static final String IP = "127.0.0.1";

    /** One way for requests to reach the backend. */
    interface BenchPath extends AutoCloseable {
        String name();

        /** "L4" or "L7": which HAProxy mode it is compared with. */
        String layer();

        BenchTarget target();

        /** CPU the path's proxies used so far, in ns, or -1 when it has no proxy. */
        long proxyCpuNanos();

        /** The proxies' resident memory now, or -1 when not measurable separately. */
        long proxyRssBytes();

        @Override
        default void close() {
        }
    }

    /** What one path measured. */
    record Row(String path, String layer, FixedRateLoad.Result load, long proxyCpuNanos, long jvmCpuNanos, long proxyRss,
               List<Double> roundCpuMicrosPerRequest) {

        Row(String path, String layer, FixedRateLoad.Result load, long proxyCpuNanos, long jvmCpuNanos, long proxyRss) {
            this(path, layer, load, proxyCpuNanos, jvmCpuNanos, proxyRss, List.of());
        }

        /** Two rounds of the same path as one: histograms merged, counts and CPU added, latest RSS. */
        Row plus(Row later) {
            long cpu = proxyCpuNanos < 0 || later.proxyCpuNanos < 0 ? -1 : proxyCpuNanos + later.proxyCpuNanos;
            List<Double> rounds = new ArrayList<>(roundCpu());
            rounds.addAll(later.roundCpu());
            return new Row(path, layer, load.plus(later.load), cpu, jvmCpuNanos + later.jvmCpuNanos, later.proxyRss, rounds);
        }

        /** Proxy CPU per request of each round this row holds, to show how much it drifted. */
        List<Double> roundCpu() {
            return roundCpuMicrosPerRequest.isEmpty() ? List.of(proxyCpuMicrosPerRequest()) : roundCpuMicrosPerRequest;
        }

        double proxyCpuMicrosPerRequest() {
            return proxyCpuNanos < 0 || load.completed() == 0 ? Double.NaN : proxyCpuNanos / 1000.0 / load.completed();
        }

        /** This JVM's CPU per request minus an embedded proxy's share: load generator and backend. */
        double injectorCpuMicrosPerRequest(boolean proxyInJvm) {
            long own = jvmCpuNanos - (proxyInJvm && proxyCpuNanos > 0 ? proxyCpuNanos : 0);
            return load.completed() == 0 ? Double.NaN : own / 1000.0 / load.completed();
        }
    }

    public static void main(String[] args) throws Exception {
        int rate = Integer.getInteger("bench.rate", 2000);
        int seconds = Integer.getInteger("bench.seconds", 5);
        int warmup = Integer.getInteger("bench.warmupSeconds", 3);
        int connections = Integer.getInteger("bench.connections", 8);
        int haproxyThreads = Integer.getInteger("bench.haproxyThreads", 2);
        int rounds = Integer.getInteger("bench.rounds", 2);
        List<String> wanted = Arrays.asList(System.getProperty("bench.paths",
                "direct,haproxy-tcp,haproxy-http,ztunnel,sidecar").split(","));

        System.out.printf(Locale.ROOT, "meshbench data-plane benchmark: %d req/s, %d s warm-up, %d rounds × %d s measured per path, "
                        + "%d keep-alive connections, %d cores, %s%n",
                rate, warmup, rounds, seconds, connections, Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.vm.name") + " " + Runtime.version());
        String loadBefore = loadAverage();

        EventLoopGroup loadLoop = new MultiThreadIoEventLoopGroup(1, named("bench-load"), NioIoHandler.newFactory());
        EventLoopGroup backendLoop = new MultiThreadIoEventLoopGroup(1, named("bench-backend"), NioIoHandler.newFactory());
        Path dir = Files.createTempDirectory("meshbench-bench");
        List<Row> rows = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        try (BenchBackend backend = new BenchBackend(backendLoop, new InetSocketAddress(IP, 0))) {
            Map<String, PathFactory> factories = new LinkedHashMap<>();
            factories.put("direct", () -> direct(backend.address()));
            Haproxy[] haproxy = new Haproxy[1];
            factories.put("haproxy-tcp", () -> haproxyPath(haproxy, dir, backend, haproxyThreads, "tcp"));
            factories.put("haproxy-http", () -> haproxyPath(haproxy, dir, backend, haproxyThreads, "http"));
            EmbeddedPaths.register(factories, backendLoop, notes);
            List<BenchPath> paths = new ArrayList<>();
            try {
                for (Map.Entry<String, PathFactory> e : factories.entrySet()) {
                    if (!wanted.contains(e.getKey())) continue;
                    try {
                        paths.add(e.getValue().open());
                    } catch (Exception unavailable) {
                        notes.add(e.getKey() + ": not run — " + unavailable.getMessage());
                        System.out.println("skipping " + e.getKey() + ": " + unavailable.getMessage());
                    }
                }
                // Rounds interleave the paths (A B C A B C) so drift on a shared machine falls on all alike.
                Map<String, Row> totals = new LinkedHashMap<>();
                for (int round = 0; round < rounds; round++) {
                    for (BenchPath p : paths) {
                        Row r = measure(p, loadLoop, rate, round == 0 ? warmup : 1, seconds, connections, round + 1);
                        totals.merge(p.name(), r, Row::plus);
                    }
                }
                rows.addAll(totals.values());
            } finally {
                for (BenchPath p : paths) p.close();
                if (haproxy[0] != null) haproxy[0].close();
            }
        } finally {
            loadLoop.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
            backendLoop.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
            deleteQuietly(dir);
        }
        notes.add("machine load average (1/5/15 min) before: " + loadBefore + ", after: " + loadAverage()
                + " on " + Runtime.getRuntime().availableProcessors() + " cores — other processes share the CPUs, "
                + "which shows most in the p99 figures");
        print(rows, notes);
    }

    private static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split(" ");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException e) {
            return "unknown";
        }
    }

    @FunctionalInterface
    interface PathFactory {
        BenchPath open() throws Exception;
    }

    private static Row measure(BenchPath path, EventLoopGroup loadLoop, int rate, int warmup, int seconds, int connections,
                               int round) throws Exception {
        FixedRateLoad.run(loadLoop.next(), path.target(), rate, Duration.ofSeconds(warmup), connections);
        long proxyBefore = path.proxyCpuNanos();
        ProcessSample jvmBefore = ProcessSample.now();
        FixedRateLoad.Result r = FixedRateLoad.run(loadLoop.next(), path.target(), rate, Duration.ofSeconds(seconds), connections);
        ProcessSample jvmAfter = ProcessSample.now();
        long proxyAfter = path.proxyCpuNanos();
        long proxyCpu = proxyBefore < 0 ? -1 : proxyAfter - proxyBefore;
        Row row = new Row(path.name(), path.layer(), r, proxyCpu, jvmAfter.since(jvmBefore).cpuNanos(), path.proxyRssBytes());
        System.out.printf(Locale.ROOT, "round %d %-13s %d/%d ok, %d errors%s, p50 %d µs, p99 %d µs, proxy CPU %s µs/req%n",
                round, path.name(), r.completed(), r.due(), r.errors(), r.saturated() ? " (SATURATED)" : "",
                r.latencyMicros().getValueAtPercentile(50), r.latencyMicros().getValueAtPercentile(99),
                fmt(row.proxyCpuMicrosPerRequest()));
        return row;
    }

    private static BenchPath direct(InetSocketAddress backend) {
        return new BenchPath() {
            public String name() {
                return "direct";
            }

            public String layer() {
                return "-";
            }

            public BenchTarget target() {
                return new BenchTarget(backend, null, "backend", null);
            }

            public long proxyCpuNanos() {
                return -1;
            }

            public long proxyRssBytes() {
                return -1;
            }
        };
    }

    private static BenchPath haproxyPath(Haproxy[] holder, Path dir, BenchBackend backend, int threads, String mode)
            throws Exception {
        if (Haproxy.version() == null) {
            throw new IllegalStateException("haproxy is not installed (bench/dataplane-vs-haproxy.sh installs it with apt-get)");
        }
        if (holder[0] == null) holder[0] = Haproxy.start(dir, IP, freePorts(4), backend.address(), threads);
        Haproxy h = holder[0];
        Haproxy.Chain chain = mode.equals("tcp") ? h.tcp : h.http;
        return new BenchPath() {
            public String name() {
                return "haproxy-" + mode;
            }

            public String layer() {
                return mode.equals("tcp") ? "L4" : "L7";
            }

            public BenchTarget target() {
                return new BenchTarget(chain.entry(), null, "backend", null);
            }

            public long proxyCpuNanos() {
                return ProcessSample.of(h.pid()).cpuNanos();
            }

            public long proxyRssBytes() {
                return ProcessSample.of(h.pid()).rssBytes();
            }
        };
    }

    private static void print(List<Row> rows, List<String> notes) {
        Row direct = rows.stream().filter(r -> r.path().equals("direct")).findFirst().orElse(null);
        Map<String, Row> haproxyByLayer = new LinkedHashMap<>();
        rows.stream().filter(r -> r.path().startsWith("haproxy-")).forEach(r -> haproxyByLayer.put(r.layer(), r));
        System.out.println();
        System.out.println("path          | layer | achieved rps | ok/errors     | p50 µs | p99 µs | +p50 µs | +p99 µs | proxy CPU µs/req | × HAProxy same layer | proxy RSS MiB | rest of JVM CPU µs/req | proxy CPU µs/req by round");
        System.out.println("--------------|-------|--------------|---------------|--------|--------|---------|---------|------------------|----------------------|---------------|------------------------|--------------------------");
        for (Row r : rows.stream().sorted(Comparator.comparingInt(DataPlaneBenchmark::order)).toList()) {
            Histogram h = r.load().latencyMicros();
            long p50 = h.getValueAtPercentile(50);
            long p99 = h.getValueAtPercentile(99);
            String addedP50 = direct == null || r == direct ? "-" : Long.toString(p50 - direct.load().latencyMicros().getValueAtPercentile(50));
            String addedP99 = direct == null || r == direct ? "-" : Long.toString(p99 - direct.load().latencyMicros().getValueAtPercentile(99));
            Row ref = haproxyByLayer.get(r.layer());
            String ratio = ref == null || ref == r || Double.isNaN(r.proxyCpuMicrosPerRequest())
                    ? "-" : String.format(Locale.ROOT, "%.2f×", r.proxyCpuMicrosPerRequest() / ref.proxyCpuMicrosPerRequest());
            boolean inJvm = r.path().endsWith("-embedded");
            System.out.printf(Locale.ROOT, "%-13s | %-5s | %12.0f | %6d/%-6d | %6d | %6d | %7s | %7s | %16s | %20s | %13s | %22s | %s%n",
                    r.path(), r.layer(), r.load().achievedRps(), r.load().completed(), r.load().errors(), p50, p99,
                    addedP50, addedP99, fmt(r.proxyCpuMicrosPerRequest()), ratio,
                    r.proxyRss() < 0 ? "-" : String.format(Locale.ROOT, "%.1f", r.proxyRss() / 1048576.0),
                    fmt(r.injectorCpuMicrosPerRequest(inJvm)),
                    String.join(", ", r.roundCpu().stream().map(DataPlaneBenchmark::fmt).toList()));
        }
        System.out.println();
        System.out.println("+p50/+p99: latency added over the direct path (same load generator, same backend). Latency is measured");
        System.out.println("from each request's due time (open model, no coordinated omission). Proxy CPU: HAProxy = its threads' run");
        System.out.println("time from /proc/<pid>/task/*/schedstat (ns); ztunnel/sidecar/waypoint = the proxy processes' utime+stime from");
        System.out.println("/proc/<pid>/stat (whole processes, GC and JIT included, as HAProxy's); -embedded = CPU time of the plane's");
        System.out.println("event-loop threads in this JVM (ThreadMXBean), a lower bound. Rest of JVM CPU = this JVM's CPU (minus an");
        System.out.println("embedded plane's threads): load generator, backend, JIT and GC. Goal: proxies ≤ 1.5× HAProxy's CPU per request, same layer.");
        notes.forEach(n -> System.out.println("note: " + n));
    }

    private static int order(Row r) {
        List<String> o = List.of("direct", "haproxy-tcp", "ztunnel", "haproxy-http", "sidecar");
        int i = o.indexOf(r.path());
        return i < 0 ? o.size() : i;
    }

    static String fmt(double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.1f", v);
    }

    static int[] freePorts(int n) throws IOException {
        int[] ports = new int[n];
        List<ServerSocket> held = new ArrayList<>();
        try {
            for (int i = 0; i < n; i++) {
                ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getByName(IP));
                held.add(s);
                ports[i] = s.getLocalPort();
            }
        } finally {
            for (ServerSocket s : held) s.close();
        }
        return ports;
    }

    static java.util.concurrent.ThreadFactory named(String prefix) {
        java.util.concurrent.atomic.AtomicInteger n = new java.util.concurrent.atomic.AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + "-" + n.getAndIncrement());
            t.setDaemon(true);
            return t;
        };
    }

    private static void deleteQuietly(Path dir) {
        try (var files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temp dir left behind is harmless
        }
    }

    private DataPlaneBenchmark() {
    }
}
