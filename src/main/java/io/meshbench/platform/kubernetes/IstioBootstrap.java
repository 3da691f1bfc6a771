package io.meshbench.platform.kubernetes;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;
import io.meshbench.platform.PlatformException;

import java.io.PrintStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code -Dbootstrap=istio}: installs Istio's ambient profile from Istio's Helm charts through
 * ArgoCD Applications at the pinned version — base, istiod, cni, ztunnel, in that order (waves
 * 0..3), each waited for until Synced + Healthy before the next. Istio is cluster infrastructure,
 * so these Applications carry {@value #BOOTSTRAP_LABEL} rather than the run id and outlive the run.
 */
public final class IstioBootstrap {
    public static final String CHART_REPO = "https://istio-release.storage.googleapis.com/charts";
    public static final String BOOTSTRAP_LABEL = "meshbench.io/bootstrap";
    public static final List<String> CHARTS = List.of("base", "istiod", "cni", "ztunnel");

    private final KubernetesClient client;
    private final KubernetesSettings settings;
    private final PrintStream log;

    public IstioBootstrap(KubernetesClient client, KubernetesSettings settings, PrintStream log) {
        this.client = client;
        this.settings = settings;
        this.log = log;
    }

    public void install(Instant deadline) throws PlatformException {
        for (GenericKubernetesResource app : applications()) {
            try {
                client.genericKubernetesResources(ResourceKinds.APPLICATION).inNamespace(Prerequisites.ARGOCD_NAMESPACE)
                        .resource(app).createOr(NonDeletingOperation::update);
            } catch (KubernetesClientException e) {
                throw new PlatformException("could not create Application " + app.getMetadata().getName() + ": " + e.getMessage(), e);
            }
            log.println("  bootstrap: " + app.getMetadata().getName() + " (Istio " + settings.istioVersion() + ")");
            new ApplicationWaiter(client).await(app.getMetadata().getName(), null, deadline);
        }
    }

    public List<GenericKubernetesResource> applications() {
        List<GenericKubernetesResource> out = new ArrayList<>();
        for (int wave = 0; wave < CHARTS.size(); wave++) {
            String chart = CHARTS.get(wave);
            Map<String, Object> source = new LinkedHashMap<>();
            source.put("repoURL", CHART_REPO);
            source.put("chart", chart);
            source.put("targetRevision", settings.istioVersion());
            if (!chart.equals("base")) source.put("helm", Map.of("valuesObject", Map.of("profile", "ambient")));
            Map<String, Object> spec = new LinkedHashMap<>();
            spec.put("project", "default");
            spec.put("source", source);
            spec.put("destination", Map.of("server", ArgoCdDeployer.IN_CLUSTER, "namespace", Prerequisites.ISTIO_NAMESPACE));
            spec.put("syncPolicy", Map.of(
                    "automated", Map.of("prune", true, "selfHeal", true),
                    "syncOptions", List.of("CreateNamespace=true", "ServerSideApply=true"),
                    "retry", Map.of("limit", 5, "backoff", Map.of("duration", "10s", "factor", 2, "maxDuration", "3m"))));
            if (chart.equals("base")) {
                // istiod rewrites the webhook's failurePolicy at runtime; without this ArgoCD flaps OutOfSync.
                spec.put("ignoreDifferences", List.of(Map.of("group", "admissionregistration.k8s.io",
                        "kind", "ValidatingWebhookConfiguration", "jsonPointers", List.of("/webhooks/0/failurePolicy"))));
            }
            out.add(new GenericKubernetesResourceBuilder()
                    .withApiVersion(ResourceKinds.apiVersion(ResourceKinds.APPLICATION)).withKind("Application")
                    .withNewMetadata().withName("istio-" + chart).withNamespace(Prerequisites.ARGOCD_NAMESPACE)
                    .addToLabels(BOOTSTRAP_LABEL, "istio")
                    .addToAnnotations(Labels.SYNC_WAVE, Integer.toString(wave)).endMetadata()
                    .addToAdditionalProperties("spec", spec)
                    .build());
        }
        return out;
    }
}
