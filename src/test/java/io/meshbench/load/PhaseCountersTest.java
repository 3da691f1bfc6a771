package io.meshbench.load;

import io.meshbench.metrics.InjectorLag;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Completion is one rule; the injector's lag is send time against the open model's timetable. */
class PhaseCountersTest {
    private static final Duration ONE_SECOND = Duration.ofSeconds(1);

    @Test
    void completedIsTwoHundredsOrAnInjectedError() {
        assertTrue(Completion.completed(200, false));
        assertTrue(Completion.completed(204, false));
        assertTrue(Completion.completed(500, true));
        assertFalse(Completion.completed(500, false));
        assertFalse(Completion.completed(404, false));   // not "anything below 500"
        assertFalse(Completion.completed(0, false));
        PhaseCounters c = new PhaseCounters(10, ONE_SECOND);
        c.record(200, false, 1);
        c.record(500, true, 1);
        c.record(404, false, 1);
        assertEquals(2, c.completed());
        assertEquals(1, c.injectedErrors());
        assertEquals(1, c.errors());
    }

    @Test
    void sendsOnTimeHaveNoLag() {
        PhaseCounters c = new PhaseCounters(100, ONE_SECOND);   // one every 10 ms
        long t0 = 1_000_000_000L;
        for (int k = 0; k < 100; k++) c.recordSent(t0 + k * 10_000_000L);
        InjectorLag lag = c.injectorLag();
        assertEquals(100, lag.count());
        assertEquals(0, lag.maxMs(), 0.01);
        assertFalse(lag.behind());
    }

    @Test
    void aStalledInjectorShowsItsLagAndMarksTheWindow() {
        PhaseCounters c = new PhaseCounters(100, ONE_SECOND);
        long t0 = 1_000_000_000L;
        // The first 50 leave on time; then the injector stalls 500 ms and sends the rest as fast as it can.
        for (int k = 0; k < 50; k++) c.recordSent(t0 + k * 10_000_000L);
        long resumed = t0 + 49 * 10_000_000L + 500_000_000L;
        for (int k = 50; k < 100; k++) c.recordSent(resumed + (k - 50) * 100_000L);
        InjectorLag lag = c.injectorLag();
        assertTrue(lag.maxMs() >= 480, "max lag " + lag.maxMs());
        assertTrue(lag.p99Ms() > InjectorLag.allowedMillis(100), "p99 " + lag.p99Ms());
        assertTrue(lag.behind());
    }

    @Test
    void aLateFirstUserDoesNotHideTheLagOfTheOthers() {
        PhaseCounters c = new PhaseCounters(100, ONE_SECOND);
        long t0 = 1_000_000_000L;
        c.recordSent(t0 + 100_000_000L);                          // due at t0, sent 100 ms late
        for (int k = 1; k < 100; k++) c.recordSent(t0 + k * 10_000_000L);   // the rest on time
        InjectorLag lag = c.injectorLag();
        assertEquals(100, lag.maxMs(), 0.1);
        assertEquals(0, lag.p50Ms(), 0.01);
    }

    @Test
    void sendsOnGatlingsTimetableAtARateThatIsNotAWholeNumberHaveNoLag() {
        // 21.1 rps for 20 s: Gatling starts seconds of 21 and of 22 users, so its timetable runs up to
        // one inter-arrival (47 ms) off k / rate. Measured against k / rate, every such window was "behind".
        double rate = 21.1;
        Duration window = Duration.ofSeconds(20);
        InjectionTimetable gatling = InjectionTimetable.constantRate(rate, window);
        long t0 = 5_000_000_000L;
        long worstDrift = 0;
        PhaseCounters c = new PhaseCounters(rate, window);
        for (long k = 0; k < gatling.users(); k++) {
            long due = t0 + gatling.dueMillis(k) * 1_000_000L;
            worstDrift = Math.max(worstDrift, Math.abs(due - t0 - (long) (k * 1e9 / rate)));
            c.recordSent(due);
        }
        assertTrue(worstDrift > 30_000_000L, "the timetable does drift from k / rate: " + worstDrift + " ns");
        InjectorLag lag = c.injectorLag();
        assertEquals(422, lag.count());
        assertEquals(0, lag.maxMs(), 0.01);
        assertFalse(lag.behind());
    }

    @Test
    void aStallAtANonWholeRateStillShows() {
        double rate = 21.1;
        Duration window = Duration.ofSeconds(20);
        InjectionTimetable gatling = InjectionTimetable.constantRate(rate, window);
        long t0 = 5_000_000_000L;
        PhaseCounters c = new PhaseCounters(rate, window);
        // The injector stops for 1 s at 10 s and then sends what was due as fast as it can.
        long resume = t0 + 11_000_000_000L;
        for (long k = 0; k < gatling.users(); k++) {
            long due = t0 + gatling.dueMillis(k) * 1_000_000L;
            long at = due >= t0 + 10_000_000_000L && due < resume ? resume + k * 10_000L : due;
            c.recordSent(at);
        }
        InjectorLag lag = c.injectorLag();
        assertTrue(lag.maxMs() >= 990, "max lag " + lag.maxMs());
        assertTrue(lag.p99Ms() >= 500, "p99 " + lag.p99Ms());   // 21 of 422 sends (5%) were held back
        assertTrue(lag.behind());
    }

    @Test
    void theAllowanceIsTenMillisecondsOrOneInterArrival() {
        assertEquals(10, InjectorLag.allowedMillis(1000), 1e-9);
        assertEquals(500, InjectorLag.allowedMillis(2), 1e-9);
    }

    /** Two pods each drive half the rate; the harness's counters for the phase get their merge. */
    @Test
    void countersOfInjectorPodsAbsorbIntoThePhaseAsOneInjectorsWould() {
        PhaseCounters local = new PhaseCounters(100, java.time.Duration.ofSeconds(2));
        PhaseCounters podA = new PhaseCounters(50, java.time.Duration.ofSeconds(2));
        PhaseCounters podB = new PhaseCounters(50, java.time.Duration.ofSeconds(2));
        long t0 = 1_000_000_000L;
        for (int k = 0; k < 200; k++) {
            PhaseCounters pod = k % 2 == 0 ? podA : podB;
            long at = t0 + k * 10_000_000L;                 // on time: pod's own timetable is every 20 ms
            pod.recordSent(at);
            local.recordSent(at);
            int status = k % 50 == 7 ? 503 : 200;
            pod.record(status, false, 3 + k % 17);
            local.record(status, false, 3 + k % 17);
        }
        long epochAtNanoZero = 1_700_000_000_000_000L;
        PhaseCounters phase = new PhaseCounters(100, java.time.Duration.ofSeconds(2));
        phase.absorb(io.meshbench.metrics.InjectorResult.fromLog(podA.toResult(epochAtNanoZero).toLogLine()).orElseThrow());
        phase.absorb(io.meshbench.metrics.InjectorResult.fromLog(podB.toResult(epochAtNanoZero).toLogLine()).orElseThrow());

        assertEquals(local.sent(), phase.sent());
        assertEquals(local.completed(), phase.completed());
        assertEquals(local.errors(), phase.errors());
        assertEquals(local.entryLatencyMillis(), phase.entryLatencyMillis());
        InjectorLag lag = phase.injectorLag();
        assertEquals(200, lag.count());
        assertEquals(0, lag.maxMs(), 0.01, "each pod kept its own timetable");
        assertFalse(lag.behind());
        java.time.Duration window = java.time.Duration.ofSeconds(2);
        assertEquals(local.activeSeconds(window), phase.activeSeconds(window), 1e-3,
                "earliest send of either pod to the latest response of either");
    }
}
