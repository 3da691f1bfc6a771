package io.meshbench.analysis;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Pure functions from a {@link DisruptionTimeline} to its {@link DisruptionFigures}. A second is
 * <em>healthy</em> when requests completed in it, its error share is under the threshold and its p99
 * is at most {@link DisruptionFigures#SLOW_FACTOR} × the steady p99. Recovery is the first second,
 * from the fault's on, that starts {@link DisruptionFigures#HOLD_SECONDS} healthy seconds in a row.
 * The disruption span runs from the fault's second to recovery (at least that one second), or to
 * the window's end when the system never recovered; failures, affected services and p99 during
 * are counted over that span.
 */
public final class DisruptionAnalysis {

    private DisruptionAnalysis() {
    }

    /**
     * @param thresholdPct error share (percent) that counts as disrupted
     * @param detect       true for a bad rollout: also find when the threshold was first crossed
     */
    public static DisruptionFigures analyse(DisruptionTimeline t, double thresholdPct, boolean detect) {
        double threshold = thresholdPct / 100.0;
        List<SecondPoint> seconds = t.total();
        int fault = t.faultSecond();
        int first = seconds.isEmpty() ? 0 : seconds.get(0).second();
        int end = seconds.isEmpty() ? fault : seconds.get(seconds.size() - 1).second() + 1;
        Long steady = t.steadyP99Us() != null ? t.steadyP99Us() : medianP99Before(seconds, fault);

        Integer recovery = null;
        int run = 0;
        for (int s = Math.max(fault, first); s < end; s++) {
            run = healthy(seconds.get(s - first), threshold, steady) ? run + 1 : 0;
            if (run == DisruptionFigures.HOLD_SECONDS) {
                recovery = s - DisruptionFigures.HOLD_SECONDS + 1;
                break;
            }
        }
        int spanEnd = recovery == null ? end : Math.max(recovery, fault + 1);
        long failed = 0;
        long requests = 0;
        Long p99During = null;
        for (SecondPoint p : span(seconds, fault, spanEnd)) {
            failed += p.errors();
            requests += p.requests();
            if (p.p99Us() != null) p99During = p99During == null ? p.p99Us() : Math.max(p99During, p.p99Us());
        }
        Double detectS = null;
        if (detect) {
            for (SecondPoint p : span(seconds, fault, end)) {
                if (p.requests() > 0 && p.errorShare() >= threshold) {
                    detectS = Math.max(0, p.second() + 1 - t.faultAtS());
                    break;
                }
            }
        }
        Double recoverS = recovery == null ? null : Math.max(0, recovery - t.faultAtS());
        return new DisruptionFigures(t.mode(), t.repetition(), t.faultAtS(), failed, requests,
                affected(t, fault, spanEnd), detectS, recoverS, p99During, spanEnd);
    }

    /** Services that, in {@code [fault, spanEnd)}, failed a larger share than before the fault, or had a slow second. */
    static List<String> affected(DisruptionTimeline t, int fault, int spanEnd) {
        List<String> out = new ArrayList<>();
        for (Map.Entry<String, List<SecondPoint>> e : t.services().entrySet()) {
            List<SecondPoint> points = e.getValue();
            long beforeRequests = 0;
            long beforeErrors = 0;
            for (SecondPoint p : points) {
                if (p.second() < fault) {
                    beforeRequests += p.requests();
                    beforeErrors += p.errors();
                }
            }
            double steadyShare = beforeRequests == 0 ? 0 : beforeErrors / (double) beforeRequests;
            Long steadyP99 = t.steadyP99UsByService().get(e.getKey());
            if (steadyP99 == null) steadyP99 = medianP99Before(points, fault);
            long requests = 0;
            long errors = 0;
            boolean slow = false;
            for (SecondPoint p : points) {
                if (p.second() < fault || p.second() >= spanEnd) continue;
                requests += p.requests();
                errors += p.errors();
                slow |= isSlow(p, steadyP99);
            }
            boolean moreErrors = errors > 0 && errors / (double) requests > steadyShare;
            if (moreErrors || slow) out.add(e.getKey());
        }
        return out;
    }

    static boolean healthy(SecondPoint p, double threshold, Long steadyP99) {
        return p.requests() > 0 && p.errorShare() < threshold && !isSlow(p, steadyP99);
    }

    private static boolean isSlow(SecondPoint p, Long steadyP99) {
        return steadyP99 != null && p.p99Us() != null && p.p99Us() > DisruptionFigures.SLOW_FACTOR * steadyP99;
    }

    /** Median of the per-second p99s before the fault; null when there are none. */
    static Long medianP99Before(List<SecondPoint> points, int fault) {
        long[] p99s = points.stream().filter(p -> p.second() < fault).map(SecondPoint::p99Us).filter(Objects::nonNull)
                .mapToLong(Long::longValue).sorted().toArray();
        if (p99s.length == 0) return null;
        return p99s[(p99s.length - 1) / 2];
    }

    private static List<SecondPoint> span(List<SecondPoint> seconds, int from, int to) {
        return seconds.stream().filter(p -> p.second() >= from && p.second() < to).toList();
    }

    /** Median of per-repetition values, skipping nulls; null when every repetition is null. */
    public static Double median(List<DisruptionFigures> reps, Metric metric) {
        double[] v = reps.stream().map(r -> r.value(metric)).filter(Objects::nonNull).mapToDouble(Double::doubleValue)
                .sorted().toArray();
        if (v.length == 0) return null;
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    static double[] values(List<DisruptionFigures> reps, Metric metric) {
        return reps.stream().map(r -> r.value(metric)).filter(Objects::nonNull).mapToDouble(Double::doubleValue).toArray();
    }

    /**
     * Compares a disruption figure between two modes over their repetitions, exactly as every other
     * per-repetition figure is compared ({@link RepetitionStatistics#compare}: Welch's t on the
     * per-repetition values, Student-t interval, no verdict below the minimum repetitions).
     * Repetitions without a value (never recovered, no detection) are left out and the reason says
     * how many. {@code significant} is left null here: the run's Holm adjustment decides it.
     */
    public static Comparison compare(Metric metric, List<DisruptionFigures> from, List<DisruptionFigures> to,
                                     String fromLabel, String toLabel, AnalysisOptions options) {
        double[] a = values(from, metric);
        double[] b = values(to, metric);
        List<String> notes = new ArrayList<>();
        if (a.length < from.size()) notes.add((from.size() - a.length) + " of " + from.size() + " " + fromLabel + " repetitions without a value");
        if (b.length < to.size()) notes.add((to.size() - b.length) + " of " + to.size() + " " + toLabel + " repetitions without a value");
        if (a.length == 0 || b.length == 0) {
            notes.add(0, "not measured in " + (a.length == 0 ? fromLabel : toLabel));
            return Comparison.notMade(metric.id(), fromLabel, toLabel, String.join("; ", notes));
        }
        RepetitionStatistics.Result r = RepetitionStatistics.compare(a, b, options.permutationSamples(),
                Significance.rng(options.seed(), metric.id() + fromLabel + "->" + toLabel));
        if (r.reason() != null) notes.add(0, r.reason());
        else if (r.changePct() == null) notes.add(0, "no % change from a base of 0");
        return new Comparison(metric.id(), fromLabel, toLabel, r.nFrom(), r.nTo(), r.fromValue(), r.toValue(),
                r.changePct(), r.ci95(), r.pValue(), null, r.pExact(), r.method(), r.noiseFloorPct(), null,
                notes.isEmpty() ? null : String.join("; ", notes));
    }
}
