package io.meshbench.metrics;

/**
 * How late the load generator sent a window's requests: virtual user k of a constant-rate phase is
 * due at start + k / rate; its lag is the actual send time minus that. A generator that falls
 * behind sends fewer, later requests than the open model asks for, which hides the latency the
 * system under test would have shown (coordinated omission at the injector's end).
 *
 * @param behind true when p99 lag exceeded {@link #allowedMillis(double)}: the window is marked
 */
public record InjectorLag(double p50Ms, double p99Ms, double maxMs, long count, boolean behind) {

    /** p99 lag above the larger of 10 ms and one inter-arrival time marks the window. */
    public static double allowedMillis(double offeredRps) {
        double interArrival = offeredRps > 0 ? 1000.0 / offeredRps : 0;
        return Math.max(10.0, interArrival);
    }
}
