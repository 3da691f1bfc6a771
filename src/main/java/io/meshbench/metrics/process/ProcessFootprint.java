package io.meshbench.metrics.process;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * One process's memory and CPU at one moment, read the way cAdvisor reads a container's: from the
 * kernel's own accounting, never from inside the process.
 *
 * <p>On Linux: resident set (Rss), proportional set (Pss: private pages plus an equal share of
 * every page shared with other processes, such as the JDK's class-data archive mapped by every
 * JVM) and unique set (USS = Private_Clean + Private_Dirty) from {@code /proc/<pid>/smaps_rollup};
 * where a kernel has no smaps_rollup (before 4.14), Rss from {@code /proc/<pid>/status} with Pss
 * and USS unknown (-1). CPU = utime + stime from {@code /proc/<pid>/stat}.
 *
 * <p>Without {@code /proc} (macOS, Windows): CPU from {@link ProcessHandle.Info#totalCpuDuration()}
 * and every memory figure -1 (unknown); reports then show memory as not measured rather than a guess.
 *
 * @param pid      the process
 * @param nanoTime {@link System#nanoTime()} when sampled
 * @param cpuNanos user + system CPU since the process started, -1 when unknown
 * @param rssBytes resident set, -1 when unknown
 * @param pssBytes proportional set, -1 when unknown
 * @param ussBytes unique (private) set, -1 when unknown
 */
public record ProcessFootprint(long pid, long nanoTime, long cpuNanos, long rssBytes, long pssBytes, long ussBytes) {

    private static final Path PROC = Path.of("/proc");

    /** Whether this system has Linux's per-process accounting files. */
    public static boolean procAvailable() {
        return Files.isReadable(PROC.resolve("self").resolve("stat"));
    }

    /** The process now, or empty when it has exited. */
    public static Optional<ProcessFootprint> sample(long pid) {
        long when = System.nanoTime();
        if (!procAvailable()) return fallback(pid, when);
        Path dir = PROC.resolve(Long.toString(pid));
        try {
            long cpu = ProcessSample.cpuNanosFromStat(Files.readString(dir.resolve("stat")), ClockTicks.perSecond());
            Path rollup = dir.resolve("smaps_rollup");
            if (Files.isReadable(rollup)) {
                String text = Files.readString(rollup);
                long rss = kibField(text, "Rss:");
                if (rss < 0) return Optional.empty();
                long uss = kibField(text, "Private_Clean:") + kibField(text, "Private_Dirty:");
                return Optional.of(new ProcessFootprint(pid, when, cpu, rss, kibField(text, "Pss:"), uss));
            }
            long rss = ProcessSample.rssBytesFromStatus(Files.readString(dir.resolve("status")));
            return Optional.of(new ProcessFootprint(pid, when, cpu, rss, -1, -1));
        } catch (IOException | RuntimeException gone) {
            return Optional.empty();   // exited between two reads
        }
    }

    private static Optional<ProcessFootprint> fallback(long pid, long when) {
        return ProcessHandle.of(pid).filter(ProcessHandle::isAlive).map(h -> new ProcessFootprint(pid, when,
                h.info().totalCpuDuration().map(Duration::toNanos).orElse(-1L), -1, -1, -1));
    }

    /** A "Name:   1234 kB" line of smaps_rollup in bytes, -1 when absent. */
    static long kibField(String text, String name) {
        int at = text.indexOf("\n" + name);
        int start = at >= 0 ? at + 1 : text.startsWith(name) ? 0 : -1;
        if (start < 0) return -1;
        int end = text.indexOf('\n', start);
        String[] parts = text.substring(start + name.length(), end < 0 ? text.length() : end).trim().split("\\s+");
        return Long.parseLong(parts[0]) * 1024;
    }

    /** Whether memory was measured (a system with /proc). */
    public boolean memoryKnown() {
        return rssBytes >= 0;
    }

    /** The figure memory is charged with: Pss where known, else Rss (-1 when neither is). */
    public long chargedBytes() {
        return pssBytes >= 0 ? pssBytes : rssBytes;
    }
}
