package io.meshbench.topology;

import java.time.Duration;

/**
 * Bounds on topology values. They catch typos (a sleep of 10m instead of 10ms, 1000 replicas)
 * before anything is started; none is a hard limit of the harness itself.
 */
public final class Limits {

    /** Replicas per service unless {@code -DmaxReplicas} (parsed with the run's flags) says otherwise. */
    public static final int MAX_REPLICAS = 100;
    /** System property through which a user raises the replica limit named in error messages. */
    public static final String MAX_REPLICAS_PROPERTY = "maxReplicas";
    public static final long MAX_SIZE_BYTES = 64 * Quantities.MIB;
    public static final Duration MAX_SLEEP = Duration.ofSeconds(60);
    /** Kubernetes names services after them, so they must be DNS labels. */
    public static final int MAX_NAME_LENGTH = 63;

    private Limits() {
    }
}
