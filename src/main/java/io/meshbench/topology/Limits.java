package io.meshbench.topology;

import java.time.Duration;

/**
 * Bounds on topology values. They catch typos (a sleep of 10m instead of 10ms, 1000 replicas)
 * before anything is started; none is a hard limit of the harness itself.
 */
public final class Limits {

    /** Replicas per service unless {@code -DmaxReplicas} says otherwise. */
    public static final int MAX_REPLICAS = 100;
    /** System property through which a user raises the replica limit named in error messages. */
    public static final String MAX_REPLICAS_PROPERTY = "maxReplicas";
    public static final long MAX_SIZE_BYTES = 64 * Quantities.MIB;
    public static final Duration MAX_SLEEP = Duration.ofSeconds(60);
    /** Kubernetes names services after them, so they must be DNS labels. */
    public static final int MAX_NAME_LENGTH = 63;

    private Limits() {
    }

    /**
     * The replica limit: {@code -DmaxReplicas} when given (isotope's own examples use up to 1,000
     * replicas per service), else {@link #MAX_REPLICAS}.
     *
     * @throws IllegalArgumentException when the property is not a positive whole number
     */
    public static int maxReplicas() {
        String text = System.getProperty(MAX_REPLICAS_PROPERTY);
        if (text == null || text.isBlank()) return MAX_REPLICAS;
        try {
            int value = Integer.parseInt(text.trim());
            if (value >= 1) return value;
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("-D" + MAX_REPLICAS_PROPERTY + "=" + text
                + ": give a positive whole number, e.g. -D" + MAX_REPLICAS_PROPERTY + "=1000");
    }
}
