package io.meshbench.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * HAProxy from the distribution, configured as the reference for the embedded proxies: for each
 * mode an outbound hop (plaintext in, mutual TLS 1.3 out, like a workload's own proxy) chained to
 * an inbound hop (mutual TLS in, plaintext to the backend, like the callee's proxy) — the same
 * two TLS ends per request the embedded data plane pays for. One process serves both chains;
 * the benchmark drives one chain at a time, so the process's CPU over a window is that chain's.
 */
final class Haproxy implements AutoCloseable {

    /** Ports of one chain: where load enters and where the inbound (TLS-terminating) hop listens. */
    record Chain(InetSocketAddress entry, InetSocketAddress inbound) {
    }

    private final Process process;
    private final Path log;
    final Chain tcp;
    final Chain http;

    private Haproxy(Process process, Path log, Chain tcp, Chain http) {
        this.process = process;
        this.log = log;
        this.tcp = tcp;
        this.http = http;
    }

    long pid() {
        return process.pid();
    }

    static String version() {
        try {
            Process p = new ProcessBuilder("haproxy", "-v").redirectErrorStream(true).start();
            p.waitFor(5, TimeUnit.SECONDS);
            String out = new String(p.getInputStream().readAllBytes());
            return out.lines().findFirst().orElse("haproxy (unknown version)");
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /**
     * Starts HAProxy in the foreground with {@code threads} worker threads.
     *
     * @param ip      the loopback address its listeners bind
     * @param ports   four free ports: tcp entry, tcp inbound, http entry, http inbound
     * @param backend the backend's address
     */
    static Haproxy start(Path dir, String ip, int[] ports, InetSocketAddress backend, int threads) throws Exception {
        BenchCertificates.Files3 certs = BenchCertificates.write(dir);
        String be = backend.getAddress().getHostAddress() + ":" + backend.getPort();
        String upstreamTls = "ssl crt " + certs.client() + " ca-file " + certs.ca() + " verify required";
        String downstreamTls = "ssl crt " + certs.server() + " ca-file " + certs.ca() + " verify required";
        String config = String.join("\n", List.of(
                "global",
                "  nbthread " + threads,
                "  maxconn 4096",
                "  ssl-default-bind-options ssl-min-ver TLSv1.3",
                "  ssl-default-server-options ssl-min-ver TLSv1.3",
                "defaults",
                "  timeout connect 5s",
                "  timeout client 60s",
                "  timeout server 60s",
                "# L4: like a ztunnel pair, bytes only",
                "listen tcp_out",
                "  mode tcp",
                "  bind " + ip + ":" + ports[0],
                "  server in " + ip + ":" + ports[1] + " " + upstreamTls,
                "listen tcp_in",
                "  mode tcp",
                "  bind " + ip + ":" + ports[1] + " " + downstreamTls,
                "  server app " + be,
                "# L7: like a sidecar pair, HTTP parsed on both hops, upstream connections reused",
                "listen http_out",
                "  mode http",
                "  http-reuse always",
                "  bind " + ip + ":" + ports[2],
                "  server in " + ip + ":" + ports[3] + " " + upstreamTls,
                "listen http_in",
                "  mode http",
                "  http-reuse always",
                "  bind " + ip + ":" + ports[3] + " " + downstreamTls,
                "  server app " + be,
                ""));
        Path cfg = dir.resolve("haproxy.cfg");
        Files.writeString(cfg, config);
        Path log = dir.resolve("haproxy.log");
        Process p = new ProcessBuilder("haproxy", "-db", "-f", cfg.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        Chain tcp = new Chain(new InetSocketAddress(ip, ports[0]), new InetSocketAddress(ip, ports[1]));
        Chain http = new Chain(new InetSocketAddress(ip, ports[2]), new InetSocketAddress(ip, ports[3]));
        Haproxy h = new Haproxy(p, log, tcp, http);
        h.awaitListening(List.of(tcp.entry, tcp.inbound, http.entry, http.inbound));
        return h;
    }

    private void awaitListening(List<InetSocketAddress> addresses) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        for (InetSocketAddress a : addresses) {
            while (true) {
                if (!process.isAlive()) {
                    throw new IllegalStateException("haproxy exited with " + process.exitValue() + ": " + Files.readString(log));
                }
                try (Socket s = new Socket()) {
                    s.connect(a, 200);
                    break;
                } catch (IOException notYet) {
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException("haproxy did not listen on " + a + " within 10 s: " + Files.readString(log));
                    }
                    Thread.sleep(20);
                }
            }
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
