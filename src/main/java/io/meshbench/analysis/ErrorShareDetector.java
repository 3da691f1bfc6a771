package io.meshbench.analysis;

/**
 * Live detection of a bad rollout from scraped counters: fed the cumulative request and error
 * counts at each scrape, it reports the first interval whose error share reaches the threshold.
 * The same rule as {@link DisruptionAnalysis}'s detect_s, applied while the run is going so the
 * rollback can start. Intervals with fewer than {@code minRequests} requests are not judged, so
 * one failed call out of two does not trigger a rollback.
 */
public final class ErrorShareDetector {
    private final double threshold;
    private final long minRequests;
    private long lastRequests = -1;
    private long lastErrors;

    public ErrorShareDetector(double thresholdPct, long minRequests) {
        if (!(thresholdPct > 0 && thresholdPct <= 100)) throw new IllegalArgumentException("threshold " + thresholdPct + "%");
        this.threshold = thresholdPct / 100.0;
        this.minRequests = Math.max(1, minRequests);
    }

    /**
     * One scrape's cumulative totals. Returns true when the requests since the last judged scrape
     * failed at or above the threshold. A counter that went down (a restarted process) restarts
     * the baseline instead of producing a negative interval.
     */
    public boolean observe(long requestsTotal, long errorsTotal) {
        if (lastRequests < 0 || requestsTotal < lastRequests || errorsTotal < lastErrors) {
            lastRequests = requestsTotal;
            lastErrors = errorsTotal;
            return false;
        }
        long requests = requestsTotal - lastRequests;
        if (requests < minRequests) return false;
        long errors = errorsTotal - lastErrors;
        lastRequests = requestsTotal;
        lastErrors = errorsTotal;
        return errors / (double) requests >= threshold;
    }
}
