package io.meshbench.run;

import io.meshbench.core.Target;
import io.meshbench.platform.Platform;
import io.meshbench.platform.PlatformException;
import io.meshbench.platform.kubernetes.KubernetesPlatform;
import io.meshbench.platform.local.LocalPlatform;
import io.meshbench.platform.local.LocalSettings;

import java.util.List;

/** Builds the target a plan names. Creating one starts nothing: deploy() does. */
final class Platforms {
    private Platforms() {
    }

    static Platform create(RunPlan plan) throws PlatformException {
        if (plan.target() == Target.KUBERNETES) {
            if (plan.kubernetes() == null) throw new InputException(List.of("-Dtarget=kubernetes: settings missing"));
            return KubernetesPlatform.connect(plan.kubernetes(), System.out);
        }
        return new LocalPlatform(new LocalSettings(plan.nodes(), plan.seed(), plan.maxPods(),
                plan.localAddressBlock(), plan.localDataPlane(), plan.runId()));
    }
}
