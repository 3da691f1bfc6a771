package io.meshbench.analysis;

/** How much worse a figure may get before the gate fails: {@code maxWorsePct} percent worse. */
public record Threshold(Metric metric, double maxWorsePct) {

    @Override
    public String toString() {
        return metric.id() + ":+" + (maxWorsePct == Math.rint(maxWorsePct) ? String.valueOf((long) maxWorsePct) : String.valueOf(maxWorsePct)) + "%";
    }
}
