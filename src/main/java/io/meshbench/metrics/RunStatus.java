package io.meshbench.metrics;

/** How a run ended; results carry the id. */
public enum RunStatus {
    /** Every planned window was measured. */
    COMPLETE("complete"),
    /** Stopped or partly failed: the results hold what was measured. */
    INCOMPLETE("incomplete"),
    /** Nothing could be measured. */
    FAILED("failed");

    private final String id;

    RunStatus(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }
}
