package io.meshbench.run;

import io.meshbench.platform.Platform;
import io.meshbench.platform.PlatformException;
import io.meshbench.platform.kubernetes.KubernetesPlatform;
import io.meshbench.platform.kubernetes.KubernetesSettings;

/** Creates the Kubernetes target: settings from -D options and the environment, then the named context. */
final class KubernetesTarget {
    private KubernetesTarget() {
    }

    static Platform create(RunPlan plan) throws PlatformException {
        KubernetesSettings settings;
        try {
            settings = KubernetesSettings.fromProperties(plan.properties());
        } catch (PlatformException e) {
            throw new InputException(e.problems());
        }
        return KubernetesPlatform.connect(settings, System.out);
    }

    static boolean checkOnly(RunPlan plan) {
        return "only".equalsIgnoreCase(plan.properties().getProperty("check", "").trim());
    }
}
