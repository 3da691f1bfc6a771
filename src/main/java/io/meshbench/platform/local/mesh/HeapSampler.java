package io.meshbench.platform.local.mesh;

import io.meshbench.platform.local.LocalCluster;
import io.meshbench.platform.local.LocalPod;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * Measures the heap one component (a sidecar, a pod's enrolment with ztunnel) retains: used heap
 * after a full GC before and after starting a probe instance for a real pod, which is then
 * stopped again. It runs in the plane's start(), before any pod starts, because pods start in
 * parallel later and would pollute a heap delta. Full GCs are slow, so a few probes stand for all
 * instances (they are built from the same code and configuration); the first probe only warms up
 * (class loading and one-off caches are not a per-proxy cost) unless it is the only pod.
 */
final class HeapSampler {

    /** Probes measured per plane. */
    static final int PROBES = 3;

    private final List<Long> measured = new ArrayList<>();

    /** A started probe; calling it stops the probe again. */
    @FunctionalInterface
    interface Probe {
        Runnable start(LocalPod pod) throws Exception;
    }

    /** Starts and stops probes for the first pods of {@code cluster}, measuring all but the warm-up one. */
    void probe(LocalCluster cluster, Probe probe) throws Exception {
        List<LocalPod> pods = cluster.podsByService().values().stream().flatMap(List::stream).toList();
        int runs = Math.min(pods.size(), PROBES + 1);
        for (int i = 0; i < runs; i++) {
            LocalPod pod = pods.get(i);
            if (i == 0 && runs > 1) {
                probe.start(pod).run();
            } else {
                measure(() -> probe.start(pod)).run();
            }
        }
    }

    private Runnable measure(Callable<Runnable> start) throws Exception {
        long before = PlaneRuntime.usedHeapAfterGc();
        Runnable stop = start.call();
        measured.add(Math.max(0, PlaneRuntime.usedHeapAfterGc() - before));
        return stop;
    }

    /** Mean retained bytes per instance, 0 before any probe (an empty cluster). */
    double meanBytes() {
        return measured.stream().mapToLong(Long::longValue).average().orElse(0);
    }

    int sampleCount() {
        return measured.size();
    }
}
