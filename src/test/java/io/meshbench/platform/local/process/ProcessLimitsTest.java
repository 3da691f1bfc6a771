package io.meshbench.platform.local.process;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The pre-deploy check plans memory for every child it is given, the workload hosts with the proxies. */
class ProcessLimitsTest {

    @Test
    void moreMemoryThanAvailableIsRefusedNamingWhatItWasFor() {
        assumeTrue(ProcessLimits.availableBytes().isPresent(), "no /proc/meminfo here: nothing is checked");
        long free = ProcessLimits.availableBytes().getAsLong();
        List<String> problems = ProcessLimits.check(4, free * 2, "1 proxy process (64 MiB each) and 3 workload hosts (320 MiB each)",
                "topology 'x' in [baseline]");
        assertEquals(1, problems.size(), problems.toString());
        assertTrue(problems.get(0).startsWith("topology 'x' in [baseline] needs about"), problems.get(0));
        assertTrue(problems.get(0).contains("3 workload hosts (320 MiB each)"), problems.get(0));
        assertTrue(problems.get(0).contains("MiB available"), problems.get(0));
    }

    @Test
    void whatFitsIsNotRefused() {
        assertEquals(List.of(), ProcessLimits.check(1, 1L << 20, "1 small child", "a test"));
    }
}
