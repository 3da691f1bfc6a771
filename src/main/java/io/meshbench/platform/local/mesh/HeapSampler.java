package io.meshbench.platform.local.mesh;

import io.meshbench.platform.local.LocalCluster;
import io.meshbench.platform.local.LocalPod;

import java.util.ArrayList;
import java.util.List;

/**
 * Measures the heap one component (a sidecar, a pod's enrolment with ztunnel) retains: used heap
 * after a full GC before and after starting a probe instance for a real pod, which is then
 * stopped again. It runs in the plane's start(), before any pod starts, because pods start in
 * parallel later and would pollute a heap delta. Full GCs are slow, so a few probes stand for all
 * instances (they are built from the same code and configuration); the first probe only warms up
 * (class loading and one-off caches are not a per-proxy cost) unless it is the only pod.
 */
final class HeapSampler {

    /**
     * Probes measured together per plane. One instance retains ~10 KiB while the rest of the JVM
     * (other modes' idle event loops, latency-log rotation) moves the heap by hundreds of KiB between
     * two GCs; starting many at once and dividing keeps that noise small per instance.
     */
    static final int PROBES = 16;

    private final List<Long> measured = new ArrayList<>();

    /** A started probe; calling it stops the probe again. */
    @FunctionalInterface
    interface Probe {
        Runnable start(LocalPod pod) throws Exception;
    }

    /**
     * Starts and stops one probe to warm up, then starts probes for up to {@value #PROBES} further
     * pods of {@code cluster} together, measures the heap they retain, and stops them.
     */
    void probe(LocalCluster cluster, Probe probe) throws Exception {
        List<LocalPod> pods = cluster.podsByService().values().stream().flatMap(List::stream).toList();
        if (pods.isEmpty()) return;
        if (pods.size() > 1) probe.start(pods.get(0)).run();   // class loading and one-off caches
        List<LocalPod> batch = pods.size() > 1 ? pods.subList(1, Math.min(pods.size(), PROBES + 1)) : pods;
        List<Runnable> stops = new ArrayList<>();
        long before = PlaneRuntime.usedHeapAfterGc();
        try {
            for (LocalPod pod : batch) stops.add(probe.start(pod));
            long perInstance = Math.max(0, PlaneRuntime.usedHeapAfterGc() - before) / batch.size();
            for (int i = 0; i < batch.size(); i++) measured.add(perInstance);
        } finally {
            stops.forEach(Runnable::run);
        }
    }

    /** Mean retained bytes per instance, 0 before any probe (an empty cluster). */
    double meanBytes() {
        return measured.stream().mapToLong(Long::longValue).average().orElse(0);
    }

    int sampleCount() {
        return measured.size();
    }
}
