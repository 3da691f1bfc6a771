package io.meshbench.run;

import io.meshbench.core.MeshMode;
import io.meshbench.load.Calibrator;
import io.meshbench.load.EntryRates;
import io.meshbench.load.Scenario;
import io.meshbench.platform.Deployment;
import io.meshbench.platform.Platform;
import io.meshbench.platform.PlatformException;
import io.meshbench.topology.Topology;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Decides the rate of the run. Where the target shares this machine with the load generator
 * ({@link Platform#calibratesRate}), each mode is deployed fresh once, probed, and step-tested
 * ({@link Calibrator#stepTest}) up to the asked entry rate; the run uses the lowest confirmed
 * capacity when the asked rate does not fit. A rate given with -Drate is never lowered.
 */
final class RateCalibration {
    private final Platform platform;
    private final Topology topology;
    private final Calibrator calibrator;
    private final RunProgress progress;

    RateCalibration(Platform platform, Topology topology, Calibrator calibrator, RunProgress progress) {
        this.platform = platform;
        this.topology = topology;
        this.calibrator = calibrator;
        this.progress = progress;
    }

    /** The decision, with its facts (per-mode capacity, steps, certainty) added to {@code facts}. */
    RateDecision decide(Scenario scenario, List<MeshMode> modes, Map<String, Object> facts) {
        double asked = scenario.ratePerService();
        facts.put("rate_per_service_asked", asked);
        if (!scenario.calibrate() || !platform.calibratesRate()) {
            return new RateDecision(asked, asked, "rate as asked: " + fmt(asked) + " rps per service (not calibrated"
                    + (scenario.calibrate() ? " on this target" : ": calibrate is off") + ")", false);
        }
        double askedEntry = EntryRates.totalEntryRate(topology, asked);
        double capacity = Double.MAX_VALUE;
        boolean allReached = true;
        Map<String, Object> perMode = new LinkedHashMap<>();
        for (MeshMode mode : modes) {
            Calibrator.Capacity c;
            String what = "calibration of " + mode;
            Calibrator.StepPlan plan = Calibrator.StepPlan.towards(askedEntry);
            int[] step = {0};
            try (Deployment d = platform.deploy(topology, mode, ready -> progress.deployProgress(what, ready))) {
                calibrator.probe(d.entryPoints(), (called, total) -> progress.probeProgress(what, called, total));
                // at a quarter of the target: the steps start far below it, and the target may be beyond this machine
                Calibrator.Settling settling = DataPlaneSettling.settle(calibrator, d, plan.targetRps() / 4);
                if (settling != null) progress.settled(what, settling);
                c = calibrator.stepTest(d.entryPoints(), plan,
                        s -> progress.calibrationStep(mode, ++step[0], plan.maxSteps(), s));
            } catch (PlatformException | RuntimeException e) {
                progress.warning("calibration of " + mode + " could not deploy it (" + e.getMessage() + "); left out of the estimate");
                continue;
            }
            progress.calibrated(mode, c);
            perMode.put(mode.id(), modeFacts(c));
            if (!c.found()) continue;
            capacity = Math.min(capacity, c.entryRps());
            allReached &= c.reachedTarget();
        }
        facts.put("calibration", perMode);
        if (capacity == Double.MAX_VALUE) {
            String why = String.format(Locale.ROOT, "rate as asked: %s rps per service; calibration found no rate that"
                    + " passed twice, so it could not judge whether this machine carries it", fmt(asked));
            progress.warning(why);
            return record(facts, new RateDecision(asked, asked, why, true));
        }
        if (allReached) {
            return record(facts, new RateDecision(asked, asked, String.format(Locale.ROOT,
                    "asked rate %.1f entry rps (%s per service) passed the step test twice in every mode", askedEntry, fmt(asked)),
                    false));
        }
        if (scenario.rateExplicit()) {
            String why = String.format(Locale.ROOT, "-Drate=%s asks for %.1f entry rps, above the %.1f this machine"
                    + " carried in the step test; kept as given, modes may saturate", fmt(asked), askedEntry, capacity);
            progress.warning(why);
            return record(facts, new RateDecision(asked, asked, why, true));
        }
        double scaled = asked * capacity / askedEntry;
        facts.put("rate_scaled_from", asked);
        String why = String.format(Locale.ROOT, "rate scaled down from %s to %s rps per service (%.1f entry rps):"
                + " the highest rate every mode carried in the step test (achieved ≥ %.0f%% of offered, median near"
                + " the unloaded one, confirmed by a repeat). Pass -Drate= to insist.", fmt(asked), fmt(scaled),
                capacity, Calibrator.StepRule.MIN_ACHIEVED * 100);
        progress.warning(why);
        return record(facts, new RateDecision(asked, scaled, why, true));
    }

    private static RateDecision record(Map<String, Object> facts, RateDecision d) {
        facts.put("rate_decision", d.why());
        return d;
    }

    private static Map<String, Object> modeFacts(Calibrator.Capacity c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("capacity_entry_rps", c.found() ? round(c.entryRps()) : null);
        m.put("reached_asked_rate", c.reachedTarget());
        m.put("unloaded_p50_ms", round(c.unloadedP50Ms()));
        m.put("certainty", c.certainty());
        m.put("steps", c.steps().stream().map(s -> {
            Map<String, Object> step = new LinkedHashMap<>();
            step.put("offered_rps", round(s.offeredRps()));
            step.put("achieved_rps", round(s.achievedRps()));
            step.put("p50_ms", round(s.p50Ms()));
            step.put("passed", s.passed());
            step.put("why", s.why());
            return step;
        }).toList());
        return m;
    }

    private static Double round(double v) {
        return Double.isFinite(v) ? Math.round(v * 100) / 100.0 : null;
    }

    static String fmt(double v) {
        return v == Math.rint(v) ? String.valueOf((long) v) : String.format(Locale.ROOT, "%.2f", v);
    }
}
