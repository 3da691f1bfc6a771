package io.meshbench.run;

import io.meshbench.load.FaultCheck;
import io.meshbench.load.Scenario;
import io.meshbench.load.ScenarioException;
import io.meshbench.load.ScenarioLoader;
import io.meshbench.platform.Platform;
import io.meshbench.platform.PlatformException;
import io.meshbench.topology.Topology;
import io.meshbench.topology.TopologyException;
import io.meshbench.topology.TopologyLoader;

import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * Reads and checks every input (flags, scenario, topology, gate, then the target's prerequisites)
 * and returns what it found: a session ready for the load, a refusal with every problem at once,
 * or a finished prerequisites check. It never exits the JVM: {@link RunLauncher} maps the result
 * to an exit status.
 */
final class RunPreparation {

    /** Why a run did not start. */
    enum Refusal {
        /** Flags, topology, scenario or baseline are wrong; nothing was created. */
        BAD_INPUT,
        /** The target refused (prerequisites, limits, context); nothing was created. */
        TARGET_REFUSED
    }

    sealed interface Result permits Ready, Refused, CheckedOnly {
    }

    record Ready(RunSession session) implements Result {
    }

    record Refused(Refusal reason, List<String> problems) implements Result {
        Refused {
            problems = List.copyOf(problems);
        }
    }

    /** -Dcheck=only: every prerequisite was met and nothing was created. */
    record CheckedOnly() implements Result {
    }

    /** A target that a plan selects; tests put a faulty one in. */
    @FunctionalInterface
    interface PlatformFactory {
        Platform create(RunPlan plan) throws PlatformException;
    }

    private RunPreparation() {
    }

    static Result prepare(Properties properties, ConsoleProgress progress) {
        return prepare(properties, progress, Platforms::create);
    }

    static Result prepare(Properties properties, ConsoleProgress progress, PlatformFactory platforms) {
        RunPlan.Parsed parsed = RunPlan.parse(properties);
        RunPlan plan = parsed.plan();
        List<String> problems = new ArrayList<>(parsed.problems());
        // A plan made of defaults standing in for bad flags would read as what is about to run.
        if (problems.isEmpty()) progress.planned(plan);
        Scenario scenario = null;
        try {
            scenario = ScenarioLoader.load(plan.scenario(), plan.projectDir(), plan.scenarioOverrides());
        } catch (ScenarioException e) {
            problems.add(e.getMessage());
        }
        Topology topology = null;
        try {
            topology = TopologyLoader.load(plan.topology(), plan.projectDir(), plan.seed(), plan.maxServices(),
                    plan.maxReplicas());
        } catch (TopologyException e) {
            problems.add(e.getMessage());
        }
        if (scenario != null && topology != null) problems.addAll(FaultCheck.problems(scenario, topology));
        RunGate gate = null;
        try {
            gate = RunGate.fromInput(plan, scenario == null ? null : scenario.failOn(), topology);
        } catch (InputException e) {
            problems.addAll(e.problems());
        }
        if (!problems.isEmpty()) return new Refused(Refusal.BAD_INPUT, problems);
        progress.topologyLoaded(topology);

        Platform platform;
        try {
            platform = platforms.create(plan);
        } catch (InputException e) {
            return new Refused(Refusal.BAD_INPUT, e.problems());
        } catch (PlatformException e) {
            return new Refused(Refusal.TARGET_REFUSED, e.problems());
        }
        List<String> warnings;
        try {
            platform.check(topology, plan.modes());
            warnings = platform.checkWarnings(topology, plan.modes());
        } catch (PlatformException e) {
            platform.close();
            return new Refused(Refusal.TARGET_REFUSED, e.problems());
        }
        if (plan.checkOnly()) {
            platform.close();
            return new CheckedOnly();
        }
        return new Ready(RunSession.start(plan, topology, scenario, platform, gate, progress, progress.console(), warnings));
    }
}
