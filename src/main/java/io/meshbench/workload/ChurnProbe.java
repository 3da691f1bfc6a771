package io.meshbench.workload;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Decides which of a workload's measured outbound calls the churn probe forces onto a new
 * connection: a fixed share, chosen by a seeded hash of the call's sequence number, so a run with
 * the same seed probes the same calls and the choice costs one atomic increment on the hot path
 * (calls come from several event-loop threads; a shared {@code Random} would contend).
 *
 * <p>Why a probe at all: the first call on an edge also carries the callee's own first calls, cold
 * code and the connect, so it cannot tell what a new connection costs. Calls on new and on reused
 * connections, on the same edges in the same window, differ only by the connection set-up.
 */
final class ChurnProbe {

    /** Share of measured calls opened on a new connection: small enough not to change the load. */
    static final double DEFAULT_SHARE = 0.02;

    private final long seed;
    private final long threshold;
    private final AtomicLong calls = new AtomicLong();

    ChurnProbe(long seed, double share) {
        if (!(share >= 0 && share <= 1)) throw new IllegalArgumentException("churn share must be in [0, 1], was " + share);
        this.seed = seed;
        this.threshold = (long) (share * (1L << 53));
    }

    /** True when the next measured call should use a new connection. */
    boolean nextIsNew() {
        long z = seed + calls.incrementAndGet() * 0x9E3779B97F4A7C15L;   // SplitMix64 finaliser over the sequence
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        z = z ^ (z >>> 31);
        return (z >>> 11) < threshold;
    }
}
