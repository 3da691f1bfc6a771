package io.meshbench.metrics.scrape;

import io.meshbench.metrics.prometheus.MetricFamily;
import org.HdrHistogram.Histogram;

import java.util.List;

/**
 * What one metrics endpoint said at one moment.
 *
 * @param name     the source's pod or process name
 * @param kind     "ztunnel", "sidecar", "waypoint" or "workload"
 * @param families the parsed exposition; empty when the scrape failed
 * @param failure  why the scrape failed, or null
 * @param warnings one per metric family (or line) the parser skipped, naming it, its line and the problem
 * @param skippedFamilies the names of the families the parser skipped
 * @param handshakes the endpoint's exact client-side handshake histogram (µs, everything since it
 *                   started), or null when it serves none or reading it failed
 */
public record ScrapedSource(String name, String kind, List<MetricFamily> families, String failure,
                            List<String> warnings, List<String> skippedFamilies, Histogram handshakes) {

    public ScrapedSource {
        families = List.copyOf(families);
        warnings = List.copyOf(warnings);
        skippedFamilies = List.copyOf(skippedFamilies);
    }

    public ScrapedSource(String name, String kind, List<MetricFamily> families, String failure,
                         List<String> warnings, List<String> skippedFamilies) {
        this(name, kind, families, failure, warnings, skippedFamilies, null);
    }

    public ScrapedSource(String name, String kind, List<MetricFamily> families, String failure) {
        this(name, kind, families, failure, List.of(), List.of());
    }

    /** Whether a family that would hold this metric was skipped as unreadable (its warning says so). */
    public boolean skipped(String metricName) {
        return skippedFamilies.stream().anyMatch(f -> metricName.equals(f) || metricName.startsWith(f + "_"));
    }

    public boolean failed() {
        return failure != null;
    }

    /** Whether the endpoint exports (or declares) a metric of this family or sample name. */
    public boolean provides(String metricName) {
        return families.stream().anyMatch(f -> f.provides(metricName));
    }
}
