package io.meshbench.load;

import io.meshbench.metrics.InjectorLag;
import io.meshbench.metrics.InjectorResult;
import io.meshbench.metrics.LatencyRecording;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * What the load generator saw of one phase, counted as requests leave and responses arrive:
 * completions ({@link Completion}), errors, entry latency in Gatling's whole ms, and how late
 * each request left against the open model's timetable (the injector's lag).
 *
 * <p>The same counters serve an injector that ran elsewhere: a pod turns its own counters into an
 * {@link InjectorResult} ({@link #toResult}) and the harness adds the merged pods' results into the
 * phase's counters ({@link #absorb}), so every later figure is computed as for a local injector.
 */
public final class PhaseCounters {
    private static final long MAX_LAG_MICROS = LatencyRecording.HIGHEST_TRACKABLE_MICROS;

    private final double offeredRps;
    private final InjectionTimetable timetable;
    private final LongAdder sent = new LongAdder();
    private final AtomicLong sequence = new AtomicLong();
    private final LongAdder completed = new LongAdder();
    private final AtomicLong firstSentNanos = new AtomicLong();
    private final AtomicLong lastResponseNanos = new AtomicLong();
    private final LongAdder errors = new LongAdder();
    private final LongAdder injectedErrors = new LongAdder();
    private final LongAdder unanswered = new LongAdder();
    private final Recorder entryLatencyMillis = new Recorder(LatencyRecording.HIGHEST_TRACKABLE_MICROS / 1000, 3);
    private final Histogram accumulated = new Histogram(LatencyRecording.HIGHEST_TRACKABLE_MICROS / 1000, 3);
    /** Per request: send time minus its due time in the timetable (ns); the earliest one is the timetable's origin. */
    private long[] sendOffsets = new long[256];
    private int offsetCount;
    /** What injectors elsewhere reported for this phase, merged; null while none has. */
    private InjectorResult remote;

    /**
     * @param offeredRps the phase's constant injection rate; 0 for a phase without a timetable
     * @param window     how long the phase injects at that rate
     */
    public PhaseCounters(double offeredRps, java.time.Duration window) {
        this.offeredRps = offeredRps;
        this.timetable = InjectionTimetable.constantRate(offeredRps, window);
    }

    /** A virtual user is about to send its request now. */
    public void recordSent() {
        recordSent(System.nanoTime());
    }

    /**
     * A virtual user sends its request at {@code nowNanos}. Users arrive in injection order: the
     * k-th (from 0) is due at origin + its time in Gatling's timetable ({@link InjectionTimetable}),
     * where the origin is the earliest any request's timetable allows (not the first user's own
     * time, which may itself be late).
     */
    public void recordSent(long nowNanos) {
        sent.increment();
        long k = sequence.getAndIncrement();
        firstSentNanos.compareAndSet(0, nowNanos);
        if (offeredRps <= 0) return;
        long dueMillis = timetable.dueMillis(k);
        // Past the timetable's end (not expected from Gatling): the ideal open model's time.
        long dueNanos = dueMillis >= 0 ? dueMillis * 1_000_000L : (long) (k * 1e9 / offeredRps);
        long offset = nowNanos - dueNanos;
        synchronized (this) {
            if (offsetCount == sendOffsets.length) sendOffsets = java.util.Arrays.copyOf(sendOffsets, offsetCount * 2);
            sendOffsets[offsetCount++] = offset;
        }
    }

    /**
     * @param status         HTTP status, or 0 when no response came (connection failure, timeout)
     * @param injected       the response carried {@link io.meshbench.workload.InjectedError#HEADER}
     * @param responseMillis Gatling's response time
     */
    public void record(int status, boolean injected, long responseMillis) {
        lastResponseNanos.accumulateAndGet(System.nanoTime(), Math::max);
        if (Completion.completed(status, injected)) {
            completed.increment();
            if (status == 500) injectedErrors.increment();
        } else {
            errors.increment();
        }
        if (status == 0) unanswered.increment();
        if (status > 0 && responseMillis >= 0) {
            entryLatencyMillis.recordValue(Math.min(responseMillis, LatencyRecording.HIGHEST_TRACKABLE_MICROS / 1000));
        }
    }

    public long sent() {
        return sent.sum();
    }

    /**
     * Seconds from the first request sent to the last response received, or the injection window
     * when that is longer: a system that keeps up answers the last request within its latency,
     * one that does not drains its queue late and so completes fewer requests per second.
     */
    public double activeSeconds(java.time.Duration injectionWindow) {
        InjectorResult r = remote();
        if (r != null) return r.activeSeconds(injectionWindow.toNanos() / 1e9);
        long first = firstSentNanos.get();
        long last = lastResponseNanos.get();
        double active = first == 0 || last <= first ? 0 : (last - first) / 1e9;
        return Math.max(active, injectionWindow.toNanos() / 1e9);
    }

    /** Seconds from the first request sent until {@code nowNanos}: how much of a cut window ran. */
    public double secondsSinceFirstSent(long nowNanos) {
        InjectorResult r = remote();
        if (r != null) return r.activeSeconds(0);
        long first = firstSentNanos.get();
        return first == 0 ? 0 : Math.max(0, nowNanos - first) / 1e9;
    }

    public long completed() {
        return completed.sum();
    }

    public long errors() {
        return errors.sum();
    }

    public long injectedErrors() {
        return injectedErrors.sum();
    }

    /** Requests that got no HTTP answer at all: refused, reset, or Gatling's request timeout. */
    public long unanswered() {
        return unanswered.sum();
    }

    /** All entry latencies recorded so far. */
    public synchronized Histogram entryLatencyMillis() {
        accumulated.add(entryLatencyMillis.getIntervalHistogram());
        return accumulated.copy();
    }

    /** The injector's lag so far, and whether it fell behind ({@link InjectorLag#allowedMillis}). */
    public synchronized InjectorLag injectorLag() {
        if (remote != null) return remote.lag();
        Histogram lag = sendLagMicros();
        if (lag.getTotalCount() == 0) return new InjectorLag(0, 0, 0, 0, false);
        double p50 = lag.getValueAtPercentile(50) / 1000.0;
        double p99 = lag.getValueAtPercentile(99) / 1000.0;
        double max = lag.getMaxValue() / 1000.0;
        return new InjectorLag(p50, p99, max, lag.getTotalCount(), p99 > InjectorLag.allowedMillis(offeredRps));
    }

    /** Each request's send lag in µs against the timetable's origin (the earliest any request allows). */
    private Histogram sendLagMicros() {
        Histogram lag = InjectorResult.newLagHistogram();
        if (offsetCount == 0) return lag;
        long origin = Long.MAX_VALUE;
        for (int i = 0; i < offsetCount; i++) origin = Math.min(origin, sendOffsets[i]);
        for (int i = 0; i < offsetCount; i++) lag.recordValue(Math.min((sendOffsets[i] - origin) / 1_000, MAX_LAG_MICROS));
        return lag;
    }

    /**
     * These counters as one injector's result, for the harness to merge with the other pods'.
     * {@code epochMicrosAtNanoZero} maps this JVM's {@link System#nanoTime()} to wall-clock
     * microseconds (wall clock at a moment minus that moment's nanoTime / 1000), since pods'
     * monotonic clocks cannot be compared.
     */
    public synchronized InjectorResult toResult(long epochMicrosAtNanoZero) {
        long first = firstSentNanos.get();
        long last = lastResponseNanos.get();
        return new InjectorResult(1, offeredRps, sent(), completed(), errors(), injectedErrors(),
                first == 0 ? 0 : epochMicrosAtNanoZero + first / 1000, last == 0 ? 0 : epochMicrosAtNanoZero + last / 1000,
                entryLatencyMillis(), sendLagMicros());
    }

    /**
     * Adds what injectors elsewhere (pods of a Kubernetes Job) counted for this phase: their counts
     * and entry latencies join these, and their window and send lag replace the local ones (a
     * phase is driven either here or there, not both).
     */
    public synchronized void absorb(InjectorResult result) {
        remote = remote == null ? result : InjectorResult.merge(java.util.List.of(remote, result));
        sent.add(result.sent());
        completed.add(result.completed());
        errors.add(result.errors());
        injectedErrors.add(result.injectedErrors());
        accumulated.add(result.entryLatencyMillis());
    }

    private synchronized InjectorResult remote() {
        return remote;
    }
}
