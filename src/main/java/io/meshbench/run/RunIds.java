package io.meshbench.run;

import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;

/** Run ids name result folders; they sort by start time. */
public final class RunIds {
    private static final DateTimeFormatter FORMAT = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

    private RunIds() {
    }

    public static String fresh() {
        return LocalDateTime.now().format(FORMAT);
    }
}
