package io.meshbench.load;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The phases traffic runs in: for each slot (a repetition of a mode, in balanced order), a deploy
 * phase (fresh deployment, idle window, first-call probe, done by the run while one virtual user
 * waits), then warm-up, then the measured window. A rehearsal slot has its deploy phase and one
 * warm-up window only.
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
        return build(slots, entryCount, scenario, ratePerEntry, deployBudget, Duration.ZERO);
    }

    /**
     * @param rehearsal the traffic window of a rehearsal slot: its deploy phase, then this long of
     *                  warm-up traffic at the run's rate (never measured); zero drops rehearsal slots
     */
    public static List<LoadPhase> build(List<Slot> slots, int entryCount, Scenario scenario, double ratePerEntry,
                                        Duration deployBudget, Duration rehearsal) {
        List<LoadPhase> phases = new ArrayList<>();
        for (Slot slot : slots) {
            if (slot.rehearsal()) {
                if (rehearsal.isZero()) continue;
                phases.add(new LoadPhase(slot, PhaseKind.DEPLOY, entryCount, 0, deployBudget));
                phases.add(new LoadPhase(slot, PhaseKind.WARMUP, entryCount, ratePerEntry, rehearsal));
                continue;
            }
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
