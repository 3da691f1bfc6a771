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
        if (settings.kubeconfig() != null && !Files.isReadable(settings.kubeconfig())) {
            throw new PlatformException("-Dkubeconfig=" + settings.kubeconfig() + " is not a readable file; "
                    + "point it at your kubeconfig or leave it out to use KUBECONFIG / ~/.kube/config");
        }
        Config all = settings.kubeconfig() == null ? Config.autoConfigure(null)
                : Config.fromKubeconfig(null, settings.kubeconfig().toFile());
        List<String> names = all.getContexts() == null ? List.of()
                : all.getContexts().stream().map(NamedContext::getName).toList();
        String current = all.getCurrentContext() == null ? "none" : all.getCurrentContext().getName();
        if (settings.context() == null) {
            throw new PlatformException("refusing to choose a cluster: name the kubeconfig context with "
                    + "-Dkube.context=<name> (contexts: " + (names.isEmpty() ? "none found" : String.join(", ", names))
                    + "; currently selected: " + current + ", which is not used unless named)");
        }
        if (!names.contains(settings.context())) {
            throw new PlatformException("kubeconfig has no context '" + settings.context() + "'; contexts: "
                    + (names.isEmpty() ? "none found" : String.join(", ", names))
                    + " — fix -Dkube.context or point -Dkubeconfig at the right file");
        }
        Config config = settings.kubeconfig() == null ? Config.autoConfigure(settings.context())
                : Config.fromKubeconfig(settings.context(), settings.kubeconfig().toFile());
        log.println("kubernetes target: context " + settings.context() + ", API server " + config.getMasterUrl());
        return new KubernetesClientBuilder().withConfig(config).build();
    }
}
