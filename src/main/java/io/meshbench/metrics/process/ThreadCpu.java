package io.meshbench.metrics.process;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Predicate;

/**
 * CPU time of a group of this JVM's threads, picked by name — how CPU is attributed to an embedded
 * proxy that runs on its own named threads inside the harness JVM. Threads that ended before the
 * sample no longer count, so sample groups whose threads live through the window (event loops).
 */
public final class ThreadCpu {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private ThreadCpu() {
    }

    /** Per live thread whose name matches: thread id → CPU nanoseconds used so far. */
    public static Map<Long, Long> sample(Predicate<String> threadName) {
        if (!THREADS.isThreadCpuTimeSupported()) {
            throw new UnsupportedOperationException("this JVM cannot measure per-thread CPU time");
        }
        if (!THREADS.isThreadCpuTimeEnabled()) THREADS.setThreadCpuTimeEnabled(true);
        Map<Long, Long> cpu = new HashMap<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (!threadName.test(t.getName())) continue;
            long nanos = THREADS.getThreadCpuTime(t.getId());
            if (nanos >= 0) cpu.put(t.getId(), nanos);
        }
        return cpu;
    }

    /**
     * CPU time the given threads have used so far, in ns. Threads not yet started count 0; threads
     * that ended are lost, which is why event-loop groups (alive for the whole window) are measured this way.
     */
    public static long totalNanos(Iterable<Thread> threads) {
        long total = 0;
        for (Thread t : threads) {
            long nanos = THREADS.getThreadCpuTime(t.getId());
            if (nanos > 0) total += nanos;
        }
        return total;
    }

    /** Total CPU the threads of {@code after} used since {@code before}; new threads count in full. */
    public static long nanosBetween(Map<Long, Long> before, Map<Long, Long> after) {
        long total = 0;
        for (Map.Entry<Long, Long> e : after.entrySet()) {
            total += e.getValue() - before.getOrDefault(e.getKey(), 0L);
        }
        return total;
    }
}
