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

    @Override
    public String toString() {
        return id;
    }

    /** The status of a stored run by its id; the error lists the valid ids. */
    public static RunStatus parse(String id) {
        for (RunStatus s : values()) {
            if (s.id.equals(id)) return s;
        }
        throw new IllegalArgumentException("unknown run status '" + id + "'; expected one of "
                + java.util.Arrays.stream(values()).map(RunStatus::id).toList());
    }
}
