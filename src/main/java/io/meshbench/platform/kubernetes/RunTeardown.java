package io.meshbench.platform.kubernetes;

import io.fabric8.istio.api.security.v1.PeerAuthentication;
import io.fabric8.istio.api.telemetry.v1.Telemetry;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;

import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Removes one mode's objects, and only those labelled with this run's id: the routing, workload,
 * config and policy objects in reverse wave order, then the namespace if this run created it.
 * A cluster's garbage collector removes pods and ReplicaSets of deleted Deployments.
 */
final class RunTeardown {
    private final KubernetesClient client;
    private final String runId;
    private final Duration wait;
    private final PrintStream log;

    RunTeardown(KubernetesClient client, String runId, Duration wait, PrintStream log) {
        this.client = client;
        this.runId = runId;
        this.wait = wait;
        this.log = log;
    }

    /** Deletes what this run put in {@code namespace}; returns what could not be deleted. */
    List<String> removeNamespace(String namespace) {
        List<String> failures = new java.util.ArrayList<>();
        step(failures, "Gateway", () -> client.genericKubernetesResources(ResourceKinds.GATEWAY).inNamespace(namespace)
                .withLabel(Labels.RUN_ID, runId).delete());
        step(failures, "Service", () -> client.services().inNamespace(namespace).withLabel(Labels.RUN_ID, runId).delete());
        step(failures, "Deployment", () -> client.apps().deployments().inNamespace(namespace).withLabel(Labels.RUN_ID, runId).delete());
        step(failures, "ConfigMap", () -> client.configMaps().inNamespace(namespace).withLabel(Labels.RUN_ID, runId).delete());
        step(failures, "ServiceAccount", () -> client.serviceAccounts().inNamespace(namespace).withLabel(Labels.RUN_ID, runId).delete());
        step(failures, "Telemetry", () -> client.resources(Telemetry.class).inNamespace(namespace).withLabel(Labels.RUN_ID, runId).delete());
        step(failures, "PeerAuthentication", () -> client.resources(PeerAuthentication.class).inNamespace(namespace)
                .withLabel(Labels.RUN_ID, runId).delete());
        awaitPodsGone(namespace, failures);
        Namespace ns = client.namespaces().withName(namespace).get();
        if (ns != null && runId.equals(ns.getMetadata().getLabels() == null ? null : ns.getMetadata().getLabels().get(Labels.RUN_ID))) {
            step(failures, "Namespace", () -> client.namespaces().withName(namespace).delete());
            try {
                client.namespaces().withName(namespace).waitUntilCondition(n -> n == null, wait.toMillis(), TimeUnit.MILLISECONDS);
            } catch (KubernetesClientException e) {
                failures.add("namespace " + namespace + " still terminating after " + wait.toSeconds() + " s — "
                        + "check 'kubectl get ns " + namespace + " -o yaml' for stuck finalizers");
            }
        }
        log.println("  teardown of " + namespace + (failures.isEmpty() ? " done" : " incomplete: " + failures));
        return failures;
    }

    /**
     * Waits until the garbage collector has removed the run's pods, so the next mode starts on
     * quiet nodes and a finished run holds no capacity.
     */
    private void awaitPodsGone(String namespace, List<String> failures) {
        try {
            client.pods().inNamespace(namespace).withLabel(Labels.RUN_ID, runId)
                    .informOnCondition(List::isEmpty).get(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.TimeoutException | java.util.concurrent.ExecutionException e) {
            failures.add("pods of this run in " + namespace + " still present after " + wait.toSeconds() + " s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            failures.add("interrupted while waiting for pods in " + namespace + " to go");
        }
    }

    /** Deletes one labelled generic object (an ArgoCD Application or AppProject) and waits until it is gone. */
    List<String> removeGeneric(ResourceDefinitionContext kind, String namespace, String name) {
        List<String> failures = new java.util.ArrayList<>();
        var resource = client.genericKubernetesResources(kind).inNamespace(namespace).withName(name);
        var current = resource.get();
        if (current == null) return failures;
        if (!runId.equals(current.getMetadata().getLabels() == null ? null : current.getMetadata().getLabels().get(Labels.RUN_ID))) {
            failures.add(kind.getKind() + " " + name + " does not carry this run's id; left alone");
            return failures;
        }
        step(failures, kind.getKind(), () -> resource.withPropagationPolicy(io.fabric8.kubernetes.api.model.DeletionPropagation.FOREGROUND).delete());
        try {
            resource.waitUntilCondition(r -> r == null, wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (KubernetesClientException e) {
            failures.add(kind.getKind() + " " + name + " still present after " + wait.toSeconds() + " s");
        }
        return failures;
    }

    private static void step(List<String> failures, String what, Runnable delete) {
        try {
            delete.run();
        } catch (KubernetesClientException e) {
            if (e.getCode() != 404) failures.add("deleting " + what + ": " + e.getMessage());
        }
    }
}
