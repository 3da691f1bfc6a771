package io.meshbench.metrics.scrape;

import io.meshbench.metrics.LatencyRecording;
import io.meshbench.metrics.prometheus.PrometheusText;
import org.HdrHistogram.Histogram;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Turns a Prometheus histogram's bucket deltas into an HdrHistogram.
 *
 * <p>This is an approximation: a Prometheus histogram only says how many observations fell
 * at or below each bound, so each bucket's count is recorded at its upper bound (every value is
 * rounded up to its bucket's bound). Observations above the largest finite bound (the {@code +Inf}
 * bucket) are recorded at that largest finite bound, so the top of the distribution is understated
 * when they exist. Percentiles read from the result are therefore only as fine as the buckets.
 */
public final class BucketHistograms {

    private BucketHistograms() {
    }

    /**
     * @param bucketDeltas the {@code <name>_bucket} deltas of one histogram family, any number of
     *                     endpoints and label sets (each with its own {@code le} series)
     * @param unitsToMicros multiplier from the metric's unit to µs (1e6 for seconds, 1e3 for ms)
     */
    public static Histogram toMicros(List<SeriesDelta> bucketDeltas, double unitsToMicros) {
        Map<Double, Double> countAtBound = new TreeMap<>();
        for (List<SeriesDelta> oneSeries : bySeries(bucketDeltas).values()) {
            oneSeries.sort(Comparator.comparingDouble(d -> PrometheusText.bound(d.labels().get("le"))));
            double below = 0;
            for (SeriesDelta d : oneSeries) {
                // Buckets are cumulative; a scrape taken mid-update can make one dip, which counts as 0.
                double inBucket = Math.max(0, d.delta() - below);
                below = Math.max(below, d.delta());
                countAtBound.merge(PrometheusText.bound(d.labels().get("le")), inBucket, Double::sum);
            }
        }
        double largestFinite = countAtBound.keySet().stream().filter(Double::isFinite)
                .max(Double::compare).orElse(Double.NaN);
        Histogram h = LatencyRecording.newHistogram();
        for (Map.Entry<Double, Double> e : countAtBound.entrySet()) {
            long count = Math.round(e.getValue());
            if (count <= 0) continue;
            double bound = Double.isFinite(e.getKey()) ? e.getKey() : largestFinite;
            if (Double.isNaN(bound)) continue; // only a +Inf bucket: no value to place the counts at
            long micros = Math.round(bound * unitsToMicros);
            h.recordValueWithCount(Math.max(1, Math.min(LatencyRecording.HIGHEST_TRACKABLE_MICROS, micros)), count);
        }
        return h;
    }

    /** Groups bucket deltas by endpoint and labels other than {@code le}. */
    private static Map<String, List<SeriesDelta>> bySeries(List<SeriesDelta> bucketDeltas) {
        Map<String, List<SeriesDelta>> groups = new LinkedHashMap<>();
        for (SeriesDelta d : bucketDeltas) {
            Map<String, String> rest = new TreeMap<>(d.labels());
            rest.remove("le");
            groups.computeIfAbsent(d.source() + "|" + rest, k -> new ArrayList<>()).add(d);
        }
        return groups;
    }
}
