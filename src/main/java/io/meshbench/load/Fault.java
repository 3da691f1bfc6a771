package io.meshbench.load;

import io.meshbench.platform.BadVersion;

import java.time.Duration;

/**
 * The scheduled fault of a disruption scenario.
 *
 * @param kind              what breaks
 * @param service           the service it hits, or null to let {@link #seed} choose one
 *                          ({@link FaultCheck#target})
 * @param seed              chooses the service when none is named, so a run can be repeated
 * @param at                when it happens, from the start of the measured window
 * @param thresholdPct      error share (percent of requests per second) above which the system
 *                          counts as disrupted: a bad rollout is detected when it is crossed, and
 *                          recovery needs the share back under it
 * @param badVersion        for {@link FaultKind#BAD_ROLLOUT}: what the new version does and its
 *                          canary weight; null for the other kinds
 */
public record Fault(FaultKind kind, String service, long seed, Duration at, double thresholdPct,
                    BadVersion badVersion) {

    /** Seconds of steady data after recovery that recovery needs: error share and p99 back for this long. */
    public static final int RECOVERY_HOLD_SECONDS = 10;
}
