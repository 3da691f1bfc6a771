package io.meshbench.analysis;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Synthetic timelines with answers worked out by hand: 40 s windows, 100 requests a second, steady p99 1 ms. */
class DisruptionAnalysisTest {
    private static final int WINDOW = 40;

    private static List<SecondPoint> seconds(IntFunction<SecondPoint> second) {
        List<SecondPoint> out = new ArrayList<>();
        for (int s = 0; s < WINDOW; s++) out.add(second.apply(s));
        return out;
    }

    private static SecondPoint ok(int s) {
        return new SecondPoint(s, 100, 0, 1_000L);
    }

    private static DisruptionTimeline timeline(double faultAt, IntFunction<SecondPoint> total,
                                               Map<String, List<SecondPoint>> services) {
        return new DisruptionTimeline("sidecar", 1, faultAt, seconds(total), services, 1_000L, Map.of());
    }

    @Test
    void aPodRestartThatHealsAfterThreeSecondsIsMeasuredFromTheData() {
        DisruptionTimeline t = timeline(10, s -> switch (s) {
            case 10 -> new SecondPoint(s, 100, 30, 5_000L);
            case 11 -> new SecondPoint(s, 100, 20, 3_000L);
            case 12 -> new SecondPoint(s, 100, 5, 1_500L);
            default -> ok(s);
        }, Map.of(
                "cart", seconds(s -> s == 10 ? new SecondPoint(s, 50, 30, 4_000L) : new SecondPoint(s, 50, 0, 900L)),
                "db", seconds(s -> new SecondPoint(s, 50, 0, s == 11 ? 2_500L : 1_000L)),
                "catalog", seconds(s -> new SecondPoint(s, 50, 0, s == 25 ? 9_000L : 1_000L)),
                "frontend", seconds(s -> new SecondPoint(s, 100, 1, 1_000L))));
        DisruptionFigures f = DisruptionAnalysis.analyse(t, 1, false);
        assertEquals(3.0, f.recoverS(), "seconds 13..22 are the first ten healthy ones");
        assertEquals(13, f.spanEndSecond());
        assertEquals(55, f.failedRequests());
        assertEquals(300, f.requests());
        assertEquals(55.0 / 3, f.failedSharePct(), 1e-9);
        assertEquals(5_000L, f.p99DuringUs(), "the worst second of the span");
        assertEquals(List.of("cart", "db"), f.affectedServices(),
                "cart failed, db slowed to 2.5× its steady p99; catalog's slow second came after recovery; "
                        + "frontend failed its usual 1% and no more");
        assertNull(f.detectS(), "detection only for bad rollouts");
        assertTrue(f.recovered());
    }

    @Test
    void aSystemThatNeverGetsBackUnderTheThresholdHasNoRecoveryAndCountsToTheWindowsEnd() {
        DisruptionTimeline t = timeline(10, s -> s >= 10 ? new SecondPoint(s, 100, 5, 1_000L) : ok(s), Map.of());
        DisruptionFigures f = DisruptionAnalysis.analyse(t, 1, false);
        assertNull(f.recoverS());
        assertFalse(f.recovered());
        assertEquals(WINDOW, f.spanEndSecond());
        assertEquals(150, f.failedRequests());
        assertNull(f.value(Metric.DISRUPTION_RECOVER_S));
    }

    @Test
    void aBadRolloutIsDetectedAtTheEndOfTheFirstSecondOverTheThresholdAndRecoversAfterRollback() {
        DisruptionTimeline t = timeline(10, s -> {
            if (s == 10 || s == 11) return new SecondPoint(s, 200, 1, 1_000L); // 0.5%: under 2%
            if (s >= 12 && s < 20) return new SecondPoint(s, 100, 10, 1_200L); // 10%: detected, rolled back at 20
            return ok(s);
        }, Map.of());
        DisruptionFigures f = DisruptionAnalysis.analyse(t, 2, true);
        assertEquals(3.0, f.detectS(), "second 12 crosses; its data is complete at 13 s, 3 s after the fault");
        assertEquals(10.0, f.recoverS());
        assertEquals(82, f.failedRequests(), "1 + 1 + 8 × 10");
    }

    @Test
    void aHealthySpellShorterThanTheHoldDoesNotCountAsRecovery() {
        DisruptionTimeline t = timeline(10, s -> s == 10 || s == 16 ? new SecondPoint(s, 100, 50, 1_000L) : ok(s), Map.of());
        assertEquals(7.0, DisruptionAnalysis.analyse(t, 1, false).recoverS(), "11..15 is five healthy seconds, 17..26 ten");
    }

    @Test
    void slowSecondsAndSecondsWhereNothingCompletedAreNotHealthy() {
        DisruptionTimeline stalled = timeline(10, s -> s == 10 || s == 11 ? new SecondPoint(s, 0, 0, null) : ok(s), Map.of());
        DisruptionFigures f = DisruptionAnalysis.analyse(stalled, 1, false);
        assertEquals(2.0, f.recoverS(), "a stall completes nothing: not healthy");
        assertNull(f.p99DuringUs());
        assertEquals(0, f.requests());
        assertNull(f.failedSharePct());
        DisruptionTimeline slow = timeline(10, s -> s >= 10 && s < 14 ? new SecondPoint(s, 100, 0, 2_001L) : ok(s), Map.of());
        assertEquals(4.0, DisruptionAnalysis.analyse(slow, 1, false).recoverS(), "p99 above 2× steady is not recovered");
        DisruptionTimeline justUnder = timeline(10, s -> s >= 10 && s < 14 ? new SecondPoint(s, 100, 0, 2_000L) : ok(s), Map.of());
        assertEquals(0.0, DisruptionAnalysis.analyse(justUnder, 1, false).recoverS(), "2× steady exactly is within bounds");
    }

