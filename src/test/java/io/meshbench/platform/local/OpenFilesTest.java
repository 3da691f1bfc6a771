package io.meshbench.platform.local;

import org.junit.jupiter.api.Test;

import java.util.OptionalLong;

import static org.junit.jupiter.api.Assertions.assertTrue;

class OpenFilesTest {

    @Test
    void enoughFilesSaysNothing() {
        OpenFiles.Verdict v = OpenFiles.check(259, OptionalLong.of(20_000));
        assertTrue(v.refusal().isEmpty() && v.warning().isEmpty(), v.toString());
    }

    @Test
    void slightlyShortWarnsWithTheFix() {
        OpenFiles.Verdict v = OpenFiles.check(259, OptionalLong.of(12_000));
        assertTrue(v.refusal().isEmpty());
        assertTrue(v.warning().orElseThrow().contains("ulimit -n 65536"), v.toString());
    }

    @Test
    void farShortRefusesBeforeAnythingStarts() {
        OpenFiles.Verdict v = OpenFiles.check(960, OptionalLong.of(20_000));
        String m = v.refusal().orElseThrow();
        assertTrue(m.contains("58,600 open files"), m);
        assertTrue(m.contains("-Dtopology"), m);
    }

    @Test
    void unknownLimitIsNotChecked() {
        OpenFiles.Verdict v = OpenFiles.check(1_000_000, OptionalLong.empty());
        assertTrue(v.refusal().isEmpty() && v.warning().isEmpty());
    }

    @Test
    void theLimitIsReadFromTheOperatingSystem() {
        // On Linux and macOS the JVM reports the soft limit; a machine that reports none skips the check.
        OptionalLong limit = io.meshbench.platform.local.process.ProcessLimits.openFilesLimit();
        limit.ifPresent(l -> assertTrue(l > 0, "limit " + l));
    }
}
