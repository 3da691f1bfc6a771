package io.meshbench.topology;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The size, duration and percentage grammars of topology files. Sizes follow isotope (which uses
 * docker's go-units {@code RAMInBytes}): binary multiples, so {@code 1 KB}, {@code 1k} and
 * {@code 1KiB} all mean 1024 bytes. Durations follow Go's {@code time.ParseDuration}.
 * Parse methods throw {@link IllegalArgumentException} whose message says what is accepted.
 */
public final class Quantities {

    public static final long KIB = 1024;
    public static final long MIB = 1024 * KIB;

    public static final String SIZE_GRAMMAR = "a byte count or a number with a unit B, KB, MB, GB "
            + "(binary: 1 KB = 1024 B; also k, m, KiB), e.g. '100 B', '1 KB', '16k', '10mb'";
    public static final String DURATION_GRAMMAR = "a number with a unit ns, us, ms, s, m or h, "
            + "e.g. '100us', '10ms', '1.5s', '2m'";

    private static final Pattern SIZE = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*([kmgtp]?)(i?)(b?)",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern DURATION_PART = Pattern.compile("(\\d+(?:\\.\\d+)?|\\.\\d+)(ns|us|µs|μs|ms|s|m|h)");

    private Quantities() {
    }

    /** Parses a size like {@code 1 KB}, {@code 16k}, {@code 10mb}, {@code 100 B} or {@code 512}. */
    public static long parseSize(String text) {
        String trimmed = text.trim();
        if (trimmed.startsWith("-")) {
            throw new IllegalArgumentException("size " + trimmed + " is negative — use 0 or more, e.g. '1 KB'");
        }
        Matcher m = SIZE.matcher(trimmed);
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a size — write " + SIZE_GRAMMAR);
        }
        int power = switch (m.group(2).toLowerCase(Locale.ROOT)) {
            case "" -> 0;
            case "k" -> 1;
            case "m" -> 2;
            case "g" -> 3;
            case "t" -> 4;
            default -> 5;
        };
        if (power == 0 && !m.group(3).isEmpty()) {
            throw new IllegalArgumentException("'" + text + "' is not a size — write " + SIZE_GRAMMAR);
        }
        BigDecimal bytes = new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(1024).pow(power));
        BigDecimal whole = bytes.setScale(0, RoundingMode.FLOOR);
        if (whole.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0) {
            throw new IllegalArgumentException("'" + text + "' is too large a size");
        }
        return whole.longValueExact();
    }

    /** The shortest exact form in the grammar: {@code 2 MB}, {@code 1 KB}, {@code 300 B}. */
    public static String formatSize(long bytes) {
        if (bytes > 0 && bytes % MIB == 0) return bytes / MIB + " MB";
        if (bytes > 0 && bytes % KIB == 0) return bytes / KIB + " KB";
        return bytes + " B";
    }

    /** Parses a duration like {@code 10ms}, {@code 1.5s}, {@code 100us}, {@code 2m} or {@code 1m30s}. */
    public static Duration parseDuration(String text) {
        String trimmed = text.trim();
        if (trimmed.isEmpty()) {
            throw new IllegalArgumentException("empty duration — write " + DURATION_GRAMMAR);
        }
        if (trimmed.startsWith("-")) {
            throw new IllegalArgumentException("duration " + trimmed + " is negative — use 0 or more, e.g. '10ms'");
        }
        if (trimmed.matches("\\d+(\\.\\d+)?")) {
            throw new IllegalArgumentException("'" + text + "' has no unit — write for example '" + trimmed
                    + "ms' (" + DURATION_GRAMMAR + ")");
        }
        Matcher m = DURATION_PART.matcher(trimmed);
        BigDecimal nanos = BigDecimal.ZERO;
        int at = 0;
        while (at < trimmed.length()) {
            if (!m.find(at) || m.start() != at) {
                throw new IllegalArgumentException("'" + text + "' is not a duration — write " + DURATION_GRAMMAR);
            }
            nanos = nanos.add(new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(nanosPer(m.group(2)))));
            at = m.end();
        }
        BigDecimal whole = nanos.setScale(0, RoundingMode.FLOOR);
        if (whole.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0) {
            throw new IllegalArgumentException("'" + text + "' is too long a duration");
        }
        return Duration.ofNanos(whole.longValueExact());
    }

    private static long nanosPer(String unit) {
        return switch (unit) {
            case "ns" -> 1L;
            case "us", "µs", "μs" -> 1_000L;
            case "ms" -> 1_000_000L;
            case "s" -> 1_000_000_000L;
            case "m" -> 60_000_000_000L;
            default -> 3_600_000_000_000L;
        };
    }

    /** The shortest exact form in the grammar: {@code 2s}, {@code 1500ms}, {@code 100us}, {@code 7ns}. */
    public static String formatDuration(Duration duration) {
        long nanos = duration.toNanos();
        if (nanos > 0 && nanos % 1_000_000_000L == 0) return nanos / 1_000_000_000L + "s";
        if (nanos % 1_000_000L == 0) return nanos / 1_000_000L + "ms";
        if (nanos % 1_000L == 0) return nanos / 1_000L + "us";
        return nanos + "ns";
    }

    /**
     * Parses an error rate as isotope does: a percentage string {@code 0.5%} or a fraction
     * {@code 0.005}; both must lie in 0..100% .
     */
    public static double parseErrorRate(String text) {
        String trimmed = text.trim();
        double fraction;
        try {
            if (trimmed.endsWith("%")) {
                fraction = Double.parseDouble(trimmed.substring(0, trimmed.length() - 1).trim()) / 100.0;
            } else {
                fraction = Double.parseDouble(trimmed);
                if (fraction > 1) {
                    throw new IllegalArgumentException("error rate " + trimmed + " is above 1 — write a fraction "
                            + "between 0 and 1 (0.05) or a percentage ('5%')");
                }
            }
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "' is not an error rate — write a percentage like '0.5%' "
                    + "or a fraction like 0.005");
        }
        if (Double.isNaN(fraction) || fraction < 0 || fraction > 1) {
            throw new IllegalArgumentException("error rate " + trimmed + " is outside 0%..100% — write a value "
                    + "between '0%' and '100%'");
        }
        return fraction;
    }
}
