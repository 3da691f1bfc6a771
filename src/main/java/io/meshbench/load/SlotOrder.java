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
 * run can be repeated exactly or varied on purpose ({@code -Dorder.seed}).
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
}
