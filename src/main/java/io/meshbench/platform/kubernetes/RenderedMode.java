package io.meshbench.platform.kubernetes;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.meshbench.core.MeshMode;

import java.util.Comparator;
import java.util.List;

/**
 * Every object one mode needs, in apply order: by wave, and inside a wave Namespaces first (as
 * ArgoCD orders kinds), then by kind and name so output is stable.
 */
public record RenderedMode(MeshMode mode, String namespace, List<HasMetadata> objects) {

    private static final List<String> KIND_ORDER = List.of("Namespace", "ServiceAccount", "ConfigMap",
            "PeerAuthentication", "Telemetry", "Service", "Deployment", "Gateway");

    public RenderedMode {
        objects = objects.stream().sorted(applyOrder()).toList();
    }

    public static Comparator<HasMetadata> applyOrder() {
        return Comparator.<HasMetadata>comparingInt(o -> Wave.of(o).number())
                .thenComparingInt(o -> kindRank(o.getKind()))
                .thenComparing(HasMetadata::getKind)
                .thenComparing(o -> o.getMetadata().getName());
    }

    private static int kindRank(String kind) {
        int i = KIND_ORDER.indexOf(kind);
        return i < 0 ? KIND_ORDER.size() : i;
    }

    public List<HasMetadata> inWave(Wave wave) {
        return objects.stream().filter(o -> Wave.of(o) == wave).toList();
    }

    /** The entry Services Gatling reaches the topology through (one per entry-point service). */
    public List<HasMetadata> entryServices() {
        return objects.stream().filter(o -> o.getKind().equals("Service")
                && "true".equals(o.getMetadata().getLabels().get(Labels.ENTRY))).toList();
    }
}
