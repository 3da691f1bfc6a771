package io.meshbench.metrics.prometheus;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An OpenMetrics exemplar: {@code # {trace_id="…"} 0.67 1520879607.789} after a sample.
 *
 * @param labels          the exemplar's own labels (e.g. a trace id)
 * @param value           the observed value it exemplifies
 * @param timestampMillis when it was observed, or null
 */
public record Exemplar(Map<String, String> labels, double value, Long timestampMillis) {

    public Exemplar {
        labels = Collections.unmodifiableMap(new LinkedHashMap<>(labels));
    }
}
