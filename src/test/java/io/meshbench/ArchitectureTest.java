package io.meshbench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The packages mirror the pipeline: no stage uses a stage above it, and no two stages use each other.
 * Reads the sources under src/main/java; a reference is any {@code io.meshbench.<package>.<Type>} in a
 * file (imports, fully qualified names, javadoc links), so the check cannot be dodged by qualifying a name.
 */
class ArchitectureTest {

    /** The pipeline, lowest first. A sub-package (platform.local, metrics.scrape…) is its stage. */
    static final List<String> ORDER = List.of(
            "core", "topology", "metrics", "workload", "platform", "load", "analysis", "report", "run");

    private static final Path SOURCES = Path.of("src/main/java");
    private static final Pattern PACKAGE = Pattern.compile("(?m)^package\\s+([\\w.]+)\\s*;");
    private static final Pattern REFERENCE = Pattern.compile("\\bio\\.meshbench\\.((?:[a-z]\\w*\\.)*[a-z]\\w*)\\.[A-Z]");

    /** Stage → stages it references, each with one file that shows it. */
    private static final Map<String, Map<String, String>> uses = new TreeMap<>();
    private static final Set<String> unknownPackages = new TreeSet<>();

    @BeforeAll
    static void readSources() throws IOException {
        try (Stream<Path> files = Files.walk(SOURCES)) {
            files.filter(f -> f.toString().endsWith(".java")).forEach(ArchitectureTest::read);
        }
    }

    private static void read(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Matcher declared = PACKAGE.matcher(text);
        if (!declared.find()) return;
        String from = stageOf(declared.group(1), file);
        Matcher ref = REFERENCE.matcher(text.substring(declared.end()));
        while (ref.find()) {
            String to = stageOf("io.meshbench." + ref.group(1), file);
            if (from != null && to != null && !from.equals(to)) {
                uses.computeIfAbsent(from, k -> new TreeMap<>()).putIfAbsent(to, SOURCES.relativize(file).toString());
            }
        }
    }

    private static String stageOf(String pkg, Path file) {
        String rest = pkg.startsWith("io.meshbench.") ? pkg.substring("io.meshbench.".length()) : "";
        String stage = rest.contains(".") ? rest.substring(0, rest.indexOf('.')) : rest;
        if (ORDER.contains(stage)) return stage;
        unknownPackages.add(pkg + " (in " + SOURCES.relativize(file) + ")");
        return null;
    }

    @Test
    void sourcesWereRead() {
        assertTrue(uses.keySet().containsAll(List.of("run", "report", "platform")),
                "expected to read the sources under " + SOURCES.toAbsolutePath() + ", found stages " + uses.keySet());
    }

    @Test
    void everyPackageBelongsToAStage() {
        assertEquals(Set.of(), unknownPackages,
                "packages outside the pipeline; put them into a stage or add the stage to ArchitectureTest.ORDER");
    }

    @Test
    void noStageUsesAStageAboveIt() {
        List<String> violations = new ArrayList<>();
        uses.forEach((from, targets) -> targets.forEach((to, file) -> {
            if (ORDER.indexOf(to) > ORDER.indexOf(from)) {
                violations.add(from + " uses " + to + " (e.g. " + file + ")");
            }
        }));
        assertEquals(List.of(), violations, "order, lowest first: " + ORDER);
    }

    @Test
    void noCyclesBetweenStages() {
        List<String> cycles = new ArrayList<>();
        for (String start : uses.keySet()) {
            List<String> path = new ArrayList<>(List.of(start));
            findCycle(start, path, new TreeSet<>(), cycles);
        }
        assertEquals(List.of(), cycles);
    }

    /** Depth-first from path's head; records each cycle back to path's first stage once (from its smallest stage). */
    private static void findCycle(String at, List<String> path, Set<String> seen, List<String> cycles) {
        for (String next : uses.getOrDefault(at, Map.of()).keySet()) {
            if (next.equals(path.get(0))) {
                if (path.stream().allMatch(s -> s.compareTo(path.get(0)) >= 0)) {
                    cycles.add(String.join(" -> ", path) + " -> " + next);
                }
            } else if (seen.add(next)) {
                path.add(next);
                findCycle(next, path, seen, cycles);
                path.remove(path.size() - 1);
            }
        }
    }
}
