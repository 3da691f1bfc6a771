package io.meshbench.run;

import io.meshbench.platform.Platform;
import io.meshbench.platform.local.LocalPlatform;
import io.meshbench.platform.local.LocalSettings;

/** Builds the target a plan names. Creating one starts nothing: deploy() does. */
final class Platforms {
    private Platforms() {
    }

    static Platform create(RunPlan plan) throws io.meshbench.platform.PlatformException {
        if ("kubernetes".equals(plan.target())) {
            return KubernetesTarget.create(plan);
        }
        try {
            return new LocalPlatform(new LocalSettings(plan.nodes(), plan.seed(),
                    intProperty(plan, "maxPods", LocalSettings.DEFAULT_MAX_PODS)));
        } catch (IllegalArgumentException e) {
            throw new InputException(java.util.List.of(e.getMessage()));
        }
    }

    /** The largest generated or loaded graph a target accepts (-DmaxServices raises it). */
    static int maxServices(RunPlan plan) {
        int fallback = "kubernetes".equals(plan.target()) ? 2000 : 1000;
        return intProperty(plan, io.meshbench.topology.TopologyLoader.MAX_SERVICES_PROPERTY, fallback);
    }

    private static int intProperty(RunPlan plan, String name, int fallback) {
        String text = plan.properties().getProperty(name);
        if (text == null || text.isBlank()) return fallback;
        try {
            return Integer.parseInt(text.trim());
        } catch (NumberFormatException e) {
            throw new InputException(java.util.List.of("-D" + name + "=" + text + ": give a whole number, e.g. -D" + name + "=" + fallback));
        }
    }
}
