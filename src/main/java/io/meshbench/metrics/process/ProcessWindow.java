package io.meshbench.metrics.process;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Memory and CPU of a set of processes over a window, sampled as cAdvisor samples containers: at
 * the start, every {@link #INTERVAL} in between, and at the end. Memory is the mean over the
 * samples; CPU the difference between the first and last sample.
 */
public final class ProcessWindow {

    public static final Duration INTERVAL = Duration.ofSeconds(2);
    private static final ScheduledExecutorService SAMPLER = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "meshbench-process-sampler");
        t.setDaemon(true);
        return t;
    });

    /**
     * One process over the window.
     *
     * @param samples  how many samples memory is the mean of (0: it was never seen alive)
     * @param cpuNanos CPU used between the first and last sample; -1 when unknown
     * @param rssBytes mean resident set; -1 when unknown (no /proc)
     * @param pssBytes mean proportional set; -1 when unknown
     * @param ussBytes mean unique set; -1 when unknown
     */
    public record Usage(int samples, double seconds, long cpuNanos, double rssBytes, double pssBytes, double ussBytes) {

        /** The memory a process is charged with: PSS where known, else RSS; NaN when unknown. */
        public double chargedBytes() {
            return pssBytes >= 0 ? pssBytes : rssBytes >= 0 ? rssBytes : Double.NaN;
        }

        public double millicores() {
            return seconds > 0 && cpuNanos >= 0 ? cpuNanos / 1e6 / seconds : Double.NaN;
        }
    }

    private final List<Long> pids;
    private final Map<Long, ProcessFootprint> first = new HashMap<>();
    private final Map<Long, ProcessFootprint> last = new HashMap<>();
    private final Map<Long, List<ProcessFootprint>> all = new HashMap<>();
    private final ScheduledFuture<?> ticker;

    private ProcessWindow(List<Long> pids) {
        this.pids = List.copyOf(pids);
        sampleAll();
        this.ticker = SAMPLER.scheduleAtFixedRate(this::sampleAll, INTERVAL.toMillis(), INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Starts sampling {@code pids} now. */
    public static ProcessWindow start(List<Long> pids) {
        return new ProcessWindow(pids);
    }

    private synchronized void sampleAll() {
        for (long pid : pids) {
            Optional<ProcessFootprint> f = ProcessFootprint.sample(pid);
            if (f.isEmpty()) continue;
            first.putIfAbsent(pid, f.get());
            last.put(pid, f.get());
            all.computeIfAbsent(pid, p -> new ArrayList<>()).add(f.get());
        }
    }

    /** Stops sampling (after a last sample) and returns each process's usage, in the order given. */
    public Map<Long, Usage> finish() {
        ticker.cancel(false);
        sampleAll();
        synchronized (this) {
            Map<Long, Usage> out = new LinkedHashMap<>();
            for (long pid : pids) {
                List<ProcessFootprint> samples = all.getOrDefault(pid, List.of());
                if (samples.isEmpty()) {
                    out.put(pid, new Usage(0, 0, -1, -1, -1, -1));
                    continue;
                }
                ProcessFootprint a = first.get(pid);
                ProcessFootprint b = last.get(pid);
                long cpu = a.cpuNanos() >= 0 && b.cpuNanos() >= 0 ? b.cpuNanos() - a.cpuNanos() : -1;
                out.put(pid, new Usage(samples.size(), (b.nanoTime() - a.nanoTime()) / 1e9, cpu,
                        mean(samples, ProcessFootprint::rssBytes), mean(samples, ProcessFootprint::pssBytes),
                        mean(samples, ProcessFootprint::ussBytes)));
            }
            return out;
        }
    }

    private static double mean(List<ProcessFootprint> samples, java.util.function.ToLongFunction<ProcessFootprint> f) {
        long sum = 0;
        for (ProcessFootprint s : samples) {
            long v = f.applyAsLong(s);
            if (v < 0) return -1;
            sum += v;
        }
        return (double) sum / samples.size();
    }
}
