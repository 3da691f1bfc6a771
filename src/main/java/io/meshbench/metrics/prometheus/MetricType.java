package io.meshbench.metrics.prometheus;

import java.util.Locale;

/** The types a {@code # TYPE} line may declare. */
public enum MetricType {
    COUNTER, GAUGE, HISTOGRAM, SUMMARY, UNTYPED;

    /**
     * Parses the type word of a {@code # TYPE} line; returns null for a word that is not a type.
     * OpenMetrics' {@code unknown} (what Rust's prometheus-client, and so ztunnel, may write) means
     * untyped.
     */
    static MetricType fromWord(String word) {
        return switch (word.toLowerCase(Locale.ROOT)) {
            case "counter" -> COUNTER;
            case "gauge" -> GAUGE;
            case "histogram" -> HISTOGRAM;
            case "summary" -> SUMMARY;
            case "untyped", "unknown" -> UNTYPED;
            default -> null;
        };
    }
}
