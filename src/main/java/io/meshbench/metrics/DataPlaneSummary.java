package io.meshbench.metrics;

import org.HdrHistogram.Histogram;

import java.util.List;
import java.util.Map;

/**
 * What the data plane's own Prometheus endpoints said about one measured window.
 *
 * @param counterDeltas      metric name (with a selector where it matters) → increase over the
 *                           window, summed over all endpoints of the mode
 * @param tlsHandshakeMicros the proxies' own TLS handshake durations, or null when the data plane
 *                           exports none (real ztunnel does not)
 * @param tlsHandshakeMethod how {@code tlsHandshakeMicros} was measured: {@link #HANDSHAKES_EXACT}
 *                           or {@link #HANDSHAKES_BUCKETS}; null when there is none
 * @param missingMetrics     metric names expected from this data plane but not found, by name
 *                           and endpoint kind, then endpoints whose scrape failed, with the reason
 *                           (built by {@link io.meshbench.metrics.scrape.MetricsScraper})
 */
public record DataPlaneSummary(Map<String, Double> counterDeltas, Histogram tlsHandshakeMicros,
                               String tlsHandshakeMethod, List<String> missingMetrics) {

    /** Each client-side handshake recorded by the proxies into an HdrHistogram: exact values. */
    public static final String HANDSHAKES_EXACT = "hdr_histogram_client";
    /** Only the Prometheus histogram was exported: every value is its bucket's upper edge. */
    public static final String HANDSHAKES_BUCKETS = "prometheus_bucket_upper_edges";

    /** A summary whose handshake histogram (if any) came from Prometheus buckets. */
    public DataPlaneSummary(Map<String, Double> counterDeltas, Histogram tlsHandshakeMicros, List<String> missingMetrics) {
        this(counterDeltas, tlsHandshakeMicros, tlsHandshakeMicros == null ? null : HANDSHAKES_BUCKETS, missingMetrics);
    }

    /**
     * How a mode's handshake figure was measured, over its repetitions' summaries (nulls skipped):
     * {@link #HANDSHAKES_EXACT}, {@link #HANDSHAKES_BUCKETS}, "mixed" when repetitions differ, or
     * null when none has handshakes.
     */
    public static String method(List<DataPlaneSummary> summaries) {
        List<String> methods = summaries.stream().filter(java.util.Objects::nonNull)
                .map(DataPlaneSummary::tlsHandshakeMethod).filter(java.util.Objects::nonNull).distinct().toList();
        return methods.isEmpty() ? null : methods.size() == 1 ? methods.get(0) : "mixed";
    }

    public static DataPlaneSummary empty() {
        return new DataPlaneSummary(Map.of(), null, null, List.of());
    }
}
