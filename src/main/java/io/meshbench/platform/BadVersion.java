package io.meshbench.platform;

import java.time.Duration;

/**
 * A faulty new version of a service, as a bad rollout ships it.
 *
 * @param errorSharePct   percent (0–100) of its requests the new version answers with HTTP 500
 * @param addedLatency    time added to every request it serves (zero for none)
 * @param canaryWeightPct percent (0–100) of the service's traffic the mesh routes to the new
 *                        version where it can split L7 traffic by weight (sidecar, waypoint);
 *                        where it cannot, every pod of the service runs the new version
 */
public record BadVersion(double errorSharePct, Duration addedLatency, double canaryWeightPct) {

    public BadVersion {
        if (!(errorSharePct >= 0 && errorSharePct <= 100)) {
            throw new IllegalArgumentException("error share " + errorSharePct + "% is outside 0–100%");
        }
        if (!(canaryWeightPct > 0 && canaryWeightPct <= 100)) {
            throw new IllegalArgumentException("canary weight " + canaryWeightPct + "% is outside (0, 100]%");
        }
        if (addedLatency == null || addedLatency.isNegative()) {
            throw new IllegalArgumentException("added latency must be zero or positive");
        }
    }

    /** The new version's error rate as the topology writes it: a fraction 0..1. */
    public double errorFraction() {
        return errorSharePct / 100.0;
    }
}
