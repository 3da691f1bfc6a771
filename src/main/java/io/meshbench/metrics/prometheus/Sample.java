package io.meshbench.metrics.prometheus;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * One line of exposition: a series (name and labels) and its value.
 *
 * @param name            the sample's own name, e.g. {@code istio_request_duration_milliseconds_bucket}
 * @param labels          label name → unescaped value, in the order they were written
 * @param value           may be NaN or ±Infinity
 * @param timestampMillis the optional timestamp (ms since the epoch), or null when absent
 * @param exemplar        the OpenMetrics exemplar written after it, or null
 */
public record Sample(String name, Map<String, String> labels, double value, Long timestampMillis, Exemplar exemplar) {

    public Sample {
        labels = Collections.unmodifiableMap(new LinkedHashMap<>(labels));
    }

    public Sample(String name, Map<String, String> labels, double value, Long timestampMillis) {
        this(name, labels, value, timestampMillis, null);
    }

    public Sample(String name, Map<String, String> labels, double value) {
        this(name, labels, value, null);
    }

    public String label(String labelName) {
        return labels.get(labelName);
    }

    /** The series in exposition syntax, e.g. {@code name{a="b"}}; values escaped as the format requires. */
    public String seriesId() {
        return seriesId(name, labels);
    }

    public static String seriesId(String name, Map<String, String> labels) {
        if (labels.isEmpty()) return name;
        return labels.entrySet().stream()
                .map(e -> e.getKey() + "=\"" + escape(e.getValue()) + "\"")
                .collect(Collectors.joining(",", name + "{", "}"));
    }

    static String escape(String value) {
        return value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }
}
