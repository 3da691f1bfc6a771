package io.meshbench.topology;

import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * Where each part of a parsed topology came from: the file as the user names it, the line of each
 * field path, and the field path of each step. Lets checks that run after parsing still point at
 * the exact line. A generated topology has no source map ({@link #none()}).
 */
final class SourceMap {

    private final String file;
    private final Map<String, Integer> lines = new HashMap<>();
    private final Map<Step, String> stepPaths = new IdentityHashMap<>();

    SourceMap(String file) {
        this.file = file;
    }

    static SourceMap none() {
        return new SourceMap(null);
    }

    String file() {
        return file;
    }

    void recordLine(String path, int line) {
        lines.putIfAbsent(path, line);
    }

    void recordStep(Step step, String path) {
        stepPaths.put(step, path);
    }

    /** The line of a field path, else of its nearest recorded parent, else 0. */
    int line(String path) {
        String p = path;
        while (!p.isEmpty()) {
            Integer line = lines.get(p);
            if (line != null) return line;
            int cut = Math.max(p.lastIndexOf('.'), p.lastIndexOf('['));
            if (cut <= 0) break;
            p = p.substring(0, cut);
        }
        return lines.getOrDefault(p, 0);
    }

    /** The field path of a step, or {@code fallback} when the step was not parsed from a file. */
    String pathOf(Step step, String fallback) {
        return stepPaths.getOrDefault(step, fallback);
    }

    TopologyException.Problem problem(String path, String message) {
        return new TopologyException.Problem(file, line(path), path, message);
    }
}
