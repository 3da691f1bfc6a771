package io.meshbench.platform.kubernetes;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;
import io.meshbench.core.MeshMode;
import io.meshbench.platform.PlatformException;

import java.io.PrintStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * GitOps deploys: the manifests are committed to Git, an AppProject limited to this run's
 * namespaces and that repository admits them, and one Application per mode syncs them with
 * automated sync, prune and retry. Teardown deletes the Application with ArgoCD's resources
 * finalizer, so ArgoCD cascades the deletion to everything it created.
 */
final class ArgoCdDeployer implements ModeDeployer {
    static final String IN_CLUSTER = "https://kubernetes.default.svc";
    static final String RESOURCES_FINALIZER = "resources-finalizer.argocd.argoproj.io";

    private final KubernetesClient client;
    private final KubernetesSettings settings;
    private final GitOpsPublisher publisher;
    private final RunTeardown teardown;
    private final PrintStream log;
    private boolean projectReady;

    ArgoCdDeployer(KubernetesClient client, KubernetesSettings settings, GitOpsPublisher publisher,
                   RunTeardown teardown, PrintStream log) {
        this.client = client;
        this.settings = settings;
        this.publisher = publisher;
        this.teardown = teardown;
        this.log = log;
    }

    String projectName() {
        return "mb-" + settings.runId().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]", "-");
    }

    String repoSecretName() {
        return projectName() + "-repo";
    }

    @Override
    public DeployTiming deploy(RenderedMode rendered, Instant deadline) throws PlatformException {
        ensureProject();
        String commit = publisher.publish(rendered);
        GenericKubernetesResource app = application(rendered);
        try {
            client.genericKubernetesResources(ResourceKinds.APPLICATION).inNamespace(Prerequisites.ARGOCD_NAMESPACE)
                    .resource(app).createOr(NonDeletingOperation::update);
        } catch (KubernetesClientException e) {
            throw new PlatformException("could not create Application " + app.getMetadata().getName() + ": " + e.getMessage(), e);
        }
        log.println("  argocd: Application " + app.getMetadata().getName() + " created; waiting for Synced + Healthy");
        return new ApplicationWaiter(client).await(app.getMetadata().getName(), commit, deadline);
    }

    @Override
    public List<String> teardown(RenderedMode rendered) {
        List<String> failures = new ArrayList<>(teardown.removeGeneric(ResourceKinds.APPLICATION,
                Prerequisites.ARGOCD_NAMESPACE, rendered.namespace()));
        // ArgoCD's cascade removes what it synced; this sweep catches anything it could not.
        failures.addAll(teardown.removeNamespace(rendered.namespace()));
        return failures;
    }

    @Override
    public List<String> teardownRun() {
        List<String> failures = new ArrayList<>();
        if (!projectReady) return failures;
        failures.addAll(teardown.removeGeneric(ResourceKinds.APP_PROJECT, Prerequisites.ARGOCD_NAMESPACE, projectName()));
        Secret secret = client.secrets().inNamespace(Prerequisites.ARGOCD_NAMESPACE).withName(repoSecretName()).get();
        if (secret != null && settings.runId().equals(secret.getMetadata().getLabels().get(Labels.RUN_ID))) {
            client.secrets().inNamespace(Prerequisites.ARGOCD_NAMESPACE).withName(repoSecretName()).delete();
        }
        projectReady = false;
        return failures;
    }

    private void ensureProject() throws PlatformException {
        if (projectReady) return;
        try {
            client.genericKubernetesResources(ResourceKinds.APP_PROJECT).inNamespace(Prerequisites.ARGOCD_NAMESPACE)
                    .resource(appProject()).createOr(NonDeletingOperation::update);
            if (settings.gitToken() != null) {
                client.secrets().inNamespace(Prerequisites.ARGOCD_NAMESPACE).resource(repoSecret())
                        .createOr(NonDeletingOperation::update);
            }
        } catch (KubernetesClientException e) {
            throw new PlatformException("could not create the AppProject " + projectName() + " in namespace "
                    + Prerequisites.ARGOCD_NAMESPACE + ": " + e.getMessage() + " — your credentials need to create "
                    + "appprojects and secrets there", e);
        }
        projectReady = true;
    }

    /** Admits only this repository, this run's namespaces and the kinds the renderer makes. */
    GenericKubernetesResource appProject() {
        List<Object> destinations = new ArrayList<>();
        for (MeshMode mode : MeshMode.values()) {
            destinations.add(Map.of("server", IN_CLUSTER, "namespace", settings.namespace(mode)));
        }
        String p = projectName();
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("description", "meshbench run " + settings.runId());
        spec.put("sourceRepos", List.of(settings.gitopsRepo()));
        spec.put("destinations", destinations);
        spec.put("clusterResourceWhitelist", List.of(Map.of("group", "", "kind", "Namespace")));
        spec.put("namespaceResourceWhitelist", List.of(
                Map.of("group", "", "kind", "ServiceAccount"), Map.of("group", "", "kind", "ConfigMap"),
                Map.of("group", "", "kind", "Service"), Map.of("group", "apps", "kind", "Deployment"),
                Map.of("group", "security.istio.io", "kind", "PeerAuthentication"),
                Map.of("group", "telemetry.istio.io", "kind", "Telemetry"),
                Map.of("group", "gateway.networking.k8s.io", "kind", "Gateway"),
                // a bad rollout's canary split (disruption scenarios)
                Map.of("group", "networking.istio.io", "kind", "DestinationRule"),
                Map.of("group", "networking.istio.io", "kind", "VirtualService")));
        spec.put("roles", List.of(
                Map.of("name", "admin", "description", "full control of this run's applications",
                        "policies", List.of("p, proj:" + p + ":admin, applications, *, " + p + "/*, allow")),
                Map.of("name", "viewer", "description", "read-only view of this run's applications",
                        "policies", List.of("p, proj:" + p + ":viewer, applications, get, " + p + "/*, allow"))));
        return new GenericKubernetesResourceBuilder()
                .withApiVersion(ResourceKinds.apiVersion(ResourceKinds.APP_PROJECT)).withKind("AppProject")
                .withNewMetadata().withName(p).withNamespace(Prerequisites.ARGOCD_NAMESPACE)
                .addToLabels(Labels.RUN_ID, settings.runId()).endMetadata()
                .addToAdditionalProperties("spec", spec)
                .build();
    }

    GenericKubernetesResource application(RenderedMode rendered) {
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("project", projectName());
        spec.put("source", Map.of("repoURL", settings.gitopsRepo(), "targetRevision", settings.gitopsBranch(),
                "path", publisher.modePath(rendered.mode())));
        spec.put("destination", Map.of("server", IN_CLUSTER, "namespace", rendered.namespace()));
        spec.put("syncPolicy", Map.of(
                "automated", Map.of("prune", true, "selfHeal", true),
                "syncOptions", List.of("PruneLast=true"),
                "retry", Map.of("limit", 5, "backoff", Map.of("duration", "5s", "factor", 2, "maxDuration", "3m"))));
        return new GenericKubernetesResourceBuilder()
                .withApiVersion(ResourceKinds.apiVersion(ResourceKinds.APPLICATION)).withKind("Application")
                .withNewMetadata().withName(rendered.namespace()).withNamespace(Prerequisites.ARGOCD_NAMESPACE)
                .addToLabels(Labels.RUN_ID, settings.runId()).addToLabels(Labels.MODE, rendered.mode().id())
                .addToFinalizers(RESOURCES_FINALIZER).endMetadata()
                .addToAdditionalProperties("spec", spec)
                .build();
    }

    /** ArgoCD's declarative repository credentials, so it can read a private GitOps repository. */
    private Secret repoSecret() {
        return new SecretBuilder()
                .withNewMetadata().withName(repoSecretName()).withNamespace(Prerequisites.ARGOCD_NAMESPACE)
                .addToLabels("argocd.argoproj.io/secret-type", "repository")
                .addToLabels(Labels.RUN_ID, settings.runId()).endMetadata()
                .addToStringData("type", "git")
                .addToStringData("url", settings.gitopsRepo())
                .addToStringData("project", projectName())
                .addToStringData("username", GitOpsPublisher.TOKEN_USER)
                .addToStringData("password", settings.gitToken())
                .build();
    }
}
