package io.meshbench.analysis;

import java.util.List;

/**
 * The disruption figures of one repetition of one mode (definitions in docs/disruption.md).
 *
 * @param failedRequests   requests that failed from the fault's second until recovery (or the window's end)
 * @param requests         requests completed in that span
 * @param affectedServices services that saw errors beyond their steady share, or a second with p99
 *                         above 2× their steady p99, in that span
 * @param detectS          bad rollout: seconds from the fault to the end of the first second whose
 *                         error share reached the threshold; null when not asked for or never reached
 * @param recoverS         seconds from the fault to the start of the first run of
 *                         {@link #HOLD_SECONDS} seconds with error share under the threshold and p99
 *                         within 2× steady; null when that never happened in the window
 * @param p99DuringUs      the highest one-second p99 in the span; null when nothing completed
 * @param spanEndSecond    the span's end (exclusive): the recovery second, or the window's end
 */
public record DisruptionFigures(String mode, int repetition, double faultAtS, long failedRequests, long requests,
                                List<String> affectedServices, Double detectS, Double recoverS, Long p99DuringUs,
                                int spanEndSecond) {

    /** Seconds of healthy data recovery needs. */
    public static final int HOLD_SECONDS = 10;
    /** A second is slow when its p99 is above this multiple of the steady p99. */
    public static final double SLOW_FACTOR = 2.0;

    public DisruptionFigures {
        affectedServices = List.copyOf(affectedServices);
    }

    public boolean recovered() {
        return recoverS != null;
    }

    /** Failed share of the span's requests in percent; null when none completed. */
    public Double failedSharePct() {
        return requests == 0 ? null : failedRequests * 100.0 / requests;
    }

    /** This repetition's value of a disruption metric; null when it has none (not recovered, not a rollout). */
    public Double value(Metric metric) {
        return switch (metric) {
            case DISRUPTION_FAILED_REQUESTS -> (double) failedRequests;
            case DISRUPTION_FAILED_SHARE -> failedSharePct();
            case DISRUPTION_AFFECTED_SERVICES -> (double) affectedServices.size();
            case DISRUPTION_DETECT_S -> detectS;
            case DISRUPTION_RECOVER_S -> recoverS;
            case DISRUPTION_P99_DURING -> p99DuringUs == null ? null : p99DuringUs.doubleValue();
            default -> throw new IllegalArgumentException(metric.id() + " is not a disruption figure");
        };
    }
}
