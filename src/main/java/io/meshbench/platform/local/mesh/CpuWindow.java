package io.meshbench.platform.local.mesh;

import java.util.function.LongSupplier;

/** CPU time of a set of threads over a window, as millicores (1000 = one core busy throughout). */
final class CpuWindow {

    private final LongSupplier cpuNanos;
    private final long startCpu;
    private final long startWall;

    CpuWindow(LongSupplier cpuNanos) {
        this.cpuNanos = cpuNanos;
        this.startCpu = cpuNanos.getAsLong();
        this.startWall = System.nanoTime();
    }

    double seconds() {
        return (System.nanoTime() - startWall) / 1e9;
    }

    double millicores() {
        long wall = Math.max(1, System.nanoTime() - startWall);
        return (cpuNanos.getAsLong() - startCpu) * 1000.0 / wall;
    }
}
