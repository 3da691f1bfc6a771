package io.meshbench.metrics.process;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class ProcessFootprintTest {

    @Test
    void smapsRollupFieldsAreReadInKibibytes() {
        String rollup = "55b0-7fff ---p 00000000 00:00 0   [rollup]\nRss:                1708 kB\nPss:                 244 kB\n"
                + "Private_Clean:        40 kB\nPrivate_Dirty:       112 kB\n";
        assertEquals(1708L * 1024, ProcessFootprint.kibField(rollup, "Rss:"));
        assertEquals(244L * 1024, ProcessFootprint.kibField(rollup, "Pss:"));
        assertEquals(-1, ProcessFootprint.kibField(rollup, "Swap:"));
    }

    @Test
    void thisProcessIsSampledFromProc() {
        assumeTrue(ProcessFootprint.procAvailable(), "Linux /proc only");
        ProcessFootprint f = ProcessFootprint.sample(ProcessHandle.current().pid()).orElseThrow();
        assertTrue(f.rssBytes() > 1 << 20, "a JVM holds more than 1 MiB resident: " + f);
        assertTrue(f.ussBytes() > 0 && f.ussBytes() <= f.pssBytes() && f.pssBytes() <= f.rssBytes(), "USS <= PSS <= RSS: " + f);
        assertTrue(f.cpuNanos() > 0, f.toString());
    }

    @Test
    void aProcessThatHasExitedIsNotSampled() throws Exception {
        Process p = new ProcessBuilder("true").start();
        p.waitFor();
        assertTrue(ProcessFootprint.sample(p.pid()).isEmpty());
    }

    @Test
    void aWindowAveragesMemoryAndCountsCpuBetweenItsFirstAndLastSample() throws Exception {
        assumeTrue(ProcessFootprint.procAvailable(), "Linux /proc only");
        long self = ProcessHandle.current().pid();
        ProcessWindow w = ProcessWindow.start(List.of(self));
        long spin = System.nanoTime() + 300_000_000L;
        double x = 0;
        while (System.nanoTime() < spin) x += Math.sqrt(x + 1);
        Map<Long, ProcessWindow.Usage> usage = w.finish();
        ProcessWindow.Usage u = usage.get(self);
        assertTrue(u.samples() >= 2, u.toString());
        assertTrue(u.cpuNanos() > 0 && x > 0, u.toString());
        assertTrue(u.pssBytes() > 0 && u.chargedBytes() == u.pssBytes(), u.toString());
    }
}
