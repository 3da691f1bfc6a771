package io.meshbench.metrics.prometheus;

import java.util.Locale;

/** The types a {@code # TYPE} line may declare, in Prometheus text 0.0.4 and OpenMetrics 1.0. */
public enum MetricType {
    COUNTER, GAUGE, HISTOGRAM, SUMMARY,
    /** OpenMetrics' gauge histogram: {@code _bucket}, {@code _gcount}, {@code _gsum}; not monotonic. */
    GAUGE_HISTOGRAM,
    /** OpenMetrics' state set: one sample per state, labelled with the family's own name. */
    STATESET,
    /** OpenMetrics' info: a {@code _info} sample whose labels are the information. */
    INFO,
    /** 0.0.4's {@code untyped} and OpenMetrics' {@code unknown}, and any metric with no TYPE line. */
    UNTYPED;

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
            case "gaugehistogram" -> GAUGE_HISTOGRAM;
            case "stateset" -> STATESET;
            case "info" -> INFO;
            case "untyped", "unknown" -> UNTYPED;
            default -> null;
        };
    }

    /** The sample name suffixes a family of this type owns besides its bare name. */
    java.util.List<String> suffixes() {
        return switch (this) {
            case COUNTER -> java.util.List.of("_total", "_created");
            case HISTOGRAM -> java.util.List.of("_bucket", "_sum", "_count", "_created");
            case SUMMARY -> java.util.List.of("_sum", "_count", "_created");
            case GAUGE_HISTOGRAM -> java.util.List.of("_bucket", "_gsum", "_gcount");
            case INFO -> java.util.List.of("_info");
            default -> java.util.List.of();
        };
    }

    static final String TYPE_WORDS = "counter, gauge, histogram, summary, gaugehistogram, stateset, info, unknown or untyped";
}
