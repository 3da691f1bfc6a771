package io.meshbench.load;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The phases traffic runs in: for each slot (a repetition of a mode, in balanced order), a deploy
 * phase (fresh deployment, idle window, first-call probe, done by the run while one virtual user
 * waits), then warm-up, then the measured window.
 */
public final class LoadSchedule {
    private LoadSchedule() {
    }

    /**
     * @param deployBudget the longest a slot's deploy phase may wait for its deployment; past it
     *                     the slot's traffic goes ahead and fails visibly rather than hang the run
     */
    public static List<LoadPhase> build(List<Slot> slots, int entryCount, Scenario scenario, double ratePerEntry,
                                        Duration deployBudget) {
        List<LoadPhase> phases = new ArrayList<>();
        for (Slot slot : slots) {
            phases.add(new LoadPhase(slot, PhaseKind.DEPLOY, entryCount, 0, deployBudget));
            if (!scenario.warmup().isZero()) {
                phases.add(new LoadPhase(slot, PhaseKind.WARMUP, entryCount, ratePerEntry, scenario.warmup()));
            }
            phases.add(new LoadPhase(slot, PhaseKind.MEASURE, entryCount, ratePerEntry, scenario.duration()));
        }
        return List.copyOf(phases);
    }

    /** Wall time of the traffic windows (deploy, idle and probe not included), for the console's estimate. */
    public static Duration trafficTime(List<LoadPhase> phases) {
        return phases.stream().filter(p -> p.kind() != PhaseKind.DEPLOY).map(LoadPhase::duration)
                .reduce(Duration.ZERO, Duration::plus);
    }
}
