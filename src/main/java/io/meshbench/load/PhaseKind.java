package io.meshbench.load;

/** The parts of a mode's traffic; the workloads see it in the x-meshbench-phase header. */
public enum PhaseKind {
    /** One request per entry point on an idle topology: the first call on every edge. */
    PROBE("probe"),
    /** Full-speed closed loop to find what this machine carries. */
    CALIBRATE("calibrate"),
    /**
     * No traffic: idle memory and CPU again before each further repetition, so that -Drepeat gives
     * those figures a spread too (the first repetition's idle window runs before Gatling starts).
     */
    IDLE("idle"),
    /** Traffic that warms caches, JITs and pools; reported under its own request names, never measured. */
    WARMUP("warmup"),
    /** The measured window. */
    MEASURE("measure");

    public static final String HEADER = "x-meshbench-phase";
    private final String id;

    PhaseKind(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }
}
