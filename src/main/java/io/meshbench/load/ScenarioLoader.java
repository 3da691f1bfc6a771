package io.meshbench.load;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import io.meshbench.topology.Names;
import org.yaml.snakeyaml.error.MarkedYAMLException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Reads {@code scenarios/<name>.yaml} and applies the command line's overrides
 * (-Drate, -Dduration, -Dwarmup, -Didle, -Dconnections, -Dcalibrate, -Drepeat, -Dfail.on, and the
 * fault's -Dfault.* flags read by {@link FaultReader}).
 */
public final class ScenarioLoader {
    private static final Set<String> FIELDS = Set.of("name", "ratePerService", "idle", "warmup", "duration",
            "connections", "calibrate", "repeat", "failOn", "fault");
    /** The -D options that override a scenario's fields, the fault's ({@code -Dfault.<field>}) included. */
    public static final Set<String> OPTIONS = java.util.stream.Stream.concat(Stream.of("rate", "idle", "warmup",
            "duration", "connections", "calibrate", "repeat", "fail.on"), FaultReader.OPTIONS.stream())
            .collect(Collectors.toUnmodifiableSet());
    private static final Pattern TOP_LEVEL_KEY = Pattern.compile("[\"']?([A-Za-z_][\\w.-]*)[\"']?\\s*:");
    private static final double MAX_RATE_PER_SERVICE = 100_000;
    private static final Duration MAX_WINDOW = Duration.ofHours(6);

    private ScenarioLoader() {
    }

    public static Scenario load(String nameOrPath, Path projectDir, Properties overrides) {
        Path file = locate(nameOrPath, projectDir);
        String where = projectDir.relativize(file.toAbsolutePath().normalize()).toString();
        String text = text(file, where);
        JsonNode root = read(text, where);
        Map<String, Integer> lines = fieldLines(text);
        List<String> problems = new ArrayList<>();
        for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
            String field = it.next();
            if (!FIELDS.contains(field)) {
                String hint = Names.closest(field, FIELDS).map(c -> "did you mean '" + c + "'? ").orElse("");
                problems.add(at(where, lines, field) + ": unknown field '" + field + "'; " + hint + "known fields: "
                        + FIELDS.stream().sorted().collect(Collectors.joining(", ")));
            }
        }
        String name = root.path("name").asText(stripExtension(file.getFileName().toString()));

        Field f = new Field(root, overrides, where, lines, problems);
        Double rate = f.value("ratePerService", "rate", "100", Double::parseDouble, "a number of requests per second, like 100");
        boolean rateExplicit = overrides.getProperty("rate") != null;
        Duration idle = f.value("idle", "idle", "10s", DurationText::parse, "a duration like 10s");
        Duration warmup = f.value("warmup", "warmup", "30s", DurationText::parse, "a duration like 30s");
        Duration duration = f.value("duration", "duration", "60s", DurationText::parse, "a duration like 60s or 2m");
        ConnectionReuse connections = f.value("connections", "connections", "shared", ConnectionReuse::parse,
                "shared or per-user");
        Boolean calibrate = f.value("calibrate", "calibrate", "true", ScenarioLoader::parseBoolean, "true or false");
        Integer repeat = f.value("repeat", "repeat", "1", Integer::parseInt, "a whole number like 3");
        String failOn = f.value("failOn", "fail.on", "", s -> s, "thresholds like latency_us.p99:+10%");

        if (rate != null && (rate <= 0 || rate > MAX_RATE_PER_SERVICE)) {
            problems.add(f.origin("ratePerService", "rate") + ": rate " + rate
                    + " is out of range; give a rate per service above 0 and at most " + (long) MAX_RATE_PER_SERVICE);
        }
        checkWindow(f, "idle", "idle", idle, Duration.ZERO, problems);
        checkWindow(f, "warmup", "warmup", warmup, Duration.ZERO, problems);
        checkWindow(f, "duration", "duration", duration, Duration.ofSeconds(1), problems);
        if (repeat != null && (repeat < 1 || repeat > 50)) {
            problems.add(f.origin("repeat", "repeat") + ": repeat " + repeat + " is out of range; use 1 to 50");
        }
        boolean windowOk = duration != null && duration.compareTo(Duration.ofSeconds(1)) >= 0
                && duration.compareTo(MAX_WINDOW) <= 0;
        Fault fault = FaultReader.read(root.get("fault"), overrides, where, windowOk ? duration : null, problems);
        if (!root.hasNonNull("fault")) {
            overrides.stringPropertyNames().stream().filter(k -> k.startsWith("fault.")).sorted()
                    .forEach(k -> problems.add("-D" + k + ": scenario " + name + " schedules no fault; use a "
                            + "disruption scenario (restart-pod, restart-dataplane, bad-rollout) or drop the flag"));
        }
        if (!problems.isEmpty()) {
            throw new ScenarioException(String.join("\n", problems));
        }
        return new Scenario(name, where, rate, rateExplicit, idle, warmup, duration, connections, calibrate,
                repeat, failOn, fault);
    }

    private static void checkWindow(Field f, String field, String flag, Duration d, Duration min, List<String> problems) {
        if (d == null) return;
        if (d.compareTo(min) < 0 || d.compareTo(MAX_WINDOW) > 0) {
            problems.add(f.origin(field, flag) + ": " + DurationText.format(d) + " is out of range; use "
                    + DurationText.format(min) + " to 6h");
        }
    }

    private static Path locate(String nameOrPath, Path projectDir) {
        Path dir = projectDir.resolve("scenarios");
        for (String candidate : List.of(nameOrPath, nameOrPath + ".yaml", nameOrPath + ".yml")) {
            Path inDir = dir.resolve(candidate);
            if (Files.isRegularFile(inDir)) return inDir.toAbsolutePath().normalize();
        }
        Path asPath = Path.of(nameOrPath);
        if (!asPath.isAbsolute()) asPath = projectDir.resolve(asPath);
        if (Files.isRegularFile(asPath)) return asPath.toAbsolutePath().normalize();
        throw new ScenarioException("-Dscenario=" + nameOrPath + ": no such scenario; give a name from scenarios/ ("
                + available(dir) + ") or a path to a scenario file");
    }

    private static String available(Path dir) {
        try (var files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".yaml") || n.endsWith(".yml"))
                    .map(ScenarioLoader::stripExtension).sorted().collect(Collectors.joining(", "));
        } catch (IOException e) {
            return "none found in " + dir;
        }
    }

    private static String text(Path file, String where) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new ScenarioException(where + ": cannot read: " + e.getMessage());
        }
    }

    /**
     * The fields of a scenario file. Malformed YAML is one line of message: file:line, the parser's
     * problem in a few words and what to check — not the parser's multi-line excerpt.
     */
    private static JsonNode read(String text, String where) {
        JsonNode root;
        try {
            root = new ObjectMapper(new YAMLFactory()).readTree(text);
        } catch (JsonProcessingException e) {
            throw new ScenarioException(malformed(e, where));
        }
        if (root == null || !root.isObject()) {
            throw new ScenarioException(where + ": expected a mapping of scenario fields (name, ratePerService, warmup, duration, …)");
        }
        return root;
    }

    private static String malformed(JsonProcessingException e, String where) {
        int line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
        String problem = null;
        for (Throwable t = e; t != null && problem == null; t = t.getCause()) {
            if (t instanceof MarkedYAMLException m) {
                problem = m.getProblem();
                if (m.getProblemMark() != null) line = m.getProblemMark().getLine() + 1;
            }
        }
        if (problem == null) {
            String original = e.getOriginalMessage() == null ? "unreadable" : e.getOriginalMessage();
            problem = original.lines().findFirst().orElse(original).trim();
        }
        return where + (line > 0 ? ":" + line : "") + ": malformed YAML: " + problem
                + " — check the indentation, a missing ':' or an unclosed quote or bracket there";
    }

    /** The line of each top-level field (scenario files are flat mappings: a key at column 0). */
    private static Map<String, Integer> fieldLines(String text) {
        Map<String, Integer> lines = new HashMap<>();
        String[] all = text.split("\n", -1);
        for (int i = 0; i < all.length; i++) {
            Matcher m = TOP_LEVEL_KEY.matcher(all[i]);
            if (m.lookingAt()) lines.putIfAbsent(m.group(1), i + 1);
        }
        return lines;
    }

    private static String at(String where, Map<String, Integer> lines, String field) {
        Integer line = lines.get(field);
        return line == null ? where : where + ":" + line;
    }

    private static Boolean parseBoolean(String text) {
        if (text.equalsIgnoreCase("true")) return true;
        if (text.equalsIgnoreCase("false")) return false;
        throw new IllegalArgumentException("'" + text + "' is not true or false");
    }

    private static String stripExtension(String fileName) {
        int dot = fileName.lastIndexOf('.');
        return dot > 0 ? fileName.substring(0, dot) : fileName;
    }

    /** Reads one field, preferring the command-line flag; a bad value becomes a problem naming its origin. */
    private record Field(JsonNode root, Properties overrides, String where, Map<String, Integer> lines, List<String> problems) {

        <T> T value(String field, String flag, String fallback, Function<String, T> parse, String expected) {
            String text = overrides.getProperty(flag);
            if (text == null && root.hasNonNull(field)) text = root.get(field).asText();
            if (text == null) text = fallback;
            try {
                return parse.apply(text.trim());
            } catch (RuntimeException e) {
                problems.add(origin(field, flag) + ": '" + text + "' is not valid; expected " + expected);
                return null;
            }
        }

        String origin(String field, String flag) {
            return overrides.getProperty(flag) != null ? "-D" + flag : at(where, lines, field) + ": " + field;
        }
    }
}
