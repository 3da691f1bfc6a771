package io.meshbench.metrics.process;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A process's cumulative CPU time and resident memory at one moment, from Linux's {@code /proc}.
 * Used for this JVM (the load generator, shown as "injector CPU") and for outside processes such
 * as HAProxy in the benchmark.
 *
 * @param pid      the process id
 * @param nanoTime {@link System#nanoTime()} when sampled, for the elapsed time between samples
 * @param cpuNanos user + system CPU time since the process started
 * @param rssBytes resident set size (VmRSS)
 */
public record ProcessSample(long pid, long nanoTime, long cpuNanos, long rssBytes) {

    private static final Path PROC = Path.of("/proc");

    /** This JVM now. */
    public static ProcessSample now() {
        return of(ProcessHandle.current().pid());
    }

    /**
     * Any process now. For this JVM the CPU time comes from the JVM's own nanosecond counter when
     * available; otherwise from {@code /proc/<pid>/stat} in clock ticks (10 ms at the usual 100 Hz).
     *
     * @throws UncheckedIOException when /proc has no such process (not Linux, or it has exited)
     */
    public static ProcessSample of(long pid) {
        long when = System.nanoTime();
        long cpu = pid == ProcessHandle.current().pid() ? ownCpuNanos() : -1;
        if (cpu < 0) cpu = procCpuNanos(pid);
        return new ProcessSample(pid, when, cpu, procRssBytes(pid));
    }

    /** What happened between an earlier sample and this one. */
    public Difference since(ProcessSample earlier) {
        if (earlier.pid != pid) {
            throw new IllegalArgumentException("samples of different processes: " + earlier.pid + " and " + pid);
        }
        return new Difference(Duration.ofNanos(nanoTime - earlier.nanoTime), cpuNanos - earlier.cpuNanos, rssBytes);
    }

    /**
     * @param elapsed  wall-clock time between the samples
     * @param cpuNanos CPU time used between them
     * @param rssBytes resident memory at the later sample
     */
    public record Difference(Duration elapsed, long cpuNanos, long rssBytes) {

        /** Average cores busy over the interval (1.0 = one core all the time). */
        public double cores() {
            return elapsed.isZero() ? 0 : (double) cpuNanos / elapsed.toNanos();
        }

        public double millicores() {
            return cores() * 1000;
        }

        /** CPU microseconds per unit of work, e.g. per request. */
        public double cpuMicrosPer(long units) {
            return units == 0 ? Double.NaN : cpuNanos / 1000.0 / units;
        }
    }

    private static long ownCpuNanos() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime();
        }
        return -1;
    }

    static long procCpuNanos(long pid) {
        String stat = read(PROC.resolve(Long.toString(pid)).resolve("stat"));
        return cpuNanosFromStat(stat, ClockTicks.perSecond());
    }

    /** utime + stime (fields 14 and 15) of a {@code /proc/<pid>/stat} line, in ns. */
    static long cpuNanosFromStat(String stat, long ticksPerSecond) {
        // The command name (field 2) is in parentheses and may hold spaces: count fields after the last ')'.
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" +");
        long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
        return ticks * (1_000_000_000L / ticksPerSecond);
    }

    static long procRssBytes(long pid) {
        return rssBytesFromStatus(read(PROC.resolve(Long.toString(pid)).resolve("status")));
    }

    /** The VmRSS line of {@code /proc/<pid>/status} in bytes; 0 when absent (a zombie). */
    static long rssBytesFromStatus(String status) {
        for (String line : status.split("\n")) {
            if (line.startsWith("VmRSS:")) {
                String[] parts = line.substring(6).trim().split("\\s+");
                return Long.parseLong(parts[0]) * 1024;
            }
        }
        return 0;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + " (Linux /proc is needed to sample process CPU and memory)", e);
        }
    }
}
