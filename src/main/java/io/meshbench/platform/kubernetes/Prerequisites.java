package io.meshbench.platform.kubernetes;

import io.fabric8.kubernetes.api.model.APIService;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.VersionInfo;
import io.meshbench.core.MeshMode;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What a cluster needs before anything is created. Every check runs; each failure says what is
 * wrong and how to fix it, so one attempt shows the whole list.
 */
public final class Prerequisites {
    public static final int MIN_MINOR = 28;
    public static final int MIN_READY_NODES = 3;
    public static final String ISTIO_NAMESPACE = "istio-system";
    public static final String ARGOCD_NAMESPACE = "argocd";
    /**
     * Share of {@code -Dnode.memory.min} a node's reported capacity must reach. Nodes sold as
     * 16 GiB report about 15.3–15.7 GiB (firmware and kernel reservations, or 16 GB meaning 10^9),
     * so an exact comparison would refuse every one of them.
     */
    public static final double NODE_MEMORY_TOLERANCE = 0.9;

    private final KubernetesClient client;
    private final KubernetesSettings settings;

    public Prerequisites(KubernetesClient client, KubernetesSettings settings) {
        this.client = client;
        this.settings = settings;
    }

    public List<String> problems(List<MeshMode> modes) {
        List<String> problems = new ArrayList<>();
        guarded(problems, "Kubernetes version", () -> version(problems));
        List<Node> ready = new ArrayList<>();
        guarded(problems, "nodes", () -> nodes(problems, ready));
        if (!settings.injectors().nodeSelector().isEmpty()) {
            guarded(problems, "injector nodes", () -> injectorNodes(problems));
        }
        boolean meshed = modes.stream().anyMatch(MeshMode::meshed);
        if (meshed && !settings.bootstrapIstio()) {
            guarded(problems, "istiod", () -> istiod(problems));
            guarded(problems, "ztunnel", () -> ztunnel(problems, ready.size()));
        }
        if (modes.contains(MeshMode.WAYPOINT)) guarded(problems, "Gateway API", () -> gatewayApi(problems));
        if (settings.deploy() == KubernetesSettings.DeployMethod.ARGOCD || settings.bootstrapIstio()) {
            guarded(problems, "ArgoCD", () -> argocd(problems));
        }
        guarded(problems, "metrics.k8s.io", () -> metricsApi(problems));
        return problems;
    }

    private void version(List<String> problems) {
        VersionInfo v = client.getKubernetesVersion();
        int minor = Integer.parseInt(v.getMinor().replaceAll("\\D.*$", ""));
        int major = Integer.parseInt(v.getMajor().replaceAll("\\D.*$", ""));
        if (major < 1 || (major == 1 && minor < MIN_MINOR)) {
            problems.add("Kubernetes " + v.getMajor() + "." + v.getMinor() + " is too old: 1." + MIN_MINOR
                    + " or newer is needed (ambient mode and native sidecars) — upgrade the cluster or use another one");
        }
    }

    private void nodes(List<String> problems, List<Node> ready) {
        List<Node> nodes = client.nodes().list().getItems();
        List<Node> schedulable = new ArrayList<>();
        for (Node n : nodes) {
            boolean isReady = n.getStatus() != null && n.getStatus().getConditions() != null
                    && n.getStatus().getConditions().stream()
                    .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
            if (!isReady) continue;
            ready.add(n);
            boolean cordoned = n.getSpec() != null && Boolean.TRUE.equals(n.getSpec().getUnschedulable());
            boolean tainted = n.getSpec() != null && n.getSpec().getTaints() != null && n.getSpec().getTaints().stream()
                    .anyMatch(t -> "NoSchedule".equals(t.getEffect()) || "NoExecute".equals(t.getEffect()));
            if (!cordoned && !tainted) schedulable.add(n);
        }
        if (schedulable.size() < MIN_READY_NODES) {
            problems.add(schedulable.size() + " ready node(s) that take workloads, of " + nodes.size() + ": at least "
                    + MIN_READY_NODES + " are needed so calls cross nodes (ztunnel to ztunnel) — add nodes (kind: three "
                    + "'worker' entries in the cluster config), or fix the NotReady, cordoned or NoSchedule-tainted ones");
        }
        for (Node n : schedulable) {
            Quantity memory = n.getStatus().getCapacity() == null ? null : n.getStatus().getCapacity().get("memory");
            long bytes = memory == null ? 0 : Quantity.getAmountInBytes(memory).longValue();
            if (bytes < settings.nodeMemoryMinBytes() * NODE_MEMORY_TOLERANCE) {
                problems.add("node " + n.getMetadata().getName() + " has " + (memory == null ? "no reported" : memory)
                        + " memory, below the " + gib(settings.nodeMemoryMinBytes()) + " minimum (90% of it is accepted "
                        + "for reservations) — use larger nodes "
                        + "or lower the bar with -Dnode.memory.min=8Gi (services-per-node figures use it)");
            }
        }
    }

