package io.meshbench.analysis;

import io.meshbench.metrics.RunRecord;

import java.util.List;
import java.util.Map;

/**
 * A run after analysis: the record it came from (kept so a report can be re-rendered and results
 * re-written), figures per mode in run order, comparisons between modes, and warnings for readers.
 */
public record AnalysedRun(RunRecord record, AnalysisOptions options, Map<String, ModeResult> modes,
                          List<Comparison> comparisons, List<String> warnings, RunDisruption disruption) {

    /** A run without a disruption scenario. */
    public AnalysedRun(RunRecord record, AnalysisOptions options, Map<String, ModeResult> modes,
                       List<Comparison> comparisons, List<String> warnings) {
        this(record, options, modes, comparisons, warnings, null);
    }

    public AnalysedRun {
        modes = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(modes));
        comparisons = List.copyOf(comparisons);
        warnings = List.copyOf(warnings);
    }

    /**
     * This run with its disruption scenario's figures: each mode's repetitions gain their
     * {@code disruption.*} values (so the gate and {@link Metric#value} see them like any figure),
     * and every pair of modes gets the disruption comparisons, with the same per-repetition
     * statistics as the steady figures and Holm's adjustment across their own family.
     */
    public AnalysedRun withDisruption(RunDisruption d) {
        if (d == null) return this;
        Map<String, ModeResult> out = new java.util.LinkedHashMap<>();
        modes.forEach((id, m) -> out.put(id, m.withDisruption(d.figures().getOrDefault(id, List.of()))));
        List<Comparison> family = new java.util.ArrayList<>();
        List<String> ids = new java.util.ArrayList<>(d.figures().keySet());
        ids.removeIf(id -> !modes.containsKey(id));
        boolean rollout = "bad-rollout".equals(d.kind());
        for (int i = 0; i < ids.size(); i++) {
            for (int j = i + 1; j < ids.size(); j++) {
                for (Metric metric : RunDisruption.COMPARED) {
                    if (metric == Metric.DISRUPTION_DETECT_S && !rollout) continue;
                    family.add(DisruptionAnalysis.compare(metric, d.figures().get(ids.get(i)), d.figures().get(ids.get(j)),
                            ids.get(i), ids.get(j), options));
                }
            }
        }
        List<Comparison> all = new java.util.ArrayList<>(comparisons);
        all.addAll(Analysis.adjustAcross(family, options.alpha()));
        return new AnalysedRun(record, options, out, all, warnings, d);
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
