package io.meshbench.platform.kubernetes;

import io.fabric8.kubernetes.api.model.NamedContext;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.meshbench.platform.PlatformException;

import java.io.PrintStream;
import java.nio.file.Files;
import java.util.List;

/**
 * Chooses the cluster safely: kubeconfig from {@code -Dkubeconfig} or the usual places
 * ({@code KUBECONFIG}, {@code ~/.kube/config}), but only the context named with
 * {@code -Dkube.context}; never the one a laptop happens to have selected.
 */
public final class ClusterConnection {

    private ClusterConnection() {
    }

    public static KubernetesClient open(KubernetesSettings settings, PrintStream log) throws PlatformException {
        List<String> problems = contextProblems(settings.context(), settings.kubeconfig());
        if (!problems.isEmpty()) throw new PlatformException(problems, null);
        Config config = settings.kubeconfig() == null ? Config.autoConfigure(settings.context())
                : Config.fromKubeconfig(settings.context(), settings.kubeconfig().toFile());
        log.println("kubernetes target: context " + settings.context() + ", API server " + config.getMasterUrl());
        return new KubernetesClientBuilder().withConfig(config).build();
    }

    /**
     * What is wrong with a context choice, read from the kubeconfig alone (nothing is contacted),
     * so the run can list it with every other input problem. Empty when the context can be used.
     */
    public static List<String> contextProblems(String context, java.nio.file.Path kubeconfig) {
        if (kubeconfig != null && !Files.isReadable(kubeconfig)) {
            return List.of("-Dkubeconfig=" + kubeconfig + " is not a readable file; "
                    + "point it at your kubeconfig or leave it out to use KUBECONFIG / ~/.kube/config");
        }
        Config all;
        try {
            all = kubeconfig == null ? Config.autoConfigure(null) : Config.fromKubeconfig(null, kubeconfig.toFile());
        } catch (RuntimeException e) {
            return List.of("cannot read the kubeconfig" + (kubeconfig == null ? "" : " " + kubeconfig) + ": " + e.getMessage());
        }
        List<String> names = all.getContexts() == null ? List.of()
                : all.getContexts().stream().map(NamedContext::getName).toList();
        String current = all.getCurrentContext() == null ? "none" : all.getCurrentContext().getName();
        if (context == null) {
            return List.of("refusing to choose a cluster: name the kubeconfig context with "
                    + "-Dkube.context=<name> (contexts: " + (names.isEmpty() ? "none found" : String.join(", ", names))
                    + "; currently selected: " + current + ", which is not used unless named)");
        }
        if (!names.contains(context)) {
            return List.of("kubeconfig has no context '" + context + "'; contexts: "
                    + (names.isEmpty() ? "none found" : String.join(", ", names))
                    + " — fix -Dkube.context or point -Dkubeconfig at the right file");
        }
        return List.of();
    }
}
