package io.meshbench.load;

import io.meshbench.metrics.LatencyRecording;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

import java.util.concurrent.atomic.LongAdder;

/**
 * What the load generator saw of one phase, counted as responses arrive: completions, errors
 * (not counting the errors a topology injects on purpose) and entry latency in Gatling's whole ms.
 */
public final class PhaseCounters {
    private final LongAdder sent = new LongAdder();
    private final LongAdder completed = new LongAdder();
    private final java.util.concurrent.atomic.AtomicLong firstSentNanos = new java.util.concurrent.atomic.AtomicLong();
    private final java.util.concurrent.atomic.AtomicLong lastResponseNanos = new java.util.concurrent.atomic.AtomicLong();
    private final LongAdder errors = new LongAdder();
    private final LongAdder injectedErrors = new LongAdder();
    private final Recorder entryLatencyMillis = new Recorder(LatencyRecording.HIGHEST_TRACKABLE_MICROS / 1000, 3);
    private final Histogram accumulated = new Histogram(LatencyRecording.HIGHEST_TRACKABLE_MICROS / 1000, 3);

    /** A virtual user is about to send its request. */
    public void recordSent() {
        sent.increment();
        firstSentNanos.compareAndSet(0, System.nanoTime());
    }

    /**
     * @param status        HTTP status, or 0 when no response came (connection failure, timeout)
     * @param injected      the response carried x-meshbench-injected-error
     * @param responseMillis Gatling's response time
     */
    public void record(int status, boolean injected, long responseMillis) {
        lastResponseNanos.accumulateAndGet(System.nanoTime(), Math::max);
        if (status >= 200 && status < 300) {
            completed.increment();
        } else if (status == 500 && injected) {
            completed.increment();
            injectedErrors.increment();
        } else {
            errors.increment();
        }
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
        long first = firstSentNanos.get();
        long last = lastResponseNanos.get();
        double active = first == 0 || last <= first ? 0 : (last - first) / 1e9;
        return Math.max(active, injectionWindow.toNanos() / 1e9);
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

    /** All entry latencies recorded so far. */
    public synchronized Histogram entryLatencyMillis() {
        accumulated.add(entryLatencyMillis.getIntervalHistogram());
        return accumulated.copy();
    }
}