    @Test
    void aFaultInsideASecondIsMeasuredFromItsExactTimeAndTheSteadyP99DefaultsToThePreFaultMedian() {
        List<SecondPoint> points = seconds(s -> s == 10 ? new SecondPoint(s, 100, 40, 9_000L)
                : new SecondPoint(s, 100, 0, s < 10 ? (s % 2 == 0 ? 800L : 1_200L) : 1_000L));
        DisruptionTimeline t = new DisruptionTimeline("ambient", 2, 10.5, points, Map.of(), null, Map.of());
        DisruptionFigures f = DisruptionAnalysis.analyse(t, 1, false);
        assertEquals(0.5, f.recoverS(), 1e-9);
        assertEquals(800L, DisruptionAnalysis.medianP99Before(points, 10), "lower median of 800 ×5, 1200 ×5");
    }

    @Test
    void aTimelineWithAGapIsRefused() {
        List<SecondPoint> gap = List.of(ok(0), ok(1), ok(3));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new DisruptionTimeline("sidecar", 1, 1, gap, Map.of(), null, Map.of()));
        assertTrue(e.getMessage().contains("not one point per second at second 3"), e.getMessage());
    }

    private static List<DisruptionFigures> reps(String mode, double... recover) {
        List<DisruptionFigures> out = new ArrayList<>();
        for (int i = 0; i < recover.length; i++) {
            out.add(new DisruptionFigures(mode, i + 1, 10, 10, 100, List.of("cart"), null,
                    Double.isNaN(recover[i]) ? null : recover[i], 5_000L, 15));
        }
        return out;
    }

    @Test
    void modesAreComparedOverRepetitionsWithTheSameStatisticsAsOtherPerRepetitionFigures() {
        AnalysisOptions options = AnalysisOptions.defaults();
        Comparison c = DisruptionAnalysis.compare(Metric.DISRUPTION_RECOVER_S, reps("sidecar", 3, 4, 5),
                reps("ambient", 9, 10, 11), "sidecar", "ambient", options);
        // a mode's figure is the geometric mean of its repetitions, as for every per-repetition figure
        assertEquals(Math.cbrt(3 * 4 * 5), c.fromValue(), 1e-9);
        assertEquals(Math.cbrt(9 * 10 * 11), c.toValue(), 1e-9);
        assertEquals((Math.cbrt(9 * 10 * 11) / Math.cbrt(3 * 4 * 5) - 1) * 100, c.changePct(), 1e-9);
        assertNotNull(c.ci95());
        assertTrue(c.ci95().excludesZero());
        assertTrue(c.pValue() < 0.05, "Welch p " + c.pValue());
        assertNull(c.significant(), "the run's Holm adjustment decides the verdict");

        Comparison one = DisruptionAnalysis.compare(Metric.DISRUPTION_RECOVER_S, reps("sidecar", 3), reps("ambient", 9),
                "sidecar", "ambient", options);
        assertNull(one.significant(), "one repetition a side: no verdict");
        assertTrue(one.reason().contains("not enough repetitions to judge (n = 1)"), one.reason());

        Comparison censored = DisruptionAnalysis.compare(Metric.DISRUPTION_RECOVER_S, reps("sidecar", 3, Double.NaN, 5),
                reps("ambient", 9, 10, 11), "sidecar", "ambient", options);
        assertTrue(censored.reason().contains("1 of 3 sidecar repetitions without a value"), censored.reason());
        assertEquals(4.0, DisruptionAnalysis.median(reps("sidecar", 3, Double.NaN, 5), Metric.DISRUPTION_RECOVER_S));
    }

    @Test
    void disruptionMetricsAreGateThresholds() {
        Thresholds t = Thresholds.parse("disruption.recover_s:+20%,disruption.affected_services:+0%,"
                + "disruption.failed_requests:+10%,disruption.detect_s:+50%,disruption.p99_during_us:+25%");
        assertEquals(List.of(Metric.DISRUPTION_RECOVER_S, Metric.DISRUPTION_AFFECTED_SERVICES,
                Metric.DISRUPTION_FAILED_REQUESTS, Metric.DISRUPTION_DETECT_S, Metric.DISRUPTION_P99_DURING),
                t.items().stream().map(Threshold::metric).toList());
        assertTrue(Metric.DISRUPTION_RECOVER_S.higherIsWorse());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Thresholds.parse("disruption.recovery_s:+5%"));
        assertTrue(e.getMessage().contains("disruption.recover_s"), "the valid names are listed: " + e.getMessage());
    }

    @Test
    void theLiveDetectorJudgesEachScrapeIntervalAndSurvivesACounterReset() {
        ErrorShareDetector d = new ErrorShareDetector(5, 20);
        assertFalse(d.observe(1_000, 10), "first scrape only sets the baseline");
        assertFalse(d.observe(1_100, 12), "2% of 100");
        assertFalse(d.observe(1_110, 19), "10 requests are too few to judge; carried into the next interval");
        assertTrue(d.observe(1_130, 19), "7 errors of 30 since the last judged scrape: 23%");
        assertFalse(d.observe(50, 40), "a restarted proxy's counters went down: new baseline, no verdict");
        assertFalse(d.observe(150, 42));
    }
}
