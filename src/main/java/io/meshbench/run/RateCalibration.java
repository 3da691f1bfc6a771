package io.meshbench.run;

import io.meshbench.core.MeshMode;
import io.meshbench.load.Calibrator;
import io.meshbench.load.EntryRates;
import io.meshbench.load.Scenario;
import io.meshbench.platform.Deployment;
import io.meshbench.platform.Platform;
import io.meshbench.platform.PlatformException;
import io.meshbench.topology.Topology;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Decides the rate of the run. Where the target shares this machine with the load generator
 * ({@link Platform#calibratesRate}), each mode is deployed fresh once, probed, and step-tested
 * ({@link Calibrator#stepTest}) up to the asked entry rate; when the asked rate does not fit, the
 * run goes at {@link #HEADROOM} of the lowest confirmed capacity. A rate given with -Drate is never lowered.
 */
final class RateCalibration {
    /**
     * The share of the lowest confirmed capacity a scaled-down run goes at. A step lasts 2 s; a
     * window lasts minutes and adds the churn probe's new connections (each a new mTLS handshake),
     * so at the step test's capacity itself queues grow through the window and its p99 measures the
     * queue: the 142-service sidecar deployment confirmed 2.6 entry rps and its 90-s window at 2.7
     * then ran 2.0 with 7.6 % errors and p99 3.95 s. Latency is compared below the knee.
     */
    static final double HEADROOM = 0.5;
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
        Map<MeshMode, Calibrator.Capacity> measured = new LinkedHashMap<>();
        for (MeshMode mode : modes) {
            String what = "calibration of " + mode;
            Calibrator.StepPlan plan = Calibrator.StepPlan.towards(askedEntry);
            int[] step = {0};
            try (Deployment d = platform.deploy(topology, mode, ready -> progress.deployProgress(what, ready))) {
                calibrator.probe(d.entryPoints(), (called, total) -> progress.probeProgress(what, called, total));
                // at a quarter of the target: the steps start far below it, and the target may be beyond this machine
                // Ramped to the first step like every fresh deployment of the run's slots: met cold by its
                // first step, a 259-pod sidecar deployment calibrated at 5.3 entry rps (unloaded median 238 ms)
                // on a machine whose run then used 55 % of one core.
                calibrator.ramp(d.entryPoints(), plan.startRps());
                Calibrator.Settling settling = DataPlaneSettling.settle(calibrator, d, settleRps(plan), what, progress);
                if (settling != null) progress.settled(what, settling);
                Calibrator.Capacity c = calibrator.stepTest(d.entryPoints(), plan,
                        s -> progress.calibrationStep(mode, ++step[0], plan.maxSteps(), s));
                progress.calibrated(mode, c);
                measured.put(mode, c);
            } catch (PlatformException | RuntimeException e) {
                progress.warning("calibration of " + mode + " could not deploy it (" + e.getMessage() + "); left out of the estimate");
            }
        }
        RateDecision d = decideFrom(scenario, askedEntry, measured, facts);
        if (d.warning()) progress.warning(d.why());
        return d;
    }

    /**
     * The rate a calibration deployment is settled at: a quarter of the target, but no more than fills
     * a settling round ({@link DataPlaneSettling#FULL_ROUND_RPS}) and no less than the step test's
     * lowest rate. At a quarter of the target (42 entry rps) the 142-service sidecar deployment
     * (capacity 2.6) failed its rounds for the whole 284-s limit; at the step test's lowest rate alone
     * a 3-pod graph asked for 20 entry rps settled at 0.16, a request or two per round, and its p99s
     * never agreed.
     */
    static double settleRps(Calibrator.StepPlan plan) {
        return Math.max(plan.floorRps(), Math.min(plan.targetRps() / 4, DataPlaneSettling.FULL_ROUND_RPS));
    }

    /**
     * The rate from each mode's step test: the asked one when every mode confirmed it; else the
     * lowest confirmed capacity (never below what -Drate asked); a mode that carried none of the
     * rates tried caps the run at the lowest rate tried, said so.
     */
    static RateDecision decideFrom(Scenario scenario, double askedEntry, Map<MeshMode, Calibrator.Capacity> measured,
                                   Map<String, Object> facts) {
        double asked = scenario.ratePerService();
        double capacity = Double.MAX_VALUE;
        boolean allReached = true;
        List<String> carriedNothing = new ArrayList<>();
        Map<String, Object> perMode = new LinkedHashMap<>();
        for (Map.Entry<MeshMode, Calibrator.Capacity> e : measured.entrySet()) {
            Calibrator.Capacity c = e.getValue();
            perMode.put(e.getKey().id(), modeFacts(c));
            if (!c.found()) {
                // Not even the lowest rate tried passed: this mode's capacity lies below it, so the run
                // goes no higher than that (the asked rate would only saturate every slot of the mode).
                var lowestTried = c.steps().stream().mapToDouble(Calibrator.Step::offeredRps).min();
                if (lowestTried.isPresent()) {
                    carriedNothing.add(e.getKey().id());
                    capacity = Math.min(capacity, lowestTried.getAsDouble());
                }
                allReached = false;
                continue;
            }
            capacity = Math.min(capacity, c.entryRps());
            allReached &= c.reachedTarget();
        }
        facts.put("calibration", perMode);
        if (!carriedNothing.isEmpty() && capacity != Double.MAX_VALUE && !scenario.rateExplicit()) {
            double entry = Math.min(askedEntry, capacity * HEADROOM);
            double lowest = asked * entry / askedEntry;
            facts.put("rate_scaled_from", asked);
            return record(facts, new RateDecision(asked, lowest, String.format(Locale.ROOT, "rate scaled down from %s to %s"
                    + " rps per service (%.1f entry rps), %s the lowest rate the step test tried (%.1f): %s carried none of"
                    + " the rates tried, so this machine could not confirm any rate for this topology; expect saturated"
                    + " slots. Try a quieter machine or a smaller -Dtopology", fmt(asked), fmt(lowest), entry, share(),
                    capacity, String.join(", ", carriedNothing)), true));
        }
        if (capacity == Double.MAX_VALUE) {
            return record(facts, new RateDecision(asked, asked, String.format(Locale.ROOT, "rate as asked: %s rps per"
                    + " service; calibration measured no mode, so it could not judge whether this machine carries it",
                    fmt(asked)), true));
        }
        if (allReached) {
            return record(facts, new RateDecision(asked, asked, String.format(Locale.ROOT,
                    "asked rate %.1f entry rps (%s per service) passed the step test twice in every mode", askedEntry, fmt(asked)),
                    false));
        }
        if (scenario.rateExplicit()) {
            return record(facts, new RateDecision(asked, asked, String.format(Locale.ROOT, "-Drate=%s asks for %.1f entry"
                    + " rps, above the %.1f this machine carried in the step test; kept as given, modes may saturate",
                    fmt(asked), askedEntry, capacity), true));
        }
        double entry = Math.min(askedEntry, capacity * HEADROOM);
        double scaled = asked * entry / askedEntry;
        facts.put("rate_scaled_from", asked);
        return record(facts, new RateDecision(asked, scaled, String.format(Locale.ROOT, "rate scaled down from %s to %s rps"
                + " per service (%.1f entry rps): %s the highest rate every mode carried in the step test (%.1f entry rps:"
                + " achieved ≥ %.0f%% of offered, median near the unloaded one, confirmed by a repeat), so that the"
                + " minutes-long windows run below the knee. Pass -Drate= to insist.", fmt(asked), fmt(scaled), entry,
                share(), capacity, Calibrator.StepRule.MIN_ACHIEVED * 100), true));
    }

    /** "half of", as the rate decision says it. */
    private static String share() {
        return HEADROOM == 0.5 ? "half of" : String.format(Locale.ROOT, "%.0f %% of", HEADROOM * 100);
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
