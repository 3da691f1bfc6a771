package io.meshbench.run;

import io.meshbench.platform.Platform;

import java.util.List;

/** Creates the Kubernetes target; kept apart so the local target needs nothing of fabric8 at start-up. */
final class KubernetesTarget {
    private KubernetesTarget() {
    }

    static Platform create(RunPlan plan) {
        throw new InputException(List.of("-Dtarget=kubernetes: not wired in this build yet"));
    }
}
