package io.meshbench.load;

import io.meshbench.core.MeshMode;

/**
 * One repetition of one mode: a fresh deployment measured for a whole window. The run is a list
 * of slots in a balanced order ({@link SlotOrder}), after one unmeasured rehearsal slot per mode.
 *
 * @param index      position in the run, from 0
 * @param repetition from 1; 0 for a rehearsal
 * @param rehearsal  an unmeasured slot: a fresh deployment that carries traffic so the harness pays
 *                   the mode's first-time costs (class loading, JIT, heap growth) before any window
 */
public record Slot(int index, int repetition, MeshMode mode, boolean rehearsal) {

    /** A measured slot. */
    public Slot(int index, int repetition, MeshMode mode) {
        this(index, repetition, mode, false);
    }

    /** "sidecar r2" or "sidecar rehearsal", for the console and Gatling's scenario names. */
    public String label() {
        return rehearsal ? mode.id() + " rehearsal" : mode.id() + " r" + repetition;
    }
}
