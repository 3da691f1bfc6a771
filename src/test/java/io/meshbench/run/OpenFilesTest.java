package io.meshbench.run;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.OptionalLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OpenFilesTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final Console console = new Console(new PrintStream(out, true, StandardCharsets.UTF_8));

    @Test
    void enoughFilesSaysNothing() {
        OpenFiles.checkLimit(259 * 3, OptionalLong.of(20_000), console);
        assertEquals("", out.toString(StandardCharsets.UTF_8));
    }

    @Test
    void slightlyShortWarnsWithTheFix() {
        OpenFiles.checkLimit(259 * 3, OptionalLong.of(12_000), console);
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("ulimit -n 65536"), out.toString(StandardCharsets.UTF_8));
    }

    @Test
    void farShortRefusesBeforeAnythingStarts() {
        InputException e = assertThrows(InputException.class,
                () -> OpenFiles.checkLimit(960 * 3, OptionalLong.of(20_000), console));
        assertTrue(e.getMessage().contains("58,600 open files"), e.getMessage());
        assertTrue(e.getMessage().contains("-Dmodes"), e.getMessage());
    }

    @Test
    void unknownLimitIsNotChecked() {
        OpenFiles.checkLimit(1_000_000, OptionalLong.empty(), console);
        assertEquals("", out.toString(StandardCharsets.UTF_8));
    }
}
