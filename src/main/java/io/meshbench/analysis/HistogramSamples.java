package io.meshbench.analysis;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;

/**
 * Turns a latency histogram into values a rank test can use, deterministically.
 *
 * <p>When the histogram holds at most {@code cap} calls, every recorded value is repeated as many
 * times as it was counted (values are HdrHistogram bucket values — 3 significant digits). Above
 * the cap it takes {@code cap} values at evenly spaced ranks, (i + ½) ÷ cap of the way through the
 * sorted calls — a stratified subsample that keeps the distribution's shape exactly and needs no
 * random numbers. The cap is deliberate: with millions of calls a rank test calls any difference
 * "significant", however small; on a fixed number of quantile-spaced values it asks whether the
 * distributions differ in shape by more than sampling noise of that size. The CI of the change,
 * from the interval bootstrap, is the second half of every significance decision.
 */
public final class HistogramSamples {

    private HistogramSamples() {
    }

    public static double[] of(Histogram h, int cap) {
        long total = h.getTotalCount();
        if (total == 0) return new double[0];
        if (total <= cap) {
            double[] out = new double[(int) total];
            int k = 0;
            for (HistogramIterationValue v : h.recordedValues()) {
                for (long c = 0; c < v.getCountAtValueIteratedTo(); c++) out[k++] = v.getValueIteratedTo();
            }
            return out;
        }
        double[] out = new double[cap];
        int i = 0;
        long cumulative = 0;
        for (HistogramIterationValue v : h.recordedValues()) {
            cumulative += v.getCountAtValueIteratedTo();
            // rank (1-based) of the i-th quantile-spaced sample
            while (i < cap && (long) Math.floor((i + 0.5) * total / cap) + 1 <= cumulative) {
                out[i++] = v.getValueIteratedTo();
            }
        }
        while (i < cap) out[i] = out[i++ - 1]; // guards rounding at the very top
        return out;
    }
}
