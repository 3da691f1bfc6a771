package io.meshbench.analysis;

/** Whether a mode's figures can be compared; results carry the id. */
public enum ModeStatus {
    /** Measured and kept up with the offered rate. */
    OK("ok"),
    /** Measured, but fell behind the offered rate: left out of every comparison. */
    SATURATED("saturated"),
    /** No repetition of the mode ran. */
    FAILED("failed");

    private final String id;

    ModeStatus(String id) {
        this.id = id;
    }

    /** The word results.json, the report and the console use. */
    public String id() {
        return id;
    }

    @Override
    public String toString() {
        return id;
    }
}
