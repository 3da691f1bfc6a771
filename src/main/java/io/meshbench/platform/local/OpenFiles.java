package io.meshbench.platform.local;

import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The local target keeps every pod, proxy and pooled connection of a deployment in one process,
 * and a loopback connection costs two descriptors there. The run keeps one deployment up at a time;
 * the heaviest is sidecar mode (three connections per call: app → sidecar → sidecar → app). A
 * cold 259-pod sidecar deployment met by 42 entry rps peaked at 12,900 open files (with the
 * proxies' per-destination connection limit; without it, it ran into the 20,000 limit in 5 s), so
 * a low limit would end a run minutes in; this says so before anything starts.
 */
final class OpenFiles {
    /** Open files per pod at that peak (12,900 ÷ 259 ≈ 50), with margin. */
    static final int PER_POD = 60;
    static final int BASE = 1_000;
    /** Refuse when the estimate exceeds the limit by this factor; between 1 and this, only warn. */
    static final double REFUSE_ABOVE = 1.5;

    /** What a check found: a refusal, a warning, or nothing. */
    record Verdict(Optional<String> refusal, Optional<String> warning) {
    }

    private OpenFiles() {
    }

    /**
     * A refusal when the estimate is far above the limit, a warning when above it.
     */
    static Verdict check(int pods, OptionalLong limit) {
        long need = BASE + (long) PER_POD * pods;
        if (limit.isEmpty() || limit.getAsLong() >= need) return new Verdict(Optional.empty(), Optional.empty());
        String message = String.format(Locale.ROOT, "this run may need about %,d open files and the limit is %,d;"
                + " raise it before running (ulimit -n %d) or choose a smaller -Dtopology", need,
                limit.getAsLong(), Math.max(65536, need));
        if (need > limit.getAsLong() * REFUSE_ABOVE) return new Verdict(Optional.of(message), Optional.empty());
        return new Verdict(Optional.empty(), Optional.of(message));
    }
}
