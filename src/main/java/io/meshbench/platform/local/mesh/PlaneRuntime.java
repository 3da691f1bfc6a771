package io.meshbench.platform.local.mesh;

import io.meshbench.workload.WorkloadEventLoops;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocatorMetric;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.ThreadMXBean;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * The threads and buffer memory of one mode's data plane, kept apart from the workloads' so that
 * they can be measured: every proxy of the plane runs on event loops made here, and every buffer
 * it allocates comes from the plane's own pooled allocator.
 */
public final class PlaneRuntime implements AutoCloseable {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final MemoryMXBean MEMORY = ManagementFactory.getMemoryMXBean();

    private final String name;
    private final PooledByteBufAllocator allocator;
    private final List<WorkloadEventLoops> loops = new CopyOnWriteArrayList<>();
    private final java.util.concurrent.atomic.AtomicInteger liveTls = new java.util.concurrent.atomic.AtomicInteger();

    public PlaneRuntime(String name, int arenas) {
        this.name = name;
        if (THREADS.isThreadCpuTimeSupported() && !THREADS.isThreadCpuTimeEnabled()) THREADS.setThreadCpuTimeEnabled(true);
        // Direct buffers, one arena per event-loop thread, 8 KiB pages in 1 MiB chunks (Netty's default
        // is 4 MiB): memory is measured in whole chunks, so smaller ones follow real use more closely.
        this.allocator = new PooledByteBufAllocator(true, 1, Math.max(1, arenas), 8192, 7, 256, 64, false);
    }

    public PooledByteBufAllocator allocator() {
        return allocator;
    }

    /** Bytes the plane's allocator holds (direct + heap arenas, whole chunks). */
    public long allocatorBytes() {
        PooledByteBufAllocatorMetric m = allocator.metric();
        return m.usedDirectMemory() + m.usedHeapMemory();
    }

    /**
     * A handshake recorder that feeds {@code sink} and counts this plane's live TLS connection
     * ends (up from a successful handshake until the connection closes).
     */
    public MeshTls.HandshakeRecorder handshakes(MeshTls.HandshakeSink sink) {
        return (channel, role, seconds, ok) -> {
            sink.handshake(role, seconds, ok);
            if (ok) {
                liveTls.incrementAndGet();
                channel.closeFuture().addListener(f -> liveTls.decrementAndGet());
            }
        };
    }

    /** TLS connection ends of this plane open now. */
    public int liveTlsConnections() {
        return liveTls.get();
    }

    /** New event loops for one component of the plane (a ztunnel, a waypoint, the sidecars). */
    public WorkloadEventLoops newLoops(String component, int threads) {
        WorkloadEventLoops l = new WorkloadEventLoops(threads, name + "-" + component);
        loops.add(l);
        return l;
    }

    /** CPU time of every thread of this plane so far, in ns. */
    public long cpuNanos() {
        long total = 0;
        for (WorkloadEventLoops l : loops) total += l.cpuNanos();
        return total;
    }

    /** Heap in use right after a full collection: what live objects retain. */
    public static long usedHeapAfterGc() {
        System.gc();
        return MEMORY.getHeapMemoryUsage().getUsed();
    }

    @Override
    public void close() {
        // Sockets first: the loops' shutdown alone leaves accepted connections open (see Connectors).
        for (WorkloadEventLoops l : loops) Connectors.closeAll(l.group());
        for (WorkloadEventLoops l : loops) l.group().shutdownGracefully(0, 1, TimeUnit.SECONDS);
        for (WorkloadEventLoops l : loops) l.group().terminationFuture().awaitUninterruptibly(5, TimeUnit.SECONDS);
    }
}
