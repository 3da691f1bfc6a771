package io.meshbench.platform.local.mesh;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.meshbench.platform.local.LocalCluster;
import io.meshbench.platform.local.process.ParentLink;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The istiod stand-in, one process per deployed mode: the run's mesh CA and the config server.
 * Serves on loopback HTTP {@code GET /xds?kind=sidecar|ztunnel|waypoint} (the proxy's view of
 * the mesh, {@link MeshConfig}) and {@code GET /sds?id=<spiffe id>} (a fresh key and certificate
 * for that identity, with the CA certificate). Arguments: the file holding the mesh (a sidecar
 * view of it). Prints {@code READY <port>}; the command {@code stats} answers what it has served.
 */
public final class ControlPlaneMain {

    private ControlPlaneMain() {
    }

    public static void main(String[] args) {
        ParentLink.watchParent();
        try {
            Path meshFile = Path.of(args[0]);
            LocalCluster cluster = MeshConfig.parse(Files.readString(meshFile), meshFile.toString());
            MeshCa ca = MeshCa.create("meshbench-mesh-ca-" + cluster.namespace() + "-" + Long.toHexString(System.nanoTime()));
            Map<MeshConfig.Kind, byte[]> views = new EnumMap<>(MeshConfig.Kind.class);
            for (MeshConfig.Kind k : MeshConfig.Kind.values()) {
                views.put(k, MeshConfig.view(cluster, k).getBytes(StandardCharsets.UTF_8));
            }
            AtomicLong xdsBytes = new AtomicLong();
            AtomicLong xdsResponses = new AtomicLong();
            AtomicLong certificates = new AtomicLong();
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
            server.setExecutor(Executors.newFixedThreadPool(2, r -> {
                Thread t = new Thread(r, "control-plane");
                t.setDaemon(true);
                return t;
            }));
            server.createContext("/xds", ex -> {
                String kind = query(ex, "kind");
                MeshConfig.Kind k;
                try {
                    k = MeshConfig.Kind.valueOf(kind.toUpperCase(Locale.ROOT));
                } catch (RuntimeException e) {
                    reply(ex, 400, ("kind must be sidecar, ztunnel or waypoint, got " + kind).getBytes(StandardCharsets.UTF_8));
                    return;
                }
                byte[] body = views.get(k);
                xdsBytes.addAndGet(body.length);
                xdsResponses.incrementAndGet();
                reply(ex, 200, body);
            });
            server.createContext("/sds", ex -> {
                String id = query(ex, "id");
                if (id == null || !id.startsWith("spiffe://")) {
                    reply(ex, 400, "id must be a spiffe:// identity".getBytes(StandardCharsets.UTF_8));
                    return;
                }
                certificates.incrementAndGet();
                reply(ex, 200, Pem.encode(ca.issue(id)).getBytes(StandardCharsets.US_ASCII));
            });
            server.start();
            ParentLink.serve(Integer.toString(server.getAddress().getPort()), command -> {
                if (!command.equals("stats")) throw new IllegalArgumentException("unknown command " + command);
                return String.format(Locale.ROOT, "xds_responses=%d xds_bytes=%d certificates=%d", xdsResponses.get(),
                        xdsBytes.get(), certificates.get());
            });
        } catch (Exception | Error e) {
            ParentLink.fail(1, "control plane: could not start: " + e, e);
        }
    }

    private static String query(HttpExchange ex, String name) {
        String q = ex.getRequestURI().getRawQuery();
        if (q == null) return null;
        for (String pair : q.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0 && pair.substring(0, eq).equals(name)) {
                return URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            }
        }
        return null;
    }

    private static void reply(HttpExchange ex, int status, byte[] body) throws IOException {
        ex.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
        ex.sendResponseHeaders(status, body.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(body);
        }
    }
}
