package io.meshbench.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.OptionalLong;

/**
 * The local target keeps every pod, proxy and pooled connection of every mode in one process, and
 * a loopback connection costs two descriptors there. A 142-service graph in three modes peaked at
 * about 14,000 open files (measured with 16 requests in flight during calibration), so a low
 * limit would end a run minutes in; this says so before anything starts.
 */
final class OpenFiles {
    /** Open files observed per pod and mode at the peak (14,000 for 259 pods × 3 modes), with margin. */
    static final int PER_POD_MODE = 20;
    static final int BASE = 1_000;

    private OpenFiles() {
    }

    /**
     * Warns when the estimate is above the limit, and refuses the run (before anything is deployed)
     * when it is far above: a 500-service graph in three modes (estimate 58,600, limit 20,000) ran
     * out of descriptors a minute in, during the first-call probe.
     */
    static void checkLimit(int podModes, Console console) {
        checkLimit(podModes, limit(), console);
    }

    static void checkLimit(int podModes, OptionalLong limit, Console console) {
        long need = BASE + (long) PER_POD_MODE * podModes;
        if (limit.isEmpty() || limit.getAsLong() >= need) return;
        String message = String.format(Locale.ROOT, "this run may need about %,d open files and the limit is %,d;"
                + " raise it before running (ulimit -n %d) or run fewer modes (-Dmodes) or a smaller topology", need,
                limit.getAsLong(), Math.max(65536, need));
        if (need > limit.getAsLong() * REFUSE_ABOVE) throw new InputException(java.util.List.of(message));
        console.warn(message);
    }

    /** Refuse when the estimate exceeds the limit by this factor; between 1 and this, only warn. */
    static final double REFUSE_ABOVE = 1.5;

    /** This process's open-files limit on Linux, empty elsewhere. */
    static OptionalLong limit() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/limits"))) {
                if (line.startsWith("Max open files")) {
                    String soft = line.substring("Max open files".length()).trim().split("\\s+")[0];
                    return soft.equals("unlimited") ? OptionalLong.empty() : OptionalLong.of(Long.parseLong(soft));
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux, or unreadable: no check
        }
        return OptionalLong.empty();
    }
}
