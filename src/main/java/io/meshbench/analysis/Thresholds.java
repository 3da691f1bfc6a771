package io.meshbench.analysis;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Regression thresholds of the nightly gate, parsed from {@code -Dfail.on} or a scenario:
 * {@code latency_us.p99:+10%,memory_per_pod_bytes:+15%}. Each token is {@code <metric>:+<percent>%};
 * the percent is how much worse the figure may get (for services_per_node, worse means fewer).
 */
public record Thresholds(List<Threshold> items) {

    private static final Pattern TOKEN = Pattern.compile("([A-Za-z0-9_.]+)\\s*:\\s*\\+?\\s*([0-9]+(?:\\.[0-9]+)?)\\s*%");

    public Thresholds {
        items = List.copyOf(items);
    }

    public static Thresholds none() {
        return new Thresholds(List.of());
    }

    /**
     * Parses the comma-separated list. Errors name the offending token and the expected form or the
     * valid metric names. Blank text means no thresholds.
     */
    public static Thresholds parse(String text) {
        if (text == null || text.isBlank()) return none();
        Map<Metric, Threshold> byMetric = new LinkedHashMap<>();
        for (String raw : text.split(",")) {
            String token = raw.trim();
            if (token.isEmpty()) {
                throw new IllegalArgumentException("fail.on: empty entry in '" + text + "' (remove the extra comma)");
            }
            Matcher m = TOKEN.matcher(token);
            if (!m.matches()) {
                String hint = token.contains(":-") ? " (a threshold is how much WORSE a figure may get, so write it with + or no sign)" : "";
                throw new IllegalArgumentException("fail.on: cannot read '" + token + "'; expected <metric>:+<percent>%, e.g. "
                        + "latency_us.p99:+10%" + hint);
            }
            Metric metric;
            try {
                metric = Metric.byId(m.group(1));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("fail.on: unknown metric '" + m.group(1) + "' in '" + token
                        + "'; valid metrics: " + Metric.validNames(), e);
            }
            if (byMetric.containsKey(metric)) {
                throw new IllegalArgumentException("fail.on: metric '" + metric.id() + "' given twice (in '" + token + "')");
            }
            byMetric.put(metric, new Threshold(metric, Double.parseDouble(m.group(2))));
        }
        return new Thresholds(new ArrayList<>(byMetric.values()));
    }

    public boolean isEmpty() {
        return items.isEmpty();
    }

    @Override
    public String toString() {
        return String.join(",", items.stream().map(Threshold::toString).toList());
    }
}
