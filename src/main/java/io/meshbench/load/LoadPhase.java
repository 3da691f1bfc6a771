package io.meshbench.load;

import io.meshbench.core.EntryPoint;
import io.meshbench.core.MeshMode;

import java.time.Duration;
import java.util.List;

/**
 * One block of Gatling traffic: a mode, a repetition, warm-up or measured, at a rate per entry point.
 * Phases run one after another in {@link LoadSchedule} order.
 */
public record LoadPhase(MeshMode mode, int repetition, PhaseKind kind, List<EntryPoint> entries,
                        double ratePerEntry, Duration duration) {

    public LoadPhase {
        entries = List.copyOf(entries);
    }

    /** Gatling request name: measured requests are named by mode, warm-up ones carry the prefix. */
    public String requestName(EntryPoint entry) {
        String base = mode.id() + " " + entry.service();
        return kind == PhaseKind.MEASURE ? base : kind.id() + " " + base;
    }

    public double offeredRps() {
        return ratePerEntry * entries.size();
    }
}
