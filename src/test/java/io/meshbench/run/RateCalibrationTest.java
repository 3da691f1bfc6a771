package io.meshbench.run;

import io.meshbench.core.MeshMode;
import io.meshbench.load.Calibrator;
import io.meshbench.load.ConnectionReuse;
import io.meshbench.load.Scenario;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The rate decision from step tests whose outcome is given (the step test itself: CalibratorTest). */
class RateCalibrationTest {
    /** 100 rps per service asked; the topology turns it into 160 entry rps. */
    private static final double ASKED_ENTRY = 160;

    private static Scenario scenario(boolean rateExplicit) {
        return new Scenario("s", "x", 100, rateExplicit, Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(5),
                ConnectionReuse.SHARED, true, 3, "", null);
    }

    private static Calibrator.Step step(double rps, boolean passed) {
        return new Calibrator.Step(rps, 10, passed ? 10 : 5, rps, 10, passed, passed ? "kept up" : "achieved 0.50 of offered");
    }

    private static Calibrator.Capacity found(double rps, boolean reached) {
        return new Calibrator.Capacity(rps, reached, 10, List.of(step(rps, true), step(rps, true)), "passed twice");
    }

    private static Calibrator.Capacity nothingPassed(double... tried) {
        return new Calibrator.Capacity(Double.NaN, false, 10,
                java.util.Arrays.stream(tried).mapToObj(r -> step(r, false)).toList(), "not reliable: no step passed twice");
    }

    private static RateDecision decide(boolean explicit, Map<MeshMode, Calibrator.Capacity> measured) {
        return RateCalibration.decideFrom(scenario(explicit), ASKED_ENTRY, measured, new HashMap<>());
    }

    @Test
    void theRunGoesAtTheLowestConfirmedCapacity() {
        Map<MeshMode, Calibrator.Capacity> m = new LinkedHashMap<>();
        m.put(MeshMode.BASELINE, found(80, false));
        m.put(MeshMode.SIDECAR, found(40, false));
        RateDecision d = decide(false, m);
        assertEquals(100 * 40 * RateCalibration.HEADROOM / ASKED_ENTRY, d.runPerService(), 1e-9);
        assertTrue(d.warning() && d.why().contains("scaled down") && d.why().contains("(40.0 entry rps"), d.why());
    }

    @Test
    void theHeadroomNeverRaisesTheRunAboveTheAskedRate() {
        // capacity just short of the asked rate: half of it is below; never more than asked either way
        Map<MeshMode, Calibrator.Capacity> m = new LinkedHashMap<>();
        m.put(MeshMode.SIDECAR, found(ASKED_ENTRY * 0.99, false));
        RateDecision d = decide(false, m);
        assertTrue(d.runPerService() < 100 * 0.99, d.why());
        assertEquals(100 * 0.99 * RateCalibration.HEADROOM, d.runPerService(), 1e-9);
    }

    @Test
    void aModeThatCarriedNothingCapsTheRunAtTheLowestRateTriedInsteadOfTheAskedOne() {
        Map<MeshMode, Calibrator.Capacity> m = new LinkedHashMap<>();
        m.put(MeshMode.BASELINE, found(80, false));
        m.put(MeshMode.SIDECAR, nothingPassed(10, 10, 5, 5, 2.5, 2.5));
        RateDecision d = decide(false, m);
        assertEquals(100 * 2.5 * RateCalibration.HEADROOM / ASKED_ENTRY, d.runPerService(), 1e-9);
        assertTrue(d.why().contains("sidecar carried none"), d.why());
        assertTrue(d.warning());
    }

    @Test
    void anExplicitRateIsKeptEvenWhenAModeCarriedNothing() {
        Map<MeshMode, Calibrator.Capacity> m = new LinkedHashMap<>();
        m.put(MeshMode.SIDECAR, nothingPassed(10, 10));
        RateDecision d = decide(true, m);
        assertEquals(100, d.runPerService(), 1e-9);
        assertTrue(d.why().contains("-Drate=100"), d.why());
    }

    @Test
    void theAskedRateStandsWhenEveryModeConfirmedIt() {
        Map<MeshMode, Calibrator.Capacity> m = new LinkedHashMap<>();
        m.put(MeshMode.BASELINE, found(ASKED_ENTRY, true));
        m.put(MeshMode.AMBIENT, found(ASKED_ENTRY, true));
        RateDecision d = decide(false, m);
        assertEquals(100, d.runPerService(), 1e-9);
        assertFalse(d.warning());
    }

    @Test
    void noModeMeasuredKeepsTheAskedRateAndSaysItCouldNotJudge() {
        RateDecision d = decide(false, Map.of());
        assertEquals(100, d.runPerService(), 1e-9);
        assertTrue(d.warning() && d.why().contains("could not judge"), d.why());
    }

    /**
     * Calibration settles a deployment at a quarter of the target, at most at the rate that fills a
     * settling round, never below the step test's lowest rate.
     */
    @Test
    void calibrationSettlesWhereARoundHasItsRequestsAndTheSmallestDeploymentCarriesThem() {
        // 142 services asked for 100 rps each: 168.6 entry rps; capped at 3 (the sidecar carried 2.6, not 42)
        assertEquals(3.0, RateCalibration.settleRps(Calibrator.StepPlan.towards(168.6)), 1e-9);
        // 3 pods asked for 20 entry rps: the step test's lowest rate is 0.16; 3 fills a 10-s round with 30 requests
        assertEquals(3.0, RateCalibration.settleRps(Calibrator.StepPlan.towards(20)), 1e-9);
        assertEquals(DataPlaneSettling.REQUESTS_PER_ROUND, 3.0 * DataPlaneSettling.MAX_ROUND.toSeconds(), 1e-9);
        // a target of 8 entry rps: a quarter of it, 2
        assertEquals(2.0, RateCalibration.settleRps(Calibrator.StepPlan.towards(8)), 1e-9);
        // never below the lowest rate the step test tries
        Calibrator.StepPlan high = new Calibrator.StepPlan(100, 40, 2, java.time.Duration.ofSeconds(2), 12);
        assertEquals(5.0, RateCalibration.settleRps(high), 1e-9);
    }
}
