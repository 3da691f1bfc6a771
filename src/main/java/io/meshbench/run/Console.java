package io.meshbench.run;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;

/** Progress lines for a person at a terminal: the phase, what happens, and time since the run began. */
public final class Console {
    private final PrintStream out;
    private final long startNanos = System.nanoTime();

    public Console(PrintStream out) {
        this.out = out;
    }

    public void phase(String phase, String message) {
        out.printf(Locale.ROOT, "[meshbench %s] %-9s %s%n", elapsed(), phase, message);
        out.flush();
    }

    public void warn(String message) {
        phase("WARNING", message);
    }

    public Duration elapsedDuration() {
        return Duration.ofNanos(System.nanoTime() - startNanos);
    }

    private String elapsed() {
        long s = elapsedDuration().toSeconds();
        return String.format(Locale.ROOT, "%02d:%02d", s / 60, s % 60);
    }
}
