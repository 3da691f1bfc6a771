package io.meshbench.metrics.process;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/** The kernel's USER_HZ, the unit of CPU times in /proc: asked of {@code getconf CLK_TCK} once. */
final class ClockTicks {

    private static final long DEFAULT = 100; // Linux's USER_HZ on every common architecture
    private static volatile long perSecond;

    private ClockTicks() {
    }

    static long perSecond() {
        long known = perSecond;
        if (known > 0) return known;
        long ticks = DEFAULT;
        try {
            Process p = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
            if (p.waitFor(5, TimeUnit.SECONDS)) {
                String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim();
                long parsed = Long.parseLong(out);
                if (parsed > 0) ticks = parsed;
            } else {
                p.destroyForcibly();
            }
        } catch (IOException | NumberFormatException e) {
            // no getconf: keep the Linux default
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        perSecond = ticks;
        return ticks;
    }
}
