package io.meshbench.load;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses the short durations people type: 500ms, 45s, 2m, 1h, 1.5s. */
public final class DurationText {
    private static final Pattern FORM = Pattern.compile("\\s*(\\d+(?:\\.\\d+)?)\\s*(ms|s|m|h)\\s*");

    private DurationText() {
    }

    public static Duration parse(String text) {
        Matcher m = FORM.matcher(text == null ? "" : text);
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a duration; write it like 500ms, 45s, 2m or 1h");
        }
        double amount = Double.parseDouble(m.group(1));
        double millis = switch (m.group(2)) {
            case "ms" -> amount;
            case "s" -> amount * 1_000;
            case "m" -> amount * 60_000;
            default -> amount * 3_600_000;
        };
        return Duration.ofNanos(Math.round(millis * 1_000_000));
    }

    /** 2m, 45s, 1.5s, 500ms: the shortest exact form. */
    public static String format(Duration d) {
        long ms = d.toMillis();
        if (ms % 60_000 == 0 && ms > 0) return (ms / 60_000) + "m";
        if (ms % 1_000 == 0) return (ms / 1_000) + "s";
        return ms + "ms";
    }
}
