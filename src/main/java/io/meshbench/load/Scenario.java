package io.meshbench.load;

import java.time.Duration;

/**
 * A load profile: how hard, how long, and how connections are used.
 *
 * @param ratePerService requests per second the average service handles
 * @param rateExplicit   true when the rate came from -Drate: calibration then never lowers it
 * @param idle           no-traffic window for idle memory and CPU
 * @param failOn         regression thresholds for the nightly gate, or empty
 * @param fault          the one fault a disruption scenario schedules in its measured window; null
 *                       for a steady scenario
 */
public record Scenario(String name, String source, double ratePerService, boolean rateExplicit,
                       Duration idle, Duration warmup, Duration duration, ConnectionReuse connections,
                       boolean calibrate, int repeat, String failOn, Fault fault) {

    /** True for restart-pod, restart-dataplane and bad-rollout scenarios. */
    public boolean disruptive() {
        return fault != null;
    }

    /** Same profile at another rate (after calibration scaled it). */
    public Scenario withRate(double rate) {
        return new Scenario(name, source, rate, rateExplicit, idle, warmup, duration, connections, calibrate,
                repeat, failOn, fault);
    }
}
