package io.meshbench.run;

import io.meshbench.load.Calibrator;
import io.meshbench.load.LoadPhase;
import io.meshbench.load.Slot;
import io.meshbench.core.MeshMode;
import io.meshbench.metrics.ModeMeasurement;
import io.meshbench.platform.DeployProgress;
import io.meshbench.topology.Topology;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * What a run reports while it goes, as typed events; {@link ConsoleProgress} turns them into lines
 * for a person, a test can record them.
 */
public interface RunProgress {

    void planned(RunPlan plan);

    void topologyLoaded(Topology topology);

    /** Something the reader must know; it also goes into the results' warnings when the run keeps it. */
    void warning(String message);

    void harnessWarmed(Duration took);

    /** A calibration step of {@code mode} ended: the {@code step}-th of at most {@code maxSteps}. */
    void calibrationStep(MeshMode mode, int step, int maxSteps, Calibrator.Step result);

    void calibrated(MeshMode mode, Calibrator.Capacity capacity);

    /** The rate decided for the whole run: asked, run, and why they differ. */
    void rateDecided(RateDecision decision);

    void scheduled(List<Slot> slots, List<LoadPhase> phases, double entryRps);

    void deploying(Slot slot, int pods);

    /** Pods ready so far in the deploy of {@code what} (a slot's label, or calibration's); any thread. */
    void deployProgress(String what, DeployProgress progress);

    void deployed(Slot slot, Duration took, double startupP50Millis);

    void deployFailed(Slot slot, String why);

    void idle(Slot slot, Duration window);

    /** The first-call probe of {@code what} has called {@code called} of {@code total} entry points. */
    void probeProgress(String what, int called, int total);

    /** @param probe what the first-call probe saw, with the first failure's reason */
    void probed(Slot slot, io.meshbench.load.Calibrator.Probe probe);

    /** {@code what}'s fresh data-plane processes were driven to steady state (or the limit ran out). */
    void settled(String what, io.meshbench.load.Calibrator.Settling settling);

    /** Settling of {@code what} finished round {@code number} ({@code limit} is the longest it may go on). */
    default void settleRound(String what, int number, io.meshbench.load.Calibrator.Round round, Duration limit) {
    }

    void phaseStarted(LoadPhase phase);

    void windowCollected(ModeMeasurement measurement);

    /** A rehearsal's traffic window ended: what its load generator counted (never a figure of the run). */
    void rehearsed(Slot slot, io.meshbench.load.PhaseCounters counters);

    /** A disruption window was judged: one line of its figures. */
    default void disruptionJudged(String line) {
        warning(line);
    }

    void loadEnded();

    void tearingDown();

    void interrupted();

    void writing(Path runDir);
}
