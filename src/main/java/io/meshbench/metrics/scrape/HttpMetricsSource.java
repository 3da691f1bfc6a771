package io.meshbench.metrics.scrape;

import io.meshbench.core.MetricsSource;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * A Prometheus endpoint reached over HTTP, e.g. a real ztunnel's
 * {@code http://<pod-ip>:15020/stats/prometheus} or an Envoy sidecar's {@code :15090/stats/prometheus}
 * (through a port-forward on Kubernetes). Never follows redirects and never goes through a proxy:
 * a scrape reads exactly the endpoint it names.
 */
public final class HttpMetricsSource implements MetricsSource {

    private static final HttpClient CLIENT = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NEVER)
            .proxy(HttpClient.Builder.NO_PROXY)
            .build();

    private final String name;
    private final String kind;
    private final URI uri;
    private final Duration timeout;

    public HttpMetricsSource(String name, String kind, URI uri, Duration timeout) {
        this.name = name;
        this.kind = kind;
        this.uri = uri;
        this.timeout = timeout;
    }

    public HttpMetricsSource(String name, String kind, URI uri) {
        this(name, kind, uri, Duration.ofSeconds(10));
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String kind() {
        return kind;
    }

    public URI uri() {
        return uri;
    }

    @Override
    public String scrape() throws IOException {
        HttpResponse<String> response = send(HttpRequest.newBuilder(uri).timeout(timeout)
                .header("Accept", "text/plain;version=0.0.4").GET().build());
        if (response.statusCode() != 200) {
            throw new IOException("GET " + uri + " answered HTTP " + response.statusCode());
        }
        return response.body();
    }

    /** GET {@link HandshakeTimes#PATH} on the same host and port; null when the endpoint has none (404). */
    @Override
    public String handshakes() throws IOException {
        URI at = uri.resolve(HandshakeTimes.PATH);
        HttpResponse<String> response = send(HttpRequest.newBuilder(at).timeout(timeout).GET().build());
        if (response.statusCode() == 404) return null;
        if (response.statusCode() != 200) throw new IOException("GET " + at + " answered HTTP " + response.statusCode());
        return response.body();
    }

    private static HttpResponse<String> send(HttpRequest request) throws IOException {
        try {
            return CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while reading " + request.uri(), e);
        }
    }

    @Override
    public String toString() {
        return kind + " " + name + " " + uri;
    }
}
