package io.meshbench.load;

import io.meshbench.core.MeshMode;

import java.time.Duration;

/**
 * One block of Gatling traffic in a slot: its deploy wait, warm-up or measured window, at a rate
 * per entry point. The entry points themselves are known only once the slot's fresh deployment is
 * up, so the simulation looks them up when the phase starts. Phases run one after another in
 * {@link LoadSchedule} order.
 *
 * @param entryCount entry-point services of the topology (the same in every deployment)
 * @param duration   the window; for {@link PhaseKind#DEPLOY}, the longest the wait may take
 */
public record LoadPhase(Slot slot, PhaseKind kind, int entryCount, double ratePerEntry, Duration duration) {

    public MeshMode mode() {
        return slot.mode();
    }

    public int repetition() {
        return slot.repetition();
    }

    /** Gatling request name: measured requests are named by mode, warm-up ones carry the prefix. */
    public String requestName(String entryService) {
        String base = mode().id() + " " + entryService;
        return kind == PhaseKind.MEASURE ? base : kind.id() + " " + base;
    }

    public double offeredRps() {
        return ratePerEntry * entryCount;
    }
}
