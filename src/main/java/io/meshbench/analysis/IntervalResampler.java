package io.meshbench.analysis;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;
import org.apache.commons.math3.random.RandomGenerator;

import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;

/**
 * Bootstrap of latency percentiles by resampling whole interval histograms with replacement: a
 * resample draws as many intervals as were recorded and merges them. Whole intervals are the unit
 * (not single calls) because calls close in time are correlated — a GC pause or a noisy neighbour
 * slows a whole interval — and resampling calls one by one would give intervals far too narrow.
 *
 * <p>Histograms are held sparsely (distinct recorded values and counts) so that a thousand
 * resamples of a few hundred intervals take milliseconds, not the minutes that merging full
 * HdrHistogram count arrays would. Percentiles use HdrHistogram's own definition (the value at
 * which the cumulative count reaches ceil(p% × total), reported as the bucket's highest equivalent
 * value), so a resample of all intervals reproduces {@code Histogram.getValueAtPercentile} exactly.
 */
public final class IntervalResampler {

    private final long[] values;
    private final int[][] index;
    private final long[][] counts;

    public IntervalResampler(List<Histogram> intervals) {
        TreeSet<Long> distinct = new TreeSet<>();
        for (Histogram h : intervals) {
            for (HistogramIterationValue v : h.recordedValues()) distinct.add(v.getValueIteratedTo());
        }
        values = distinct.stream().mapToLong(Long::longValue).toArray();
        index = new int[intervals.size()][];
        counts = new long[intervals.size()][];
        for (int i = 0; i < intervals.size(); i++) {
            Histogram h = intervals.get(i);
            int n = 0;
            for (HistogramIterationValue ignored : h.recordedValues()) n++;
            index[i] = new int[n];
            counts[i] = new long[n];
            int k = 0;
            for (HistogramIterationValue v : h.recordedValues()) {
                index[i][k] = Arrays.binarySearch(values, v.getValueIteratedTo());
                counts[i][k] = v.getCountAtValueIteratedTo();
                k++;
            }
        }
    }

    public int intervals() {
        return index.length;
    }

    /** Counts of one bootstrap resample, one slot per distinct value. */
    public long[] resample(RandomGenerator rng) {
        long[] acc = new long[values.length];
        for (int draw = 0; draw < index.length; draw++) {
            int i = rng.nextInt(index.length);
            int[] ix = index[i];
            long[] c = counts[i];
            for (int k = 0; k < ix.length; k++) acc[ix[k]] += c[k];
        }
        return acc;
    }

    /** Counts of all intervals, each once (the observed data). */
    public long[] all() {
        long[] acc = new long[values.length];
        for (int i = 0; i < index.length; i++) {
            for (int k = 0; k < index[i].length; k++) acc[index[i][k]] += counts[i][k];
        }
        return acc;
    }

    /** Percentile of a resample in HdrHistogram's definition; NaN when the resample is empty. */
    public double percentile(long[] acc, double percentile) {
        long total = 0;
        for (long c : acc) total += c;
        if (total == 0) return Double.NaN;
        double requested = Math.min(Math.max(Math.nextAfter(percentile, Double.NEGATIVE_INFINITY), 0.0), 100.0);
        long countAt = Math.max(1, (long) Math.ceil(requested * total / 100.0));
        long running = 0;
        for (int i = 0; i < acc.length; i++) {
            running += acc[i];
            if (running >= countAt) return values[i];
        }
        return values[values.length - 1];
    }
}
