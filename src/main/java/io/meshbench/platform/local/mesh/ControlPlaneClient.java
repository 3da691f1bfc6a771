package io.meshbench.platform.local.mesh;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * A proxy process's connection to the control plane: fetches its view of the mesh (xDS stand-in)
 * and certificates (SDS stand-in) over loopback HTTP. Uses the JDK's HttpURLConnection, which
 * java.base already holds, to keep proxy processes small.
 */
public final class ControlPlaneClient implements IdentityIssuer {

    private final String base;

    /** @param base "http://127.0.0.1:port" */
    public ControlPlaneClient(String base) {
        this.base = base;
    }

    public String config(MeshConfig.Kind kind) {
        return get("/xds?kind=" + kind.name().toLowerCase(java.util.Locale.ROOT));
    }

    @Override
    public WorkloadIdentity issue(String spiffeId) {
        return Pem.decode(spiffeId, get("/sds?id=" + URLEncoder.encode(spiffeId, StandardCharsets.UTF_8)));
    }

    private String get(String path) {
        try {
            HttpURLConnection c = (HttpURLConnection) URI.create(base + path).toURL().openConnection(java.net.Proxy.NO_PROXY);
            c.setConnectTimeout(10_000);
            c.setReadTimeout(30_000);
            int status = c.getResponseCode();
            try (InputStream in = status == 200 ? c.getInputStream() : c.getErrorStream()) {
                String body = in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
                if (status != 200) throw new IllegalStateException("control plane " + base + path + " answered " + status + ": " + body);
                return body;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("control plane " + base + path + " unreachable: " + e.getMessage(), e);
        }
    }
}
