package io.meshbench.load;

import io.meshbench.workload.Phase;

/**
 * The parts of a mode's traffic; the workloads see the phases that carry traffic in the
 * {@value Phase#HEADER} header, with the ids {@link Phase} defines.
 */
public enum PhaseKind {
    /** One request per entry point on an idle topology: the first call on every edge. */
    PROBE(Phase.PROBE),
    /** Full-speed closed loop to find what this machine carries. */
    CALIBRATE(Phase.CALIBRATE),
    /**
     * No traffic: idle memory and CPU again before each further repetition, so that -Drepeat gives
     * those figures a spread too (the first repetition's idle window runs before Gatling starts).
     */
    IDLE("idle"),
    /** Traffic that warms caches, JITs and pools; reported under its own request names, never measured. */
    WARMUP(Phase.WARMUP),
    /** The measured window. */
    MEASURE(Phase.MEASURE);

    /** The workloads' header ({@link Phase#HEADER}), named here for the load stage's callers. */
    public static final String HEADER = Phase.HEADER;
    private final String id;

    PhaseKind(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }
}
