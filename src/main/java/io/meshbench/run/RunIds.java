package io.meshbench.run;

import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Optional;

/** Run ids name result folders; they sort by start time. A run id is a name, never a path. */
public final class RunIds {
    private static final DateTimeFormatter FORMAT = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

    private RunIds() {
    }

    public static String fresh() {
        return LocalDateTime.now().format(FORMAT);
    }

    /**
     * Why {@code runId} cannot name a folder in results/, or empty: letters, digits, '-', '_' and
     * '.', at most 80, and not "." or ".." (which would name results/ itself or the project).
     */
    public static Optional<String> problem(String runId) {
        if (runId.matches("[A-Za-z0-9._-]{1,80}") && !runId.equals(".") && !runId.equals("..")) return Optional.empty();
        return Optional.of("-Drun.id=" + runId + ": a run id names a folder in results/; use letters, digits, '-', '_'"
                + " and '.' (at most 80, and not '.' or '..'), e.g. -Drun.id=nightly-42");
    }
}
