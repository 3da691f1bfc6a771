package io.meshbench.platform.kubernetes;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.KubernetesClientTimeoutException;
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;
import io.meshbench.platform.PlatformException;

import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Applies a mode's objects with fabric8, wave by wave as ArgoCD would: a wave's Deployments must
 * be available (and the waypoint programmed) before the next wave starts. Uses create-or-update,
 * not server-side apply, so it works wherever plain CRUD does.
 */
final class DirectDeployer implements ModeDeployer {
    private final KubernetesClient client;
    private final PrintStream log;
    private final RunTeardown teardown;

    DirectDeployer(KubernetesClient client, RunTeardown teardown, PrintStream log) {
        this.client = client;
        this.teardown = teardown;
        this.log = log;
    }

    /** Direct deploys delete the mode's objects and its namespace; the cluster's GC takes the pods. */
    @Override
    public List<String> teardown(RenderedMode rendered) {
        return teardown.removeNamespace(rendered.namespace());
    }

    @Override
    public DeployTiming deploy(RenderedMode rendered, Instant deadline) throws PlatformException {
        Instant start = Instant.now();
        for (Wave wave : Wave.values()) {
            List<HasMetadata> objects = rendered.inWave(wave);
            for (HasMetadata object : objects) apply(object);
            log.println("  " + rendered.mode() + ": wave " + wave.number() + " (" + wave.name().toLowerCase(Locale.ROOT)
                    + ") applied, " + objects.size() + " objects");
            for (HasMetadata object : objects) awaitHealthy(object, deadline);
        }
        return new DeployTiming(start, Instant.now(), "direct: wave-ordered create/update until Deployments available");
    }

    void apply(HasMetadata object) throws PlatformException {
        try {
            if (object instanceof GenericKubernetesResource generic) {
                client.genericKubernetesResources(ResourceKinds.of(generic)).inNamespace(object.getMetadata().getNamespace())
                        .resource(generic).createOr(NonDeletingOperation::update);
            } else {
                client.resource(object).createOr(NonDeletingOperation::update);
            }
        } catch (KubernetesClientException e) {
            throw new PlatformException("could not create " + describe(object) + ": " + e.getMessage(), e);
        }
    }

    private void awaitHealthy(HasMetadata object, Instant deadline) throws PlatformException {
        long left = Math.max(1, Duration.between(Instant.now(), deadline).toMillis());
        try {
            if (object instanceof Deployment d) {
                client.apps().deployments().inNamespace(d.getMetadata().getNamespace()).withName(d.getMetadata().getName())
                        .waitUntilCondition(DirectDeployer::available, left, TimeUnit.MILLISECONDS);
            } else if (object instanceof GenericKubernetesResource g && g.getKind().equals("Gateway")) {
                client.genericKubernetesResources(ResourceKinds.GATEWAY).inNamespace(g.getMetadata().getNamespace())
                        .withName(g.getMetadata().getName())
                        .waitUntilCondition(DirectDeployer::programmed, left, TimeUnit.MILLISECONDS);
            }
        } catch (KubernetesClientTimeoutException e) {
            throw new PlatformException(describe(object) + " did not become ready within the deploy timeout — "
                    + "look at 'kubectl -n " + object.getMetadata().getNamespace() + " describe " + object.getKind().toLowerCase(Locale.ROOT)
                    + " " + object.getMetadata().getName() + "', or raise -Ddeploy.timeout", e);
        }
    }

    static boolean available(Deployment d) {
        if (d == null || d.getSpec() == null || d.getStatus() == null) return false;
        Integer want = d.getSpec().getReplicas();
        Integer ready = d.getStatus().getReadyReplicas();
        return ready != null && ready >= (want == null ? 1 : want);
    }

    @SuppressWarnings("unchecked")
    static boolean programmed(GenericKubernetesResource g) {
        if (g == null) return false;
        Object status = g.getAdditionalProperties().get("status");
        if (!(status instanceof Map<?, ?> s) || !(s.get("conditions") instanceof List<?> conditions)) return false;
        return conditions.stream().anyMatch(c -> c instanceof Map<?, ?> m
                && "Programmed".equals(m.get("type")) && "True".equals(m.get("status")));
    }

    static String describe(HasMetadata o) {
        return o.getKind() + " " + (o.getMetadata().getNamespace() == null ? "" : o.getMetadata().getNamespace() + "/")
                + o.getMetadata().getName();
    }
}
