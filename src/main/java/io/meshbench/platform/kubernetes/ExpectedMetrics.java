package io.meshbench.platform.kubernetes;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The metric names each kind of Istio data-plane endpoint is expected to export; what is missing
 * is reported by name, so a changed Istio release shows up as a named gap rather than a zero.
 */
public final class ExpectedMetrics {
    public static final Map<String, List<String>> BY_KIND = Map.of(
            "ztunnel", List.of("istio_tcp_connections_opened_total", "istio_tcp_connections_closed_total",
                    "istio_tcp_sent_bytes_total", "istio_tcp_received_bytes_total"),
            "sidecar", List.of("envoy_server_memory_allocated", "envoy_server_memory_heap_size",
                    "istio_request_duration_milliseconds"),
            "waypoint", List.of("envoy_server_memory_allocated", "istio_request_duration_milliseconds"));

    private ExpectedMetrics() {
    }

    /** Expected names of {@code kind} that no sample line of {@code exposition} carries. */
    public static List<String> missing(String kind, String exposition) {
        List<String> out = new ArrayList<>();
        for (String metric : BY_KIND.getOrDefault(kind, List.of())) {
            if (!present(metric, exposition)) out.add(metric);
        }
        return out;
    }

    private static boolean present(String metric, String exposition) {
        for (String line : exposition.split("\n")) {
            if (line.startsWith("#") || !line.startsWith(metric)) continue;
            String rest = line.substring(metric.length());
            // histograms and summaries export name_bucket / _sum / _count; others name{…} or "name value"
            for (String suffix : new String[]{"_bucket", "_sum", "_count"}) {
                if (rest.startsWith(suffix)) rest = rest.substring(suffix.length());
            }
            if (rest.startsWith("{") || rest.startsWith(" ")) return true;
        }
        return false;
    }
}
