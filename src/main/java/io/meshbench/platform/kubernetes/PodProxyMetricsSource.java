package io.meshbench.platform.kubernetes;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.meshbench.core.MetricsSource;

import java.io.IOException;

/**
 * A pod's HTTP endpoint read through the API server's pod proxy
 * ({@code /api/v1/namespaces/<ns>/pods/<pod>:<port>/proxy/<path>}), so the harness needs no
 * network route into the cluster: ztunnel on :15020, Envoy on :15090, workloads on :8080.
 */
public final class PodProxyMetricsSource implements MetricsSource {
    public static final int ZTUNNEL_PORT = 15020;
    public static final int ENVOY_PORT = 15090;
    public static final String PROMETHEUS_PATH = "stats/prometheus";

    private final KubernetesClient client;
    private final String namespace;
    private final String pod;
    private final int port;
    private final String path;
    private final String kind;
    private final String name;

    public PodProxyMetricsSource(KubernetesClient client, String namespace, String pod, int port, String path,
                                 String kind, String name) {
        this.client = client;
        this.namespace = namespace;
        this.pod = pod;
        this.port = port;
        this.path = path;
        this.kind = kind;
        this.name = name;
    }

    public static String proxyPath(String namespace, String pod, int port, String path) {
        return "/api/v1/namespaces/" + namespace + "/pods/" + pod + ":" + port + "/proxy/" + path;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String kind() {
        return kind;
    }

    @Override
    public String scrape() throws IOException {
        return get(client, proxyPath(namespace, pod, port, path), name);
    }

    static String get(KubernetesClient client, String uri, String what) throws IOException {
        try {
            String body = client.raw(uri);
            if (body == null) throw new IOException(what + ": " + uri + " answered nothing (404?)");
            return body;
        } catch (KubernetesClientException e) {
            throw new IOException(what + ": " + uri + " failed: " + e.getMessage(), e);
        }
    }
}
