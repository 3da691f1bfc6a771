package io.meshbench.platform.kubernetes;

import io.fabric8.kubernetes.api.model.HasMetadata;

import java.util.Map;

/**
 * ArgoCD sync waves of a mode's objects. ArgoCD starts a wave once the previous one is synced and
 * healthy; direct deploys follow the same order. The Namespace sits in the policies wave: inside a
 * wave ArgoCD applies Namespaces before every other kind, and so does {@link DirectDeployer}.
 */
public enum Wave {
    /** Namespace, PeerAuthentication, Telemetry. */
    POLICIES(0),
    /** ServiceAccounts and the topology ConfigMap. */
    CONFIG(1),
    /** Deployments and Services. */
    WORKLOADS(2),
    /** Waypoint and the entry Services. */
    ROUTING(3);

    private final int number;

    Wave(int number) {
        this.number = number;
    }

    public int number() {
        return number;
    }

    public String annotationValue() {
        return Integer.toString(number);
    }

    /** The wave an object was rendered into, read back from its sync-wave annotation. */
    public static Wave of(HasMetadata object) {
        Map<String, String> annotations = object.getMetadata().getAnnotations();
        String value = annotations == null ? null : annotations.get(Labels.SYNC_WAVE);
        if (value == null) {
            throw new IllegalArgumentException(object.getKind() + " " + object.getMetadata().getName()
                    + " has no " + Labels.SYNC_WAVE + " annotation");
        }
        for (Wave w : values()) if (w.annotationValue().equals(value)) return w;
        throw new IllegalArgumentException("unknown sync wave " + value + " on " + object.getKind());
    }
}
