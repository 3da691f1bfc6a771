package io.meshbench.metrics;

import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class InjectorResultTest {

    /** One run's requests dealt out to N injectors at random: the merge must be that run. */
    @Test
    void mergeOfPartsHasTheFiguresOfOneCombinedRun() {
        Random random = new Random(42);
        int parts = 4;
        Histogram allLatency = InjectorResult.newLatencyHistogram();
        Histogram allLag = InjectorResult.newLagHistogram();
        List<Histogram> latency = new ArrayList<>();
        List<Histogram> lag = new ArrayList<>();
        long[] sent = new long[parts];
        long[] errors = new long[parts];
        for (int i = 0; i < parts; i++) {
            latency.add(InjectorResult.newLatencyHistogram());
            lag.add(InjectorResult.newLagHistogram());
        }
        long allErrors = 0;
        for (int r = 0; r < 50_000; r++) {
            int part = random.nextInt(parts);
            long ms = Math.round(Math.exp(2 + random.nextGaussian()));      // log-normal, a long tail
            long lagMicros = (long) (random.nextDouble() * random.nextDouble() * 30_000);
            sent[part]++;
            if (random.nextInt(100) == 0) {
                errors[part]++;
                allErrors++;
            } else {
                latency.get(part).recordValue(ms);
                allLatency.recordValue(ms);
            }
            lag.get(part).recordValue(lagMicros);
            allLag.recordValue(lagMicros);
        }
        List<InjectorResult> results = new ArrayList<>();
        for (int i = 0; i < parts; i++) {
            results.add(new InjectorResult(1, 25, sent[i], sent[i] - errors[i], errors[i], 0,
                    1_000_000L + i, 61_000_000L - i, latency.get(i), lag.get(i)));
        }

        InjectorResult merged = InjectorResult.merge(results);

        assertEquals(50_000, merged.sent());
        assertEquals(allErrors, merged.errors());
        assertEquals(50_000 - allErrors, merged.completed());
        assertEquals(parts, merged.injectors());
        assertEquals(100.0, merged.offeredRps(), 1e-9);
        assertEquals(allLatency, merged.entryLatencyMillis());
        assertEquals(allLag, merged.sendLagMicros());
        for (double p : new double[]{50, 90, 99, 99.9}) {
            assertEquals(allLatency.getValueAtPercentile(p), merged.entryLatencyMillis().getValueAtPercentile(p), "p" + p);
        }
        assertEquals(allLatency.getMaxValue(), merged.entryLatencyMillis().getMaxValue());
        assertEquals(allLatency.getMean(), merged.entryLatencyMillis().getMean(), 1e-9);
        assertEquals(60.0, merged.activeSeconds(30), 1e-9, "first send of any part to last response of any part");
        assertEquals(90.0, merged.activeSeconds(90), 1e-9, "never shorter than the injection window");
    }

    @Test
    void aLogLineRoundTripsAmongOtherLines() {
        Histogram latency = InjectorResult.newLatencyHistogram();
        latency.recordValue(3);
        latency.recordValue(250);
        Histogram lag = InjectorResult.newLagHistogram();
        lag.recordValue(1_500);
        InjectorResult result = new InjectorResult(1, 33.5, 3, 2, 1, 1, 1_700_000_000_000_000L, 1_700_000_010_000_000L, latency, lag);
        String log = "gatling: starting\n" + result.toLogLine() + "\nbye\n";

        InjectorResult read = InjectorResult.fromLog(log).orElseThrow();

        assertEquals(result.sent(), read.sent());
        assertEquals(result.completed(), read.completed());
        assertEquals(result.errors(), read.errors());
        assertEquals(result.injectedErrors(), read.injectedErrors());
        assertEquals(result.offeredRps(), read.offeredRps());
        assertEquals(result.firstSentEpochMicros(), read.firstSentEpochMicros());
        assertEquals(result.lastResponseEpochMicros(), read.lastResponseEpochMicros());
        assertEquals(latency, read.entryLatencyMillis());
        assertEquals(lag, read.sendLagMicros());
        assertTrue(InjectorResult.fromLog("no result here\n").isEmpty());
    }

    @Test
    void aDamagedLineNamesWhatIsMissing() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> InjectorResult.fromLog(InjectorResult.MARKER + " injectors=1 rps=5 sent=3"));
        assertTrue(e.getMessage().contains("completed"), e.getMessage());
        assertTrue(e.getMessage().contains("latency"), e.getMessage());
    }

    /** Each pod keeps its own timetable, so it is held to the allowance of its own share of the rate. */
    @Test
    void lagIsJudgedAgainstEachInjectorsShare() {
        Histogram lag = InjectorResult.newLagHistogram();
        for (int i = 0; i < 100; i++) lag.recordValue(15_000);     // 15 ms
        InjectorResult twoAt50 = new InjectorResult(2, 100, 100, 100, 0, 0, 1, 2, InjectorResult.newLatencyHistogram(), lag);
        InjectorResult oneAt100 = new InjectorResult(1, 100, 100, 100, 0, 0, 1, 2, InjectorResult.newLatencyHistogram(), lag);

        assertFalse(twoAt50.lag().behind(), "20 ms allowed at 50 rps");
        assertTrue(oneAt100.lag().behind(), "10 ms allowed at 100 rps");
        assertEquals(15.0, twoAt50.lag().p99Ms(), 0.02);
    }
}
