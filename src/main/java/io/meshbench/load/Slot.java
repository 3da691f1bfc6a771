package io.meshbench.load;

import io.meshbench.core.MeshMode;

/**
 * One repetition of one mode: a fresh deployment measured for a whole window. The run is a list
 * of slots in a balanced order ({@link SlotOrder}).
 *
 * @param index      position in the run, from 0
 * @param repetition from 1
 */
public record Slot(int index, int repetition, MeshMode mode) {

    /** "sidecar r2", for the console and Gatling's scenario names. */
    public String label() {
        return mode.id() + " r" + repetition;
    }
}
