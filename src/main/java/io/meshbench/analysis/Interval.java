package io.meshbench.analysis;

/** A closed interval [lo, hi], e.g. a 95% confidence interval. */
public record Interval(double lo, double hi) {

    public boolean excludesZero() {
        return lo > 0 || hi < 0;
    }

    public boolean contains(double v) {
        return v >= lo && v <= hi;
    }
}
