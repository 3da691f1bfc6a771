package io.meshbench.analysis;

import io.meshbench.metrics.RunRecord;

import java.util.List;
import java.util.Map;

/**
 * A run after analysis: the record it came from (kept so a report can be re-rendered and results
 * re-written), figures per mode in run order, comparisons between modes, and warnings for readers.
 */
public record AnalysedRun(RunRecord record, AnalysisOptions options, Map<String, ModeResult> modes,
                          List<Comparison> comparisons, List<String> warnings) {

    public AnalysedRun {
        modes = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(modes));
        comparisons = List.copyOf(comparisons);
        warnings = List.copyOf(warnings);
    }

    public ModeResult mode(String id) {
        return modes.get(id);
    }

    /** Comparison of a metric between two modes, or null when it was not made. */
    public Comparison comparison(String metric, String from, String to) {
        for (Comparison c : comparisons) {
            if (c.metric().equals(metric) && c.from().equals(from) && c.to().equals(to)) return c;
        }
        return null;
    }
}
