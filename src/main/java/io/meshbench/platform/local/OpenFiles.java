package io.meshbench.platform.local;

import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The local target keeps every pod, proxy and pooled connection of a deployment in one process,
 * and a loopback connection costs two descriptors there. A 142-service graph in three modes peaked
 * at about 14,000 open files (measured with 16 requests in flight during calibration), so a low
 * limit would end a run minutes in; this says so before anything starts.
 */
final class OpenFiles {
    /** Open files observed per pod and mode at the peak (14,000 for 259 pods × 3 modes), with margin. */
    static final int PER_POD_MODE = 20;
    static final int BASE = 1_000;
    /** Refuse when the estimate exceeds the limit by this factor; between 1 and this, only warn. */
    static final double REFUSE_ABOVE = 1.5;

    /** What a check found: a refusal, a warning, or nothing. */
    record Verdict(Optional<String> refusal, Optional<String> warning) {
    }

    private OpenFiles() {
    }

    /**
     * A refusal when the estimate is far above the limit (a 500-service graph in three modes,
     * estimate 58,600, limit 20,000, ran out of descriptors a minute in), a warning when above it.
     */
    static Verdict check(int podModes, OptionalLong limit) {
        long need = BASE + (long) PER_POD_MODE * podModes;
        if (limit.isEmpty() || limit.getAsLong() >= need) return new Verdict(Optional.empty(), Optional.empty());
        String message = String.format(Locale.ROOT, "this run may need about %,d open files and the limit is %,d;"
                + " raise it before running (ulimit -n %d) or choose a smaller -Dtopology", need,
                limit.getAsLong(), Math.max(65536, need));
        if (need > limit.getAsLong() * REFUSE_ABOVE) return new Verdict(Optional.of(message), Optional.empty());
        return new Verdict(Optional.empty(), Optional.of(message));
    }
}
