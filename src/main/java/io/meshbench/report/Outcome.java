package io.meshbench.report;

import io.meshbench.analysis.GateResult;
import io.meshbench.metrics.RunStatus;

import java.util.Locale;

/**
 * How a run or a report command ended, with its exit status: one table for {@code mvn gatling:test}
 * and {@link ReportTool} (README, "Exit statuses"). Maven turns every non-zero status of Gatling's
 * forked JVM into its own 1, so the outcome is also written as {@code outcome} in results.json and
 * as the run's last console line, {@code meshbench: outcome=<id> exit=<status>} ({@link #line()}),
 * which CI can read whatever Maven returns.
 */
public enum Outcome {
    COMPLETE("complete", 0),
    /** A threshold of -Dfail.on / --fail-on was exceeded by a significant change (as Gatling's failed assertions). */
    REGRESSION("regression", 2),
    /** Some modes were measured, others not (a failure half-way); what was measured is written. */
    INCOMPLETE("incomplete", 3),
    /** sysexits' EX_USAGE: flags, topology, scenario or baseline are wrong; nothing was started. */
    BAD_INPUT("bad-input", 64),
    /** sysexits' EX_UNAVAILABLE: the target refused (prerequisites, context); nothing was created. */
    TARGET_REFUSED("target-refused", 69),
    /** sysexits' EX_SOFTWARE: the run went ahead but no mode could be measured. */
    NOTHING_MEASURED("nothing-measured", 70);

    private final String id;
    private final int exitStatus;

    Outcome(String id, int exitStatus) {
        this.id = id;
        this.exitStatus = exitStatus;
    }

    public String id() {
        return id;
    }

    public int exitStatus() {
        return exitStatus;
    }

    /** The documented last console line, e.g. {@code meshbench: outcome=regression exit=2}. */
    public String line() {
        return String.format(Locale.ROOT, "meshbench: outcome=%s exit=%d", id, exitStatus);
    }

    /** A stored run's outcome: nothing measured, then a failed gate, then incomplete, else complete. */
    public static Outcome of(RunStatus status, GateResult gate) {
        if (status == RunStatus.FAILED) return NOTHING_MEASURED;
        if (gate != null && !gate.passed()) return REGRESSION;
        if (status == RunStatus.INCOMPLETE) return INCOMPLETE;
        return COMPLETE;
    }
}
