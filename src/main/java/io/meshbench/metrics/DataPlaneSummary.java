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
 * @param missingMetrics     metric names expected from this data plane but not found, by name
 *                           and endpoint kind, then endpoints whose scrape failed, with the reason
 *                           (built by {@link io.meshbench.metrics.scrape.MetricsScraper})
 */
public record DataPlaneSummary(Map<String, Double> counterDeltas, Histogram tlsHandshakeMicros,
                               List<String> missingMetrics) {

    public static DataPlaneSummary empty() {
        return new DataPlaneSummary(Map.of(), null, List.of());
    }
}