    /** {@code -Dinjectors.nodeSelector} must match at least one ready node, or no injector pod could start. */
    private void injectorNodes(List<String> problems) {
        Map<String, String> selector = settings.injectors().nodeSelector();
        List<Node> matching = client.nodes().withLabels(selector).list().getItems();
        String flag = "-Dinjectors.nodeSelector=" + selector.entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue()).collect(java.util.stream.Collectors.joining(","));
        if (matching.isEmpty()) {
            problems.add(flag + " matches no node of the cluster, so no injector pod could be scheduled — label the nodes "
                    + "meant for load (kubectl label node <node> " + selector.entrySet().iterator().next().getKey() + "="
                    + selector.entrySet().iterator().next().getValue() + ") or drop the flag");
            return;
        }
        boolean anyReady = matching.stream().anyMatch(n -> n.getStatus() != null && n.getStatus().getConditions() != null
                && n.getStatus().getConditions().stream().anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus())));
        if (!anyReady) {
            problems.add(flag + " matches only nodes that are not Ready ("
                    + matching.stream().map(n -> n.getMetadata().getName()).toList() + ") — fix them or label a ready node");
        }
    }

    private void istiod(List<String> problems) {
        var istiod = client.apps().deployments().inNamespace(ISTIO_NAMESPACE).withName("istiod").get();
        if (istiod == null) {
            problems.add("istiod is not installed in " + ISTIO_NAMESPACE + " — install Istio " + settings.istioVersion()
                    + " with the ambient profile (istioctl install --set profile=ambient) or add -Dbootstrap=istio");
            return;
        }
        String image = istiod.getSpec().getTemplate().getSpec().getContainers().get(0).getImage();
        if (!image.endsWith(":" + settings.istioVersion()) && !image.contains(":" + settings.istioVersion() + "-")) {
            problems.add("istiod runs " + image + ", not the pinned version " + settings.istioVersion()
                    + " — upgrade/downgrade Istio to it or set -Distio.version to the installed one");
        }
        Integer readyReplicas = istiod.getStatus() == null ? null : istiod.getStatus().getReadyReplicas();
        if (readyReplicas == null || readyReplicas < 1) {
            problems.add("istiod has no ready replica — check 'kubectl -n " + ISTIO_NAMESPACE + " describe deploy istiod'");
        }
    }

    private void ztunnel(List<String> problems, int readyNodes) {
        DaemonSet ds = client.apps().daemonSets().inNamespace(ISTIO_NAMESPACE).withName("ztunnel").get();
        if (ds == null) {
            problems.add("no ztunnel DaemonSet in " + ISTIO_NAMESPACE + ": Istio is not installed with the ambient "
                    + "profile — reinstall with profile=ambient (istioctl or the ztunnel Helm chart) or add -Dbootstrap=istio");
            return;
        }
        int ready = ds.getStatus() == null || ds.getStatus().getNumberReady() == null ? 0 : ds.getStatus().getNumberReady();
        if (ready < readyNodes) {
            problems.add("ztunnel is ready on " + ready + " of " + readyNodes + " ready nodes — every node needs one; "
                    + "check 'kubectl -n " + ISTIO_NAMESPACE + " get pods -l app=ztunnel -o wide'");
        }
    }

    private void gatewayApi(List<String> problems) {
        if (client.apiextensions().v1().customResourceDefinitions().withName("gateways.gateway.networking.k8s.io").get() == null) {
            problems.add("the waypoint mode needs the Gateway API CRDs — install them: kubectl apply -f "
                    + "https://github.com/kubernetes-sigs/gateway-api/releases/download/v1.1.0/standard-install.yaml");
        }
    }

    private void argocd(List<String> problems) {
        if (client.apiextensions().v1().customResourceDefinitions().withName("applications.argoproj.io").get() == null) {
            problems.add("ArgoCD's Application CRD (applications.argoproj.io) is missing — install ArgoCD "
                    + "(kubectl create ns argocd; kubectl apply -n argocd -f https://raw.githubusercontent.com/argoproj/"
                    + "argo-cd/stable/manifests/install.yaml) or deploy without it with -Ddeploy=direct");
        }
        var server = client.apps().deployments().inNamespace(ARGOCD_NAMESPACE).withName("argocd-server").get();
        Integer ready = server == null || server.getStatus() == null ? null : server.getStatus().getReadyReplicas();
        if (ready == null || ready < 1) {
            problems.add("the ArgoCD server (deployment argocd-server in namespace " + ARGOCD_NAMESPACE + ") is "
                    + (server == null ? "not installed" : "not ready") + " — install or repair ArgoCD, or use -Ddeploy=direct");
        }
    }

    private void metricsApi(List<String> problems) {
        APIService api = client.apiServices().withName("v1beta1.metrics.k8s.io").get();
        boolean available = api != null && api.getStatus() != null && api.getStatus().getConditions() != null
                && api.getStatus().getConditions().stream()
                .anyMatch(c -> "Available".equals(c.getType()) && "True".equals(c.getStatus()));
        if (!available) {
            problems.add("metrics.k8s.io is " + (api == null ? "not served" : "not available")
                    + ": memory and CPU are sampled from it — install metrics-server (kubectl apply -f https://github.com/"
                    + "kubernetes-sigs/metrics-server/releases/latest/download/components.yaml; on kind add "
                    + "--kubelet-insecure-tls to its args)");
        }
    }

    private void guarded(List<String> problems, String what, Runnable check) {
        try {
            check.run();
        } catch (KubernetesClientException e) {
            // The cause (refused, DNS, TLS, 401, 403 with its verb and resource) and its fix, not just a code.
            problems.add("could not check " + what + ": "
                    + ApiServerProbe.diagnose(e, settings.context(), String.valueOf(client.getMasterUrl())));
        } catch (RuntimeException e) {
            problems.add("could not check " + what + ": " + e.getMessage());
        }
    }

    private static String gib(long bytes) {
        return (bytes % (1L << 30) == 0) ? (bytes >> 30) + "Gi" : (bytes >> 20) + "Mi";
    }
}
