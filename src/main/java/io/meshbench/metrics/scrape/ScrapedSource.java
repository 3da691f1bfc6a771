package io.meshbench.metrics.scrape;

import io.meshbench.metrics.prometheus.MetricFamily;

import java.util.List;

/**
 * What one metrics endpoint said at one moment.
 *
 * @param name     the source's pod or process name
 * @param kind     "ztunnel", "sidecar", "waypoint" or "workload"
 * @param families the parsed exposition; empty when the scrape failed
 * @param failure  why the scrape or its parsing failed (naming the line for format errors), or null
 */
public record ScrapedSource(String name, String kind, List<MetricFamily> families, String failure) {

    public ScrapedSource {
        families = List.copyOf(families);
    }

    public boolean failed() {
        return failure != null;
    }

    /** Whether the endpoint exports (or declares) a metric of this family or sample name. */
    public boolean provides(String metricName) {
        return families.stream().anyMatch(f -> f.provides(metricName));
    }
}
