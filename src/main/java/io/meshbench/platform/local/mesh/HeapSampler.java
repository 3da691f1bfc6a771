package io.meshbench.platform.local.mesh;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * Measures the heap that starting a component retains: used heap after a full GC, before and
 * after. Full GCs are slow, so only the first few starts after a warm-up one are sampled; the
 * mean of the samples stands for every instance (they are built from the same code and config).
 */
final class HeapSampler {

    private final int skip;
    private final int samples;
    private final List<Long> measured = new ArrayList<>();
    private int seen;

    /**
     * @param skip    starts not sampled first (the first pays one-off class and cache initialisation)
     * @param samples how many starts to sample
     */
    HeapSampler(int skip, int samples) {
        this.skip = skip;
        this.samples = samples;
    }

    synchronized <T> T run(Callable<T> start) throws Exception {
        int index = seen++;
        boolean sample = (index >= skip && measured.size() < samples);
        long before = sample ? PlaneRuntime.usedHeapAfterGc() : 0;
        T result = start.call();
        if (sample) measured.add(Math.max(0, PlaneRuntime.usedHeapAfterGc() - before));
        return result;
    }

    /** Mean retained bytes per start, or NaN before any sample. */
    synchronized double meanBytes() {
        return measured.stream().mapToLong(Long::longValue).average().orElse(Double.NaN);
    }

    synchronized int sampleCount() {
        return measured.size();
    }
}
