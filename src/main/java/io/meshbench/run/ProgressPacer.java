package io.meshbench.run;

import java.time.Duration;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * Decides when a long phase earns a progress line, so a big run's console stays short: none in a
 * phase's first {@link #QUIET} (a short phase prints nothing), then at most one every
 * {@link #EVERY}, or half the time the phase had run at its last line if that is longer, up to
 * {@link #MOST_EVERY}: a 4-minute phase prints about ten lines, not fifty, and a longer one still
 * shows it is alive every minute. A phase is named by a key; the first event with a new key starts
 * its clock, so a phase's source reports "0 done" when it begins. Events may come from several threads.
 */
final class ProgressPacer {
    static final Duration QUIET = Duration.ofSeconds(5);
    static final Duration EVERY = Duration.ofSeconds(5);
    static final Duration MOST_EVERY = Duration.ofSeconds(60);

    private final LongSupplier nanos;
    private String phase;
    private long startedAt;
    private long lastLine;
    private boolean printed;

    ProgressPacer(LongSupplier nanos) {
        this.nanos = nanos;
    }

    static ProgressPacer wallClock() {
        return new ProgressPacer(System::nanoTime);
    }

    /**
     * Records an event of phase {@code key}; returns how long the phase has run when the event
     * should print a line, or null when it should not.
     */
    synchronized Duration due(String key) {
        long now = nanos.getAsLong();
        if (!key.equals(phase)) {
            phase = key;
            startedAt = now;
            printed = false;
        }
        if (now - startedAt < QUIET.toNanos()) return null;
        if (printed && now - lastLine < gapAfter(lastLine - startedAt)) return null;
        printed = true;
        lastLine = now;
        return Duration.ofNanos(now - startedAt);
    }

    /** Nanoseconds from a line printed {@code runFor} into its phase to the next one. */
    private static long gapAfter(long runFor) {
        return Math.max(EVERY.toNanos(), Math.min(MOST_EVERY.toNanos(), runFor / 2));
    }

    /** "37/142 pods ready, about 24 s left": the count, and the rest at the pace so far. */
    static String countAndEta(int done, int total, String unit, Duration elapsed) {
        String count = done + "/" + total + " " + unit;
        if (done >= total) return count;
        if (done <= 0) return count + ", time left not known yet";
        long leftSeconds = (long) Math.ceil(elapsed.toMillis() / 1e3 * (total - done) / done);
        return count + ", about " + seconds(leftSeconds) + " left";
    }

    static String seconds(long s) {
        return s < 60 ? s + " s" : String.format(Locale.ROOT, "%d min %02d s", s / 60, s % 60);
    }
}
