package io.meshbench.platform.local.process;

import com.sun.management.UnixOperatingSystemMXBean;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;

/**
 * Whether this machine can hold N child JVMs, checked before anything is deployed: the user's
 * process limit (Linux counts every thread against {@code ulimit -u}), this JVM's open-files limit
 * (two pipes per child stay open here), and available memory. Each problem names what is needed
 * and how to fix it. Without /proc nothing can be read, and nothing is refused.
 */
public final class ProcessLimits {

    /** Threads a proxy JVM runs (event loops, compiler, GC, reference handler…): 17 measured, with margin. */
    public static final int THREADS_PER_CHILD = 24;
    /**
     * Planning figure for one proxy process's memory: its heap ceiling plus the JVM's own (a proxy
     * measured 35–45 MiB RSS under load). Only for this check; reported figures are measured.
     */
    public static final long PLANNING_BYTES_PER_CHILD = 64L << 20;
    private static final int FDS_PER_CHILD = 2;

    private ProcessLimits() {
    }

    /** Problems, empty when {@code children} proxy-sized processes fit. */
    public static List<String> check(int children, String what) {
        return check(children, children * PLANNING_BYTES_PER_CHILD,
                String.format(Locale.ROOT, "%,d proxy processes (%d MiB each)", children, PLANNING_BYTES_PER_CHILD >> 20), what);
    }

    /**
     * Problems, empty when {@code children} processes fit.
     *
     * @param needBytes memory planned for them all
     * @param sizes     what they are, for the message ("3 proxy processes (64 MiB each) and ...")
     */
    public static List<String> check(int children, long needBytes, String sizes, String what) {
        List<String> problems = new ArrayList<>();
        if (children <= 0) return problems;
        long threads = (long) children * THREADS_PER_CHILD + Thread.activeCount();
        limit("Max processes").ifPresent(limit -> {
            if (threads > limit) {
                problems.add(String.format(Locale.ROOT, "%s needs %,d child processes with about %,d threads in all, above "
                        + "this user's process limit of %,d (Linux counts threads); raise it (ulimit -u %d) or choose a "
                        + "smaller -Dtopology or fewer -Dmodes", what, children, threads, limit, Math.max(threads * 2, 65536)));
            }
        });
        long fds = (long) children * FDS_PER_CHILD + 1_000;
        openFilesLimit().ifPresent(limit -> {
            if (fds > limit) {
                problems.add(String.format(Locale.ROOT, "%s needs about %,d open files here (%d per child process for its "
                        + "pipes, plus 1,000), above the limit of %,d; raise it (ulimit -n %d)", what, fds, FDS_PER_CHILD,
                        limit, Math.max(fds * 2, 65536)));
            }
        });
        availableBytes().ifPresent(free -> {
            if (needBytes > free) {
                problems.add(String.format(Locale.ROOT, "%s needs about %,d MiB for %s and "
                        + "this machine has %,d MiB available; free memory, choose a smaller -Dtopology or fewer -Dmodes",
                        what, needBytes >> 20, sizes, free >> 20));
            }
        });
        return problems;
    }

    /**
     * This JVM's open-files limit (the soft RLIMIT_NOFILE, as the JVM raised it at start) where the
     * OS reports one (the JDK's Unix OS MXBean); empty elsewhere or when unlimited.
     */
    public static OptionalLong openFilesLimit() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof UnixOperatingSystemMXBean unix) {
            long max = unix.getMaxFileDescriptorCount();
            // "unlimited" comes back as Long.MAX_VALUE: nothing to check.
            return max > 0 && max < Long.MAX_VALUE ? OptionalLong.of(max) : OptionalLong.empty();
        }
        return OptionalLong.empty();
    }

    /**
     * A soft limit from /proc/self/limits; empty when unlimited or unreadable. Read by hand for
     * "Max processes" (RLIMIT_NPROC), which no JDK MXBean reports.
     */
    static OptionalLong limit(String name) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/limits"))) {
                if (line.startsWith(name)) {
                    String soft = line.substring(name.length()).trim().split("\\s+")[0];
                    return soft.equals("unlimited") ? OptionalLong.empty() : OptionalLong.of(Long.parseLong(soft));
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux: no check
        }
        return OptionalLong.empty();
    }

    /**
     * MemAvailable from /proc/meminfo. Read by hand: the OS MXBean's free memory is the kernel's
     * MemFree, which leaves out the page cache the kernel gives back, and would refuse runs that fit.
     */
    static OptionalLong availableBytes() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (line.startsWith("MemAvailable:")) {
                    return OptionalLong.of(Long.parseLong(line.substring(13).trim().split("\\s+")[0]) * 1024);
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux: no check
        }
        return OptionalLong.empty();
    }
}
