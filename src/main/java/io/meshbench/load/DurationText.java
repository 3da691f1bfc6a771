package io.meshbench.load;

import io.meshbench.topology.Quantities;

import java.time.Duration;

/** Durations on the command line and in scenarios: the topology grammar (500ms, 45s, 2m, 1m30s, 1h). */
public final class DurationText {
    private DurationText() {
    }

    public static Duration parse(String text) {
        if (text == null) throw new IllegalArgumentException("no duration given; write it like 45s or 2m");
        return Quantities.parseDuration(text);
    }

    /** 2m, 45s, 1.5s → 1500ms: the shortest exact form, for the console. */
    public static String format(Duration d) {
        long ms = d.toMillis();
        if (ms % 60_000 == 0 && ms > 0) return (ms / 60_000) + "m";
        if (ms % 1_000 == 0) return (ms / 1_000) + "s";
        return ms + "ms";
    }
}
