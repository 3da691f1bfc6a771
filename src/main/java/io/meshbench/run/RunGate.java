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
    /** -Dgate.strict: a row that cannot be judged (too few repetitions) fails the gate instead of warning. */
    private final boolean failOnUnjudged;

    private RunGate(NightlyGate gate, boolean failOnUnjudged) {
        this.gate = gate;
        this.failOnUnjudged = failOnUnjudged;
    }

    /**
     * Null when no baseline was given. Thresholds are checked even then, so a typo never waits for
     * a nightly run. {@code scenarioFailOn} is the scenario's failOn (already overridden by
     * -Dfail.on when given), or null when the scenario could not be read.
     */
    static RunGate fromInput(RunPlan plan, String scenarioFailOn, Topology topology) {
        String failOn = plan.failOnFlag() != null ? plan.failOnFlag() : scenarioFailOn;
        try {
            if (failOn != null && !failOn.isBlank()) Thresholds.parse(failOn);
        } catch (IllegalArgumentException e) {
            String origin = plan.failOnFlag() != null ? "-Dfail.on" : "the scenario's failOn";
            throw new InputException(List.of(origin + ": " + e.getMessage()));
        }
        if (plan.baseline() == null) return null;
        try {
            String layout = plan.target() == io.meshbench.core.Target.LOCAL ? plan.localDataPlane().id() : null;
            return new RunGate(NightlyGate.prepare(plan.baseline(), failOn,
                    topology == null ? null : TopologySummary.summary(topology), plan.target(), layout, plan.gateStrict()),
                    plan.gateStrict());
        } catch (IllegalArgumentException | IllegalStateException | java.io.UncheckedIOException e) {
            throw new InputException(List.of("-Dbaseline=" + plan.baseline() + ": " + e.getMessage()));
        }
    }

    String baselineRunId() {
        return gate.baseline().record().runId();
    }

    boolean failOnUnjudged() {
        return failOnUnjudged;
    }

    GateResult apply(Path runDir, AnalysedRun current) {
        return gate.apply(runDir, current);
    }
}
