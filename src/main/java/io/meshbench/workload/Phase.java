package io.meshbench.workload;

import java.util.Set;

/**
 * The load phase a request belongs to, carried in the {@value #HEADER} header from the load
 * generator through every downstream call, so workloads record only measured calls.
 */
public final class Phase {
    public static final String HEADER = "x-meshbench-phase";
    public static final String WARMUP = "warmup";
    public static final String MEASURE = "measure";
    public static final String CALIBRATE = "calibrate";
    public static final String PROBE = "probe";
    public static final Set<String> ALL = Set.of(WARMUP, MEASURE, CALIBRATE, PROBE);

    private Phase() {
    }
}
