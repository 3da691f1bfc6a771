package io.meshbench.load;

import io.meshbench.core.EntryPoint;
import io.meshbench.core.MeshMode;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The order traffic runs in: for each repetition, each mode gets a warm-up then a measured window
 * (A B C A B C …), so drift of the machine over time falls on every mode alike.
 */
public final class LoadSchedule {
    private LoadSchedule() {
    }

    public static List<LoadPhase> build(List<MeshMode> modes, Map<MeshMode, List<EntryPoint>> entries,
                                        Scenario scenario, double ratePerEntry) {
        List<LoadPhase> phases = new ArrayList<>();
        for (int rep = 1; rep <= scenario.repeat(); rep++) {
            if (rep > 1 && !scenario.idle().isZero() && !modes.isEmpty()) {
                phases.add(new LoadPhase(modes.get(0), rep, PhaseKind.IDLE, List.of(), 0, scenario.idle()));
            }
            for (MeshMode mode : modes) {
                List<EntryPoint> modeEntries = entries.get(mode);
                if (modeEntries == null || modeEntries.isEmpty()) continue;
                if (!scenario.warmup().isZero()) {
                    phases.add(new LoadPhase(mode, rep, PhaseKind.WARMUP, modeEntries, ratePerEntry, scenario.warmup()));
                }
                phases.add(new LoadPhase(mode, rep, PhaseKind.MEASURE, modeEntries, ratePerEntry, scenario.duration()));
            }
        }
        return List.copyOf(phases);
    }

    /** Wall time of the whole schedule without drain time, for the console's estimate. */
    public static Duration total(List<LoadPhase> phases) {
        return phases.stream().map(LoadPhase::duration).reduce(Duration.ZERO, Duration::plus);
    }
}
