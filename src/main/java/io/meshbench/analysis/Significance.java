package io.meshbench.analysis;

import org.apache.commons.math3.random.RandomGenerator;
import org.apache.commons.math3.random.Well19937c;

import java.nio.charset.StandardCharsets;

/** Seeded random generators for the analysis, one per purpose. */
public final class Significance {

    private Significance() {
    }

    /** A seeded generator per purpose, so each comparison's draws do not depend on the others'. */
    public static RandomGenerator rng(long seed, String purpose) {
        long h = seed;
        for (byte b : purpose.getBytes(StandardCharsets.UTF_8)) h = h * 1_000_003L + b;
        return new Well19937c(h);
    }
}
