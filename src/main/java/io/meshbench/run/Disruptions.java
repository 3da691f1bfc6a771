package io.meshbench.run;

import io.meshbench.analysis.DisruptionFigures;
import io.meshbench.analysis.DisruptionTimeline;
import io.meshbench.analysis.RunDisruption;
import io.meshbench.core.MeshMode;
import io.meshbench.load.FaultCheck;
import io.meshbench.load.LoadPhase;
import io.meshbench.load.PhaseKind;
import io.meshbench.load.Scenario;
import io.meshbench.platform.Deployment;
import io.meshbench.platform.FaultAction;
import io.meshbench.topology.Topology;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A disruption scenario across the run: the per-second counters of each measured phase (fed by
 * the simulation), one {@link DisruptionWindow} per measured window, and what they yielded, per
 * mode, for the results ({@link RunDisruption}).
 */
final class Disruptions {
    private final Scenario scenario;
    private final String service;
    private final RunProgress progress;
    /** Filled once before Gatling starts and only read afterwards. */
    private final Map<LoadPhase, SecondCounts> seconds = new IdentityHashMap<>();
    private final Map<MeshMode, List<DisruptionWindow.Outcome>> outcomes = new LinkedHashMap<>();

    private Disruptions(Scenario scenario, String service, List<LoadPhase> schedule, RunProgress progress) {
        this.scenario = scenario;
        this.service = service;
        this.progress = progress;
        schedule.stream().filter(p -> p.kind() == PhaseKind.MEASURE).forEach(p -> seconds.put(p, new SecondCounts()));
    }

    /** Null for a scenario without a fault. */
    static Disruptions of(Scenario scenario, Topology topology, List<LoadPhase> schedule, RunProgress progress) {
        if (!scenario.disruptive()) return null;
        return new Disruptions(scenario, FaultCheck.target(scenario.fault(), topology), schedule, progress);
    }

    String service() {
        return service;
    }

    /** Where the simulation counts the phase's responses per second; null outside measured phases. */
    SecondCounts secondsOf(LoadPhase phase) {
        return seconds.get(phase);
    }

    DisruptionWindow open(LoadPhase phase, Deployment deployment) {
        return new DisruptionWindow(scenario.fault(), service, deployment, seconds.get(phase), phase.duration());
    }

    void close(LoadPhase phase, DisruptionWindow window) {
        DisruptionWindow.Outcome o = window.close(phase.mode().id(), phase.repetition());
        synchronized (this) {
            outcomes.computeIfAbsent(phase.mode(), m -> new ArrayList<>()).add(o);
        }
        o.warnings().forEach(w -> progress.warning(phase.slot().label() + ": " + w));
        DisruptionFigures f = o.figures();
        if (f != null) {
            progress.disruptionJudged(String.format(Locale.ROOT, "%s: %s of %s at %.1f s: %d failed requests, %d services affected, "
                            + "recovered %s, p99 during %s", phase.slot().label(), scenario.fault().kind().id(), service,
                    f.faultAtS(), f.failedRequests(), f.affectedServices().size(),
                    f.recoverS() == null ? "not within the window" : String.format(Locale.ROOT, "after %.1f s", f.recoverS()),
                    f.p99DuringUs() == null ? "-" : String.format(Locale.ROOT, "%.1f ms", f.p99DuringUs() / 1000.0)));
        }
    }

    /** Everything measured, per mode in canonical order; modes whose windows yielded no figures are left out. */
    synchronized RunDisruption result() {
        Map<String, List<DisruptionTimeline>> timelines = new LinkedHashMap<>();
        Map<String, List<DisruptionFigures>> figures = new LinkedHashMap<>();
        Map<String, List<FaultAction>> actions = new LinkedHashMap<>();
        for (MeshMode mode : MeshMode.values()) {
            List<DisruptionWindow.Outcome> list = outcomes.get(mode);
            if (list == null) continue;
            List<DisruptionWindow.Outcome> judged = list.stream().filter(o -> o.figures() != null).toList();
            if (!judged.isEmpty()) {
                timelines.put(mode.id(), judged.stream().map(DisruptionWindow.Outcome::timeline).toList());
                figures.put(mode.id(), judged.stream().map(DisruptionWindow.Outcome::figures).toList());
            }
            List<FaultAction> done = list.stream().flatMap(o -> o.actions().stream()).toList();
            if (!done.isEmpty()) actions.put(mode.id(), done);
        }
        return new RunDisruption(scenario.name(), scenario.fault().kind().id(), service, scenario.fault().thresholdPct(),
                timelines, figures, actions);
    }
}
