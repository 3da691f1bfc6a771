package io.meshbench.load;

import io.meshbench.core.MeshMode;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * The order repetitions run modes in: rotations of one base order (ABC, BCA, CAB, ABC, …), so each
 * mode runs in each position equally often over n repetitions of n modes, and drift of the machine
 * over time falls on every mode alike. The seed picks the base order and the first rotation, so a
 * run can be repeated exactly or varied on purpose ({@code -Dorder.seed}). Rehearsals
 * ({@link #withRehearsals}) go before every measured slot and change nothing in their order.
 */
public final class SlotOrder {
    private SlotOrder() {
    }

    public static List<Slot> balanced(List<MeshMode> modes, int repeat, long seed) {
        if (modes.isEmpty() || repeat < 1) return List.of();
        Random random = new Random(seed);
        List<MeshMode> base = new ArrayList<>(modes);
        Collections.shuffle(base, random);
        int firstRotation = random.nextInt(base.size());
        List<Slot> slots = new ArrayList<>();
        for (int rep = 1; rep <= repeat; rep++) {
            int shift = (firstRotation + rep - 1) % base.size();
            for (int i = 0; i < base.size(); i++) {
                slots.add(new Slot(slots.size(), rep, base.get((shift + i) % base.size())));
            }
        }
        return List.copyOf(slots);
    }

    /**
     * The measured slots after one rehearsal per mode, rehearsed in the order the modes first run.
     * The measured slots keep their order and repetitions; only their index moves past the rehearsals.
     */
    public static List<Slot> withRehearsals(List<Slot> measured) {
        List<MeshMode> modes = measured.stream().map(Slot::mode).distinct().toList();
        List<Slot> slots = new ArrayList<>();
        for (MeshMode mode : modes) slots.add(new Slot(slots.size(), 0, mode, true));
        for (Slot s : measured) slots.add(new Slot(slots.size(), s.repetition(), s.mode()));
        return List.copyOf(slots);
    }
}
