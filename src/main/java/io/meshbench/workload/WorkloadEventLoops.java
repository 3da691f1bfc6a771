package io.meshbench.workload;

import io.meshbench.metrics.process.ThreadCpu;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.util.concurrent.DefaultThreadFactory;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadFactory;

/**
 * Event loops that remember their threads so their CPU time can be read (ThreadMXBean) and charged
 * to whoever runs on them: the workloads of one process share one; each data-plane component on the
 * local target (the sidecars, a ztunnel, a waypoint) gets its own from its PlaneRuntime. Thread names
 * start with the given prefix, which is how the injector's CPU is told apart from theirs.
 */
public final class WorkloadEventLoops implements AutoCloseable {
    private final List<Thread> threads = new CopyOnWriteArrayList<>();
    private final EventLoopGroup group;

    public WorkloadEventLoops(int threadCount, String namePrefix) {
        ThreadFactory names = new DefaultThreadFactory(namePrefix, true);
        ThreadFactory tracking = r -> {
            Thread t = names.newThread(r);
            threads.add(t);
            return t;
        };
        this.group = new MultiThreadIoEventLoopGroup(threadCount, tracking, Transport.ioHandlerFactory());
    }

    /** One thread per core: the workloads' work is non-blocking. */
    public static WorkloadEventLoops perCore(String namePrefix) {
        return new WorkloadEventLoops(Runtime.getRuntime().availableProcessors(), namePrefix);
    }

    public EventLoopGroup group() {
        return group;
    }

    /** CPU time all of these threads have used so far, in nanoseconds (threads that ended are lost). */
    public long cpuNanos() {
        return ThreadCpu.totalNanos(threads);
    }

    @Override
    public void close() {
        group.shutdownGracefully(0, 2, java.util.concurrent.TimeUnit.SECONDS).awaitUninterruptibly(5_000);
    }
}
