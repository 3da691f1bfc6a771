package io.meshbench.platform.local.mesh;

import com.sun.net.httpserver.HttpServer;
import io.meshbench.core.MetricsSource;
import io.meshbench.platform.local.LocalPod;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * What the class-data training proxy does before it exits, so that its archive holds the classes
 * every proxy of a run loads later, not only those it loads to become ready: requests through its
 * outbound listener (to its own service, so mTLS to its own inbound listener and on to the app),
 * through its ingress port, and a scrape of its admin endpoint. Without them each of a run's
 * proxies parsed and verified some 600 classes (the HTTP and HTTP/2 codecs, the upstream pool,
 * the Prometheus exposition) from the jars on its first call and its first scrape — on a 142-service
 * graph 259 cold JVMs doing that at once. A request that fails still loads what it touched, so a
 * failure here is not an error: the training exists to save time, not to test.
 */
final class TrainingTraffic {

    /** Requests per listener: enough to reach every path (pool reuse, the second call) a few times. */
    static final int REQUESTS = 12;
    private static final int SOCKET_TIMEOUT_MILLIS = 5_000;
    private static final long BUDGET_NANOS = 30_000_000_000L;

    private TrainingTraffic() {
    }

    /**
     * Stands in for {@code pod}'s app on its app port, sends requests through the trainee's outbound
     * listener (host = the pod's service) and its ingress port, and scrapes its admin endpoint.
     * Returns how many requests got a 200 (a test checks the paths were really crossed).
     */
    static int exercise(LocalPod pod, InetSocketAddress ingress) throws IOException {
        HttpServer app = HttpServer.create(new InetSocketAddress(pod.ip(), Sidecar.APP_PORT), 16);
        app.createContext("/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            byte[] body = "trained".getBytes(StandardCharsets.US_ASCII);
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        app.start();
        int ok = 0;
        long deadline = System.nanoTime() + BUDGET_NANOS;
        try {
            InetSocketAddress outbound = new InetSocketAddress(pod.ip(), Sidecar.OUTBOUND_PORT);
            for (int i = 0; i < REQUESTS && System.nanoTime() < deadline; i++) {
                if (post(outbound, pod.service()) == 200) ok++;
                if (post(ingress, pod.service()) == 200) ok++;
            }
            MetricsSource admin = AdminServer.source(pod.name() + ".istio-proxy", "sidecar",
                    new InetSocketAddress(pod.ip(), Sidecar.ADMIN_PORT));
            try {
                admin.scrape();       // as a run scrapes every proxy: its metrics, then its handshake histogram
                admin.handshakes();
            } catch (Exception e) {
                // what it loaded before failing is archived all the same
            }
        } finally {
            app.stop(0);
        }
        return ok;
    }

    /** One HTTP/1.1 POST on its own connection; the status, or 0 when it got none. */
    private static int post(InetSocketAddress to, String host) {
        try (Socket s = new Socket()) {
            s.connect(to, SOCKET_TIMEOUT_MILLIS);
            s.setSoTimeout(SOCKET_TIMEOUT_MILLIS);
            byte[] body = "training".getBytes(StandardCharsets.US_ASCII);
            OutputStream out = s.getOutputStream();
            out.write(("POST / HTTP/1.1\r\nHost: " + host + "\r\nContent-Length: " + body.length
                    + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(body);
            out.flush();
            InputStream in = s.getInputStream();
            byte[] head = in.readNBytes(12);   // "HTTP/1.1 200"
            String status = new String(head, StandardCharsets.US_ASCII);
            return status.startsWith("HTTP/1.1 ") ? Integer.parseInt(status.substring(9, 12)) : 0;
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }
}
