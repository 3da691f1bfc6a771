package io.meshbench.load;

import com.fasterxml.jackson.databind.JsonNode;
import io.meshbench.platform.BadVersion;

import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Reads a scenario's {@code fault:} block and its command-line overrides ({@code -Dfault.service},
 * {@code -Dfault.at}, {@code -Dfault.seed}, {@code -Dfault.threshold}, {@code -Dfault.errorShare},
 * {@code -Dfault.addedLatency}, {@code -Dfault.canaryWeight}). Every problem is added to the
 * caller's list, naming the file and field (or flag) and the fix; checks needing the topology are
 * in {@link FaultCheck}.
 */
final class FaultReader {
    static final Set<String> FIELDS = Set.of("kind", "service", "seed", "at", "threshold", "errorShare",
            "addedLatency", "canaryWeight");
    /** Each field can be given on the command line as {@code -Dfault.<field>}. */
    static final Set<String> OPTIONS = FIELDS.stream().map("fault."::concat)
            .collect(java.util.stream.Collectors.toUnmodifiableSet());
    static final double DEFAULT_THRESHOLD_PCT = 1;
    static final double DEFAULT_CANARY_PCT = 20;

    private final JsonNode node;
    private final Properties overrides;
    private final String where;
    private final List<String> problems;

    private FaultReader(JsonNode node, Properties overrides, String where, List<String> problems) {
        this.node = node;
        this.overrides = overrides;
        this.where = where;
        this.problems = problems;
    }

    /** The fault, or null when the scenario has none; {@code window} is the measured window (null if invalid). */
    static Fault read(JsonNode node, Properties overrides, String where, Duration window, List<String> problems) {
        if (node == null || node.isNull()) return null;
        if (!node.isObject()) {
            problems.add(where + ": fault: expected a mapping (kind, service, at, …); see scenarios/README.md");
            return null;
        }
        return new FaultReader(node, overrides, where, problems).read(window);
    }

    private Fault read(Duration window) {
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String field = it.next();
            if (!FIELDS.contains(field)) {
                problems.add(where + ": fault." + field + ": unknown field; known fields: "
                        + FIELDS.stream().sorted().collect(Collectors.joining(", ")));
            }
        }
        if (!node.hasNonNull("kind")) {
            problems.add(where + ": fault.kind is missing; give one of " + FaultKind.names());
            return null;
        }
        FaultKind kind = value("kind", null, FaultKind::parse, "one of " + FaultKind.names());
        String service = text("service");
        Long seed = value("seed", "1", Long::parseLong, "a whole number like 1");
        Duration at = value("at", null, DurationText::parse, "a time inside the measured window, like 10s");
        Double threshold = percent("threshold", DEFAULT_THRESHOLD_PCT);
        if (at == null && text("at") == null) {
            problems.add(where + ": fault.at is missing; give the fault's time from the start of the measured window, like 10s");
        }
        if (at != null && window != null) checkTime(at, window);
        if (threshold != null && (threshold <= 0 || threshold > 100)) {
            problems.add(origin("threshold") + ": " + threshold + "% is outside (0, 100]%; give an error share like 5%");
        }
        BadVersion version = null;
        if (kind == FaultKind.BAD_ROLLOUT) {
            version = badVersion();
        } else if (kind != null) {
            for (String onlyRollout : List.of("errorShare", "addedLatency", "canaryWeight")) {
                if (node.has(onlyRollout)) {
                    problems.add(origin(onlyRollout) + ": only a bad-rollout fault takes " + onlyRollout
                            + "; remove it or use kind: bad-rollout");
                }
            }
        }
        if (kind == null || seed == null || at == null || threshold == null) return null;
        if (kind == FaultKind.BAD_ROLLOUT && version == null) return null;
        return new Fault(kind, service, seed, at, threshold, version);
    }

    private void checkTime(Duration at, Duration window) {
        if (at.isNegative() || at.isZero() || at.compareTo(window) >= 0) {
            problems.add(origin("at") + ": " + DurationText.format(at) + " is outside the measured window (0 to "
                    + DurationText.format(window) + "); give a time after its start and before its end");
        } else if (at.plusSeconds(Fault.RECOVERY_HOLD_SECONDS).compareTo(window) > 0) {
            problems.add(origin("at") + ": " + DurationText.format(at) + " leaves less than "
                    + Fault.RECOVERY_HOLD_SECONDS + " s of the " + DurationText.format(window)
                    + " window after the fault, too short to ever see recovery; move the fault earlier or "
                    + "lengthen duration to at least " + DurationText.format(at.plusSeconds(Fault.RECOVERY_HOLD_SECONDS + 5)));
        }
    }

    private BadVersion badVersion() {
        boolean hasErrors = node.has("errorShare") || overrides.getProperty("fault.errorShare") != null;
        boolean hasLatency = node.has("addedLatency") || overrides.getProperty("fault.addedLatency") != null;
        if (!hasErrors && !hasLatency) {
            problems.add(where + ": fault: a bad-rollout needs errorShare (like 50%) and/or addedLatency (like 200ms)");
            return null;
        }
        Double share = hasErrors ? percent("errorShare", 0) : Double.valueOf(0);
        Duration latency = hasLatency ? value("addedLatency", "0ms", DurationText::parse, "a duration like 200ms")
                : Duration.ZERO;
        Double weight = percent("canaryWeight", DEFAULT_CANARY_PCT);
        boolean ok = share != null && latency != null && weight != null;
        if (share != null && (share < 0 || share > 100)) {
            problems.add(origin("errorShare") + ": " + share + "% is outside 0–100%; give the share of requests the "
                    + "bad version fails, like 50%");
            ok = false;
        }
        if (weight != null && (weight <= 0 || weight > 100)) {
            problems.add(origin("canaryWeight") + ": " + weight + "% is outside (0, 100]%; give the canary's share "
                    + "of traffic, like 20%");
            ok = false;
        }
        if (ok && share == 0 && latency.isZero()) {
            problems.add(origin("errorShare") + ": the bad version neither fails nor slows requests; give errorShare "
                    + "above 0% or addedLatency above 0");
            ok = false;
        }
        return ok ? new BadVersion(share, latency, weight) : null;
    }

    private Double percent(String field, double fallback) {
        return value(field, fallback + "%", FaultReader::parsePercent, "a percentage like 5%");
    }

    /** "5%" or "5" both mean five percent; range is checked by the caller so it can name the fix. */
    static double parsePercent(String text) {
        String t = text.trim();
        if (t.endsWith("%")) t = t.substring(0, t.length() - 1).trim();
        double v = Double.parseDouble(t);
        if (Double.isNaN(v)) throw new NumberFormatException("NaN");
        return v;
    }

    private String text(String field) {
        String flag = overrides.getProperty("fault." + field);
        if (flag != null) return flag.isBlank() ? null : flag.trim();
        return node.hasNonNull(field) ? node.get(field).asText().trim() : null;
    }

    private <T> T value(String field, String fallback, Function<String, T> parse, String expected) {
        String t = text(field);
        if (t == null) t = fallback;
        if (t == null) return null;
        try {
            return parse.apply(t);
        } catch (RuntimeException e) {
            problems.add(origin(field) + ": '" + t + "' is not valid; expected " + expected);
            return null;
        }
    }

    private String origin(String field) {
        return overrides.getProperty("fault." + field) != null ? "-Dfault." + field : where + ": fault." + field;
    }
}
