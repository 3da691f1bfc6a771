package io.meshbench.metrics;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class InjectorGatlingLogTest {

    /** Incompressible bytes, so the file needs several lines. */
    private static byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        new Random(42).nextBytes(b);
        return b;
    }

    @Test
    void aFileSpreadOverSeveralLinesAmidOtherOutputComesBackByteForByte() {
        byte[] file = randomBytes(3 * InjectorGatlingLog.CHUNK);
        List<String> lines = InjectorGatlingLog.toLogLines(file);
        assertTrue(lines.size() >= 4, "several lines: " + lines.size());
        lines.forEach(l -> assertTrue(l.length() < 16 * 1024, "short enough not to be split by the runtime"));
        List<String> log = new ArrayList<>(List.of("gatling says hello"));
        for (String l : lines) {
            log.add(l);
            log.add("an unrelated line");
        }
        assertArrayEquals(file, InjectorGatlingLog.fromLog(String.join("\n", log)).orElseThrow());
    }

    @Test
    void anEmptyFileIsOneLineAndALogWithoutLinesHasNoFile() {
        assertEquals(1, InjectorGatlingLog.toLogLines(new byte[0]).size());
        assertArrayEquals(new byte[0], InjectorGatlingLog.fromLog(InjectorGatlingLog.toLogLines(new byte[0]).get(0)).orElseThrow());
        assertTrue(InjectorGatlingLog.fromLog("just a log\n").isEmpty());
        assertTrue(InjectorGatlingLog.fromLog(null).isEmpty());
    }

    @Test
    void aMissingLineIsNamed() {
        List<String> lines = new ArrayList<>(InjectorGatlingLog.toLogLines(randomBytes(2 * InjectorGatlingLog.CHUNK)));
        int total = lines.size();
        lines.remove(1);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> InjectorGatlingLog.fromLog(String.join("\n", lines)));
        assertTrue(e.getMessage().contains("[2] of " + total), e.getMessage());
    }

    @Test
    void aCorruptedLineIsAnErrorNotAShorterFile() {
        List<String> lines = new ArrayList<>(InjectorGatlingLog.toLogLines(randomBytes(100)));
        String only = lines.get(0);
        String broken = only.substring(0, only.length() - 10) + "!!!!!!!!!!";
        assertThrows(IllegalArgumentException.class, () -> InjectorGatlingLog.fromLog(broken));
    }
}
