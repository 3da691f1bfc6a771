package io.meshbench.metrics.scrape;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How much one counter series (or histogram bucket, sum or count) grew over a window on one
 * endpoint.
 *
 * @param reset whether the endpoint's value went down (a restart), so the delta is the after value
 */
public record SeriesDelta(String source, String kind, String sampleName, Map<String, String> labels,
                          double delta, boolean reset) {

    public SeriesDelta {
        labels = Collections.unmodifiableMap(new LinkedHashMap<>(labels));
    }

    /** Whether every matcher's label has exactly that value here. */
    public boolean matches(Map<String, String> matchers) {
        return matchers.entrySet().stream().allMatch(m -> m.getValue().equals(labels.get(m.getKey())));
    }
}
