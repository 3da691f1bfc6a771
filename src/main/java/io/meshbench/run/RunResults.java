package io.meshbench.run;

import io.meshbench.core.MeshMode;
import io.meshbench.load.EntryRates;
import io.meshbench.load.Scenario;
import io.meshbench.load.Slot;
import io.meshbench.metrics.ModeMeasurement;
import io.meshbench.metrics.RunRecord;
import io.meshbench.metrics.RunStatus;
import io.meshbench.platform.Platform;
import io.meshbench.topology.Topology;
import io.meshbench.topology.TopologySummary;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/** Builds the run's record from what was measured and writes it, once, whichever of finish or interrupt comes first. */
final class RunResults {
    private final RunPlan plan;
    private final Topology topology;
    private final Scenario scenario;
    private final Platform platform;
    private final RunGate gate;
    private final RunProgress progress;
    private final Console console;
    private final Instant startedAt;
    private final Map<String, Object> calibrationFacts;
    private final RateDecision rate;
    private final List<String> warnings = Collections.synchronizedList(new ArrayList<>());
    private boolean written;

    RunResults(RunPlan plan, Topology topology, Scenario scenario, Platform platform, RunGate gate, RunProgress progress,
               Console console, Instant startedAt, Map<String, Object> calibrationFacts, RateDecision rate) {
        this.plan = plan;
        this.topology = topology;
        this.scenario = scenario;
        this.platform = platform;
        this.gate = gate;
        this.progress = progress;
        this.console = console;
        this.startedAt = startedAt;
        this.calibrationFacts = calibrationFacts;
        this.rate = rate;
    }

    /** Says it on the console and keeps it for the results. */
    void warn(String message) {
        progress.warning(message);
        warnings.add(message);
    }

    /** Keeps it for the results (already said). */
    void keepWarning(String message) {
        warnings.add(message);
    }

    /** Writes results.json, report.html, latest and the index; null when already written. */
    synchronized RunOutcome write(WindowCollector windows, SlotLifecycle lifecycle, List<Slot> slots, boolean interrupted,
                                  io.meshbench.analysis.RunDisruption disruption) {
        if (written) return null;
        written = true;
        List<ModeMeasurement> measured = windows.measurements();
        List<ModeMeasurement> all = new ArrayList<>(measured);
        Map<Slot, String> failures = lifecycle.failures();
        failures.forEach((slot, why) -> all.add(ModeMeasurement.failed(slot.mode(), slot.repetition(), why, List.of(), null)));
        Set<String> done = all.stream().map(m -> m.mode().id() + "/" + m.repetition()).collect(Collectors.toSet());
        for (SlotDeployment s : lifecycle.started()) {
            if (done.contains(s.slot().mode().id() + "/" + s.slot().repetition())) continue;
            // Deployed, so its startup and idle figures were measured; its traffic never ran.
            all.add(ModeMeasurement.failed(s.slot().mode(), s.slot().repetition(),
                    "not measured: the run stopped before this repetition's measured window", s.startups(), s.idle()));
        }
        for (MeshMode mode : plan.modes()) {
            if (all.stream().noneMatch(m -> m.mode() == mode)) {
                all.add(ModeMeasurement.failed(mode, 1, "not measured: the run stopped before this mode's first repetition",
                        List.of(), null));
            }
        }
        RunStatus status = measured.isEmpty() ? RunStatus.FAILED
                : !interrupted && failures.isEmpty() && measured.size() == slots.size() ? RunStatus.COMPLETE
                : RunStatus.INCOMPLETE;
        Map<String, Object> scenarioFacts = scenarioFacts(windows.injectorCpu());
        RunRecord record = new RunRecord(plan.runId(), startedAt, Instant.now(), status, platform.target(),
                platform.emulated(), environment(), TopologySummary.summary(topology), scenarioFacts, all,
                List.copyOf(warnings), lifecycle.schedule());
        progress.writing(plan.runDir());
        return ResultsWriter.write(plan, record, gate, console, disruption);
    }

    private Map<String, Object> faultFacts() {
        io.meshbench.load.Fault f = scenario.fault();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("kind", f.kind().id());
        m.put("service", io.meshbench.load.FaultCheck.target(f, topology));
        m.put("service_named", f.service() != null);
        m.put("seed", f.seed());
        m.put("at_s", f.at().toMillis() / 1000.0);
        m.put("threshold_pct", f.thresholdPct());
        if (f.badVersion() != null) {
            m.put("error_share_pct", f.badVersion().errorSharePct());
            m.put("added_latency_ms", f.badVersion().addedLatency().toMillis());
            m.put("canary_weight_pct", f.badVersion().canaryWeightPct());
        }
        return m;
    }

    private Map<String, Object> environment() {
        Map<String, Object> env = new LinkedHashMap<>(platform.environment());
        env.put("java", System.getProperty("java.version"));
        env.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version"));
        env.put("cores", Runtime.getRuntime().availableProcessors());
        env.put("gatling", io.gatling.core.Predef$.class.getPackage().getImplementationVersion());
        return env;
    }

    private Map<String, Object> scenarioFacts(Map<String, Object> injectorCpu) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("name", scenario.name());
        s.put("source", scenario.source());
        s.put("rate_per_service", scenario.ratePerService());
        s.put("entry_rate_rps", EntryRates.totalEntryRate(topology, scenario.ratePerService()));
        s.put("idle_s", scenario.idle().toMillis() / 1000.0);
        s.put("warmup_s", scenario.warmup().toMillis() / 1000.0);
        s.put("duration_s", scenario.duration().toMillis() / 1000.0);
        s.put("repeat", scenario.repeat());
        s.put("order_seed", plan.orderSeed());
        s.put("connections", scenario.connections().id());
        s.put("rate_explicit", scenario.rateExplicit());
        s.put("rate_scaled", rate.scaled());
        s.putAll(calibrationFacts);
        if (scenario.disruptive()) s.put("fault", faultFacts());
        if (!injectorCpu.isEmpty()) s.put("injector_cpu_mcores", injectorCpu);
        return s;
    }
}
