package io.meshbench.platform.kubernetes;

import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirementBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.meshbench.core.InjectorOrder;
import io.meshbench.core.MeshMode;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The Kubernetes Job that injects one phase's entry traffic from inside the cluster: an Indexed Job
 * of N pods ({@code parallelism = completions = N}) that all wait for the same wall-clock start,
 * each carrying 1/N of the open-model rate, in the measured mode's namespace so their requests enter
 * the mesh as a client pod's do (a sidecar in sidecar mode, the node's ztunnel in ambient mode).
 *
 * <p>Pods carry the run id, the mode and {@value #ROLE}={@value #INJECTOR}, which keeps them out of
 * the mode's resource and data-plane figures. A preferred pod anti-affinity keeps them off the nodes
 * of the run's workload pods where the cluster has room; {@code -Dinjectors.nodeSelector} makes it
 * a requirement.
 */
public final class InjectorJobRenderer {
    /** Label on every injector pod and Job. */
    public static final String ROLE = "meshbench.io/role";
    public static final String INJECTOR = "injector";
    public static final String CONTAINER = "injector";
    /** Kubernetes sets it on an Indexed Job's pods; the injector prints it with its result. */
    public static final String INDEX_ENV = "JOB_COMPLETION_INDEX";
    /** After the start, the pods get the phase plus this to finish before Kubernetes stops them. */
    static final Duration DEADLINE_MARGIN = Duration.ofMinutes(2);

    private InjectorJobRenderer() {
    }

    /** An injector pod: left out of the mode's resource and data-plane figures. */
    public static boolean isInjector(io.fabric8.kubernetes.api.model.Pod pod) {
        return pod.getMetadata().getLabels() != null && INJECTOR.equals(pod.getMetadata().getLabels().get(ROLE));
    }

    /**
     * @param jobName   a DNS label unique among the run's Jobs
     * @param injectors N; {@code order.ratePerInjector()} is already 1/N of the phase's rate
     */
    public static Job render(KubernetesSettings settings, MeshMode mode, String namespace, String jobName,
                             int injectors, InjectorOrder order) {
        InjectorSettings inj = settings.injectors();
        List<EnvVar> env = new ArrayList<>();
        for (Map.Entry<String, String> e : order.toEnv().entrySet()) {
            env.add(new EnvVarBuilder().withName(e.getKey()).withValue(e.getValue()).build());
        }
        long deadline = inj.startDelay().plus(order.duration()).plus(DEADLINE_MARGIN).toSeconds();
        return new JobBuilder()
                .withNewMetadata().withName(jobName).withNamespace(namespace)
                    .addToLabels(Labels.RUN_ID, settings.runId()).addToLabels(Labels.MODE, mode.id())
                    .addToLabels(ROLE, INJECTOR)
                .endMetadata()
                .withNewSpec()
                    .withCompletionMode("Indexed")
                    .withParallelism(injectors).withCompletions(injectors)
                    .withBackoffLimit(0)                       // a failed injector fails the phase, never reruns it
                    .withActiveDeadlineSeconds(deadline)
                    .withNewTemplate()
                        .withNewMetadata()
                            .addToLabels(Labels.RUN_ID, settings.runId()).addToLabels(Labels.MODE, mode.id())
                            .addToLabels(ROLE, INJECTOR).addToLabels("job-name", jobName)
                        .endMetadata()
                        .withNewSpec()
                            .withRestartPolicy("Never")
                            .withNodeSelector(inj.nodeSelector().isEmpty() ? null : inj.nodeSelector())
                            .withNewAffinity().withNewPodAntiAffinity()
                                .addNewPreferredDuringSchedulingIgnoredDuringExecution().withWeight(100)
                                    .withNewPodAffinityTerm().withTopologyKey("kubernetes.io/hostname")
                                        .withNewLabelSelector()
                                            .addToMatchLabels(Labels.RUN_ID, settings.runId())
                                            .addToMatchExpressions(new LabelSelectorRequirementBuilder()
                                                    .withKey(Labels.SERVICE).withOperator("Exists").build())
                                        .endLabelSelector()
                                    .endPodAffinityTerm()
                                .endPreferredDuringSchedulingIgnoredDuringExecution()
                            .endPodAntiAffinity().endAffinity()
                            .addNewContainer().withName(CONTAINER).withImage(inj.image())
                                .withEnv(env)
                                .withNewResources()
                                    .addToRequests("cpu", new Quantity("1")).addToRequests("memory", new Quantity("1Gi"))
                                    .addToLimits("cpu", new Quantity("2")).addToLimits("memory", new Quantity("2Gi"))
                                .endResources()
                                .withNewSecurityContext().withRunAsNonRoot(true).withAllowPrivilegeEscalation(false).endSecurityContext()
                            .endContainer()
                        .endSpec()
                    .endTemplate()
                .endSpec()
                .build();
    }
}
