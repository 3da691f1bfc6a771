package io.meshbench.platform.local;

import io.meshbench.topology.Service;
import io.meshbench.topology.Step;
import io.meshbench.topology.Topology;

import java.time.Duration;
import java.util.List;

/** The throwaway topology the local target warms its code paths on before anything is measured. */
final class WarmUpChain {
    static final int REQUESTS = 30;

    private WarmUpChain() {
    }

    static Topology chain() {
        return new Topology("warm-up", "built in", List.of(
                new Service("warm-entry", 1, true, 512, 0, List.of(new Step.Call("warm-mid", 256))),
                new Service("warm-mid", 1, false, 512, 0, List.of(new Step.Concurrent(List.of(
                        new Step.Call("warm-leaf", 128), new Step.Call("warm-leaf", 128))))),
                new Service("warm-leaf", 1, false, 1024, 0, List.of(new Step.Sleep(Duration.ofMillis(1))))));
    }
}
