package io.meshbench.analysis;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/**
 * Every comparable figure of one repetition (one fresh deployment of a mode, measured for a whole
 * window): its latency percentiles from that window's calls, its pods' startup percentiles, its
 * first-call and churn-probe handshake figures, its idle memory and CPU, its achieved rate. A figure
 * that was not measured in the repetition is absent. These values — one per repetition — are what
 * comparisons and confidence intervals work on.
 */
public record RepetitionFigures(int repetition, Map<Metric, Double> values) {

    public RepetitionFigures {
        EnumMap<Metric, Double> copy = new EnumMap<>(Metric.class);
        values.forEach((k, v) -> {
            if (v != null && Double.isFinite(v)) copy.put(k, v);
        });
        values = Collections.unmodifiableMap(copy);
    }

    public Double get(Metric metric) {
        return values.get(metric);
    }
}
