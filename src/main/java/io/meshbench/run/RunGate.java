package io.meshbench.run;

import io.meshbench.analysis.AnalysedRun;
import io.meshbench.analysis.GateResult;
import io.meshbench.analysis.Thresholds;
import io.meshbench.report.NightlyGate;
import io.meshbench.topology.Topology;
import io.meshbench.topology.TopologySummary;

import java.nio.file.Path;
import java.util.List;

/** The nightly regression gate of one run, prepared before any load so bad input fails early. */
final class RunGate {
    private final NightlyGate gate;

    private RunGate(NightlyGate gate) {
        this.gate = gate;
    }

    /** Null when no baseline was given. Thresholds are checked even then, so a typo never waits for a nightly run. */
    static RunGate fromInput(RunPlan plan, String scenarioFailOn, Topology topology) {
        String failOn = plan.properties().getProperty("fail.on", scenarioFailOn);
        try {
            if (failOn != null && !failOn.isBlank()) Thresholds.parse(failOn);
        } catch (IllegalArgumentException e) {
            String origin = plan.properties().getProperty("fail.on") != null ? "-Dfail.on" : "the scenario's failOn";
            throw new InputException(List.of(origin + ": " + e.getMessage()));
        }
        if (plan.baseline() == null) return null;
        try {
            return new RunGate(NightlyGate.prepare(plan.baseline(), failOn,
                    topology == null ? null : TopologySummary.summary(topology), plan.target()));
        } catch (IllegalArgumentException | IllegalStateException | java.io.UncheckedIOException e) {
            throw new InputException(List.of("-Dbaseline=" + plan.baseline() + ": " + e.getMessage()));
        }
    }

    String baselineRunId() {
        return gate.baseline().record().runId();
    }

    GateResult apply(Path runDir, AnalysedRun current) {
        return gate.apply(runDir, current);
    }
}
