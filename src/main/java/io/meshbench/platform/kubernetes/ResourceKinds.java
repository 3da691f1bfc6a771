package io.meshbench.platform.kubernetes;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;

/**
 * Resources handled as {@code GenericKubernetesResource}: ArgoCD's, which have no fabric8 model,
 * and the waypoint's Gateway, kept generic so it is written exactly as Istio documents it whatever
 * Gateway API model version fabric8 ships. Each is addressed by an explicit definition, so no API
 * discovery round-trip is needed (the mock server has none for them).
 */
public final class ResourceKinds {
    public static final ResourceDefinitionContext GATEWAY = context("gateway.networking.k8s.io", "v1",
            "Gateway", "gateways");
    public static final ResourceDefinitionContext APPLICATION = context("argoproj.io", "v1alpha1",
            "Application", "applications");
    public static final ResourceDefinitionContext APP_PROJECT = context("argoproj.io", "v1alpha1",
            "AppProject", "appprojects");

    private ResourceKinds() {
    }

    private static ResourceDefinitionContext context(String group, String version, String kind, String plural) {
        return new ResourceDefinitionContext.Builder().withGroup(group).withVersion(version).withKind(kind)
                .withPlural(plural).withNamespaced(true).build();
    }

    /** The context of a generic object we render, by its kind. */
    public static ResourceDefinitionContext of(GenericKubernetesResource resource) {
        return switch (resource.getKind()) {
            case "Gateway" -> GATEWAY;
            case "Application" -> APPLICATION;
            case "AppProject" -> APP_PROJECT;
            default -> throw new IllegalArgumentException("no resource definition for kind " + resource.getKind());
        };
    }

    public static String apiVersion(ResourceDefinitionContext context) {
        return context.getGroup() + "/" + context.getVersion();
    }
}
