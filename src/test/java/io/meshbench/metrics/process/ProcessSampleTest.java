package io.meshbench.metrics.process;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ProcessSampleTest {

    @Test
    void statFieldsAreCountedAfterTheCommandNameEvenWithSpacesAndParentheses() {
        // pid (comm) state ppid pgrp session tty tpgid flags minflt cminflt majflt cmajflt utime stime ...
        String stat = "4242 (my (odd) proc) S 1 4242 4242 0 -1 4194560 100 0 0 0 250 50 0 0 20 0 2 0 1000 0 0\n";
        assertEquals((250 + 50) * 10_000_000L, ProcessSample.cpuNanosFromStat(stat, 100));
    }

    @Test
    void rssComesFromVmRssInKibibytes() {
        String status = "Name:\thaproxy\nVmPeak:\t  99999 kB\nVmRSS:\t   12345 kB\nThreads:\t2\n";
        assertEquals(12345L * 1024, ProcessSample.rssBytesFromStatus(status));
        assertEquals(0, ProcessSample.rssBytesFromStatus("Name:\tzombie\n"));
    }

    @Test
    void thisJvmUsesCpuAndMemoryBetweenTwoSamples() {
        ProcessSample before = ProcessSample.now();
        long sink = 0;
        for (int i = 0; i < 20_000_000; i++) sink += Long.numberOfTrailingZeros(i ^ sink);
        ProcessSample after = ProcessSample.now();
        ProcessSample.Difference d = after.since(before);
        assertTrue(sink != 42, "keep the loop");
        assertTrue(d.cpuNanos() > 0, "busy loop used CPU: " + d);
        assertTrue(d.rssBytes() > 1_000_000, "a JVM has more than 1 MB resident: " + d);
        assertTrue(d.elapsed().toNanos() > 0);
        assertTrue(ProcessSample.procCpuNanos(ProcessHandle.current().pid()) > 0, "the /proc reading agrees there was CPU");
    }

    @Test
    void samplesOfDifferentProcessesDoNotSubtract() {
        ProcessSample a = new ProcessSample(1, 0, 0, 0);
        ProcessSample b = new ProcessSample(2, 1, 1, 1);
        assertThrows(IllegalArgumentException.class, () -> b.since(a));
    }

    @Test
    void threadCpuFollowsNamedThreadsOnly() throws InterruptedException {
        Thread busy = new Thread(() -> {
            long until = System.nanoTime() + 50_000_000L;
            long x = 0;
            while (System.nanoTime() < until) x += System.nanoTime() & 1;
            if (x == -1) System.out.println(x);
        }, "meshbench-test-busy");
        Map<Long, Long> before = ThreadCpu.sample(n -> n.equals("meshbench-test-busy"));
        busy.start();
        Thread.sleep(20);
        Map<Long, Long> during = ThreadCpu.sample(n -> n.equals("meshbench-test-busy"));
        busy.join(5_000);
        assertEquals(1, during.size());
        assertTrue(ThreadCpu.nanosBetween(before, during) > 0);
        assertTrue(ThreadCpu.sample(n -> n.equals("no-such-thread")).isEmpty());
    }
}
