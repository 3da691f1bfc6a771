package io.meshbench.metrics.scrape;

import io.meshbench.metrics.prometheus.Sample;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Every counter-like series' growth over one window, per endpoint: counters, and the buckets,
 * sums and counts of histograms and summaries. Gauges are not here (they do not accumulate).
 */
public record WindowDeltas(List<SeriesDelta> series) {

    public WindowDeltas {
        series = List.copyOf(series);
    }

    /** Growth of a sample name summed over all endpoints and label sets. */
    public double sum(String sampleName) {
        return sum(sampleName, Map.of());
    }

    /** Growth of a sample name summed over the series whose labels match, e.g. reporter=destination. */
    public double sum(String sampleName, Map<String, String> matchers) {
        return series.stream().filter(d -> d.sampleName().equals(sampleName) && d.matches(matchers))
                .mapToDouble(SeriesDelta::delta).sum();
    }

    /** The deltas of one sample name, in endpoint order. */
    public List<SeriesDelta> named(String sampleName) {
        return series.stream().filter(d -> d.sampleName().equals(sampleName)).toList();
    }

    /**
     * Sums per sample name and per chosen label: for every sample name the key {@code name} (all
     * series), and for every chosen label a series carries, {@code name{label="value"}} — e.g.
     * {@code istio_requests_total{reporter="destination"}} and
     * {@code istio_requests_total{response_code="200"}}. Histogram buckets are keyed by their
     * {@code le} alone: {@code name_bucket{le="0.5"}}.
     */
    public Map<String, Double> sumsBy(List<String> chosenLabels) {
        Map<String, Double> sums = new TreeMap<>();
        for (SeriesDelta d : series) {
            sums.merge(d.sampleName(), d.delta(), Double::sum);
            List<String> keys = new ArrayList<>();
            if (d.sampleName().endsWith("_bucket") && d.labels().containsKey("le")) {
                keys.add(Sample.seriesId(d.sampleName(), Map.of("le", d.labels().get("le"))));
            } else {
                for (String label : chosenLabels) {
                    String value = d.labels().get(label);
                    if (value != null) keys.add(Sample.seriesId(d.sampleName(), Map.of(label, value)));
                }
            }
            keys.forEach(k -> sums.merge(k, d.delta(), Double::sum));
        }
        return sums;
    }
}
