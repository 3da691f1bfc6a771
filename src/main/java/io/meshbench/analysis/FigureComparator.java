package io.meshbench.analysis;

import org.apache.commons.math3.random.RandomGenerator;

import java.util.Arrays;

/**
 * Compares one figure between two mode results — two modes of one run, or one mode of two runs
 * (the gate). One implementation for both, so the report and the gate never disagree.
 *
 * <ul>
 *   <li>latency: CI of the % change by resampling each side's interval histograms; p from a
 *       Mann-Whitney U test on values drawn from the merged histograms ({@link HistogramSamples});
 *   <li>pod startup and handshake: CI by resampling pods / edges; p from Mann-Whitney on them;
 *   <li>memory and idle CPU: one value per repetition, so a CI (bootstrap of the mean) and a
 *       Welch t-test need at least two repetitions per side, else both stay null;
 *   <li>services per node: a derived number without a distribution — no CI and no p.
 * </ul>
 */
public final class FigureComparator {

    private final AnalysisOptions options;

    public FigureComparator(AnalysisOptions options) {
        this.options = options;
    }

    public Comparison compare(Metric metric, ModeResult from, ModeResult to, String fromLabel, String toLabel) {
        Double a = metric.value(from);
        Double b = metric.value(to);
        Double change = a == null || b == null ? null : finiteOrNull(Significance.pctChange(a, b));
        String note = null;
        if (a == null || b == null) note = "not measured in " + (a == null ? fromLabel : toLabel);
        else if (change == null) note = "no % change from a base of 0";
        Interval ci = null;
        Double p = null;
        RandomGenerator rng = Significance.rng(options.seed(), metric.id() + fromLabel + "->" + toLabel);
        if (change != null) {
            switch (metric.kind()) {
                case LATENCY -> {
                    IntervalResampler ra = new IntervalResampler(from.intervals());
                    IntervalResampler rb = new IntervalResampler(to.intervals());
                    if (ra.intervals() >= options.minIntervals() && rb.intervals() >= options.minIntervals()) {
                        ci = Significance.changeInterval(ra, rb, metric.percentile(), options.bootstrapResamples(), rng);
                    } else {
                        note = "fewer than " + options.minIntervals() + " interval histograms: no CI";
                    }
                    p = Significance.mannWhitney(HistogramSamples.of(from.mergedLatency(), options.maxTestSamples()),
                            HistogramSamples.of(to.mergedLatency(), options.maxTestSamples()));
                }
                case STARTUP, HANDSHAKE -> {
                    double[] va = metric.kind() == Metric.Kind.STARTUP ? from.startupMillis() : from.handshakeMicros();
                    double[] vb = metric.kind() == Metric.Kind.STARTUP ? to.startupMillis() : to.handshakeMicros();
                    double pct = metric.percentile();
                    ci = Significance.changeInterval(va, vb, v -> percentile(v, pct), options.bootstrapResamples(), rng);
                    p = Significance.mannWhitney(va, vb);
                    if (ci == null) note = "fewer than 2 values per side: no CI";
                }
                case MEMORY, CPU_IDLE -> {
                    double[] va = metric.kind() == Metric.Kind.MEMORY ? from.memoryPerPodByRepetition() : from.cpuIdlePerPodByRepetition();
                    double[] vb = metric.kind() == Metric.Kind.MEMORY ? to.memoryPerPodByRepetition() : to.cpuIdlePerPodByRepetition();
                    ci = Significance.changeInterval(va, vb, Significance::mean, options.bootstrapResamples(), rng);
                    p = Significance.welch(va, vb);
                    if (ci == null) note = "one repetition: no variance estimate (run with -Drepeat=3 or more)";
                }
                case SERVICES_PER_NODE -> note = "derived figure: no distribution";
            }
        }
        return new Comparison(metric.id(), fromLabel, toLabel, a, b, change, ci, p,
                Significance.significant(p, ci, options.alpha()), note);
    }

    private static double percentile(double[] values, double pct) {
        double[] s = values.clone();
        Arrays.sort(s);
        return Spread.nearestRank(s, pct);
    }

    private static Double finiteOrNull(double v) {
        return Double.isFinite(v) ? v : null;
    }
}
