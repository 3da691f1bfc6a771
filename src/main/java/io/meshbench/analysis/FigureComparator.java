package io.meshbench.analysis;

/**
 * Compares one figure between two mode results — two modes of one run, or one mode of two runs
 * (the gate) — over their per-repetition values ({@link RepetitionStatistics}). One implementation
 * for both, so the report and the gate never disagree. The p it returns is unadjusted; the caller
 * adjusts it across its family ({@link Holm}) with {@link Comparison#adjusted}.
 */
public final class FigureComparator {

    private final AnalysisOptions options;

    public FigureComparator(AnalysisOptions options) {
        this.options = options;
    }

    public Comparison compare(Metric metric, ModeResult from, ModeResult to, String fromLabel, String toLabel) {
        double[] a = from.values(metric);
        double[] b = to.values(metric);
        if (a.length == 0 || b.length == 0) {
            return Comparison.notMade(metric.id(), fromLabel, toLabel, "not measured in " + (a.length == 0 ? fromLabel : toLabel));
        }
        RepetitionStatistics.Result r = RepetitionStatistics.compare(a, b, options.permutationSamples(),
                Significance.rng(options.seed(), metric.id() + fromLabel + "->" + toLabel));
        String reason = r.reason();
        if (r.changePct() == null && reason == null) reason = "no % change from a base of 0";
        return new Comparison(metric.id(), fromLabel, toLabel, r.nFrom(), r.nTo(), r.fromValue(), r.toValue(),
                r.changePct(), r.ci95(), r.pValue(), null, r.pExact(), r.method(), r.noiseFloorPct(), null, reason);
    }
}
