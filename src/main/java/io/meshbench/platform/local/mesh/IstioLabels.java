package io.meshbench.platform.local.mesh;

import java.util.List;

/**
 * The label sets Istio's proxies put on their standard metrics, in the order they write them, and
 * the values as Istio fills them: {@code destination_service} as the FQDN
 * {@code <svc>.<ns>.svc.cluster.local}, canonical service and revision (Istio's defaults: the
 * workload's name and {@code latest}), app and version ({@code unknown} when the pod has no such
 * label), cluster {@code Kubernetes} (Istio's default cluster id). A query or dashboard written for
 * real Istio reads the embedded data plane unchanged.
 */
final class IstioLabels {

    /** Istio's cluster id when none is configured. */
    static final String CLUSTER = "Kubernetes";
    static final String DOMAIN = "svc.cluster.local";

    private static final List<String> PEER_SOURCE = List.of("source_workload", "source_canonical_service",
            "source_canonical_revision", "source_workload_namespace", "source_principal", "source_app",
            "source_version", "source_cluster");

    /** ztunnel's labels on its istio_tcp_* counters (ztunnel's CommonTrafficLabels). */
    static final String[] ZTUNNEL_TCP = concat(List.of("reporter"), PEER_SOURCE, List.of("destination_service",
            "destination_service_namespace", "destination_service_name", "destination_workload",
            "destination_canonical_service", "destination_canonical_revision", "destination_workload_namespace",
            "destination_principal", "destination_app", "destination_version", "destination_cluster",
            "request_protocol", "response_flags", "connection_security_policy"));

    /** Envoy's (Istio stats filter) labels on istio_requests_total and istio_request_duration_milliseconds. */
    static final String[] ENVOY_REQUEST = concat(List.of("response_code", "reporter"), PEER_SOURCE,
            List.of("destination_workload", "destination_workload_namespace", "destination_principal",
                    "destination_app", "destination_version", "destination_service", "destination_canonical_service",
                    "destination_canonical_revision", "destination_service_name", "destination_service_namespace",
                    "destination_cluster", "request_protocol", "response_flags", "grpc_response_status",
                    "connection_security_policy"));

    private IstioLabels() {
    }

    /** ztunnel's values; it only ever writes {@code mutual_tls} or {@code unknown} as the security policy. */
    static String[] ztunnelTcp(String reporter, ProxyMetrics.Peer source, ProxyMetrics.Peer destination,
                               boolean mutualTls) {
        return concat(List.of(reporter), source(source), List.of(fqdn(destination), destination.namespace(),
                destination.service(), destination.workload(), destination.workload(), revision(destination),
                destination.namespace(), destination.principal(), destination.workload(), "unknown", cluster(destination),
                "tcp", "-", mutualTls ? "mutual_tls" : "unknown"));
    }

    /**
     * Envoy's values. The security policy is what the reporting side knows: {@code mutual_tls} or
     * {@code none} at the destination, always {@code unknown} at the source (Istio's documentation).
     */
    static String[] envoyRequest(String reporter, ProxyMetrics.Peer source, ProxyMetrics.Peer destination, int status,
                                 String flags, String security) {
        String policy = "source".equals(reporter) ? "unknown" : security;
        return concat(List.of(Integer.toString(status), reporter), source(source), List.of(destination.workload(),
                destination.namespace(), destination.principal(), destination.workload(), "unknown", fqdn(destination),
                destination.workload(), revision(destination), destination.service(), destination.namespace(),
                cluster(destination), "http", flags, "-", policy));
    }

    private static List<String> source(ProxyMetrics.Peer p) {
        return List.of(p.workload(), p.workload(), revision(p), p.namespace(), p.principal(), p.workload(), "unknown",
                cluster(p));
    }

    /** {@code <svc>.<ns>.svc.cluster.local}, or {@code unknown} when the service or its namespace is not known. */
    static String fqdn(ProxyMetrics.Peer p) {
        if (isUnknown(p.service()) || isUnknown(p.namespace())) return p.service();
        return p.service() + "." + p.namespace() + "." + DOMAIN;
    }

    private static String revision(ProxyMetrics.Peer p) {
        return isUnknown(p.workload()) ? "unknown" : "latest";
    }

    private static String cluster(ProxyMetrics.Peer p) {
        return isUnknown(p.workload()) ? "unknown" : CLUSTER;
    }

    private static boolean isUnknown(String s) {
        return s == null || s.isEmpty() || "unknown".equals(s);
    }

    @SafeVarargs
    private static String[] concat(List<String>... parts) {
        return java.util.Arrays.stream(parts).flatMap(List::stream).toArray(String[]::new);
    }
}
