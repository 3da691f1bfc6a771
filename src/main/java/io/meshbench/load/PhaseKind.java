package io.meshbench.load;

import io.meshbench.workload.Phase;

/**
 * The parts of a mode's traffic. The workloads see the traffic-carrying ones in the
 * {@link Phase#HEADER} header; the ids are the workload's, stated once there.
 */
public enum PhaseKind {
    /** One request per entry point on an idle topology: the first call on every edge. */
    PROBE(Phase.PROBE),
    /** The open-loop step test that finds what this machine carries. */
    CALIBRATE(Phase.CALIBRATE),
    /**
     * No Gatling traffic: a repetition's fresh deployment, its idle window (memory and CPU with no
     * traffic) and its first-call probe. One virtual user waits until the run says the slot is ready.
     */
    DEPLOY("deploy"),
    /** Traffic that warms caches, JITs and pools; reported under its own request names, never measured. */
    WARMUP(Phase.WARMUP),
    /** The measured window. */
    MEASURE(Phase.MEASURE);

    private final String id;

    PhaseKind(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }
}
