package io.meshbench.metrics.prometheus;

import java.util.List;

/**
 * One parsed scrape: the families that could be read, and one problem per family (or unreadable
 * line) that was skipped.
 *
 * @param families   in order of first appearance
 * @param skipped    one entry per skipped family or line, naming it, its line and what is wrong
 * @param openMetrics whether the text was OpenMetrics (it ended with {@code # EOF}): timestamps were seconds
 */
public record Exposition(List<MetricFamily> families, List<MetricsFormatException> skipped, boolean openMetrics) {

    public Exposition {
        families = List.copyOf(families);
        skipped = List.copyOf(skipped);
    }

    /** One line per skipped family or line, for a scrape's warnings. */
    public List<String> warnings() {
        return skipped.stream().map(MetricsFormatException::warning).toList();
    }
}
