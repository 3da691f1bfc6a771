package io.meshbench.platform.kubernetes;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.meshbench.metrics.LatencyRecording;
import io.meshbench.metrics.PodStartup;
import io.meshbench.metrics.ResourceWindow;
import io.meshbench.platform.Deployment;
import io.meshbench.platform.Disruptor;
import io.meshbench.platform.EntryInjection;
import io.meshbench.core.EntryPoint;
import io.meshbench.core.MeshMode;
import io.meshbench.core.MetricsSource;
import io.meshbench.platform.PlatformException;
import io.meshbench.workload.LatencyLogs;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/** One mode running on the cluster. Closing it tears its objects down (unless -Dkeep=true). */
public final class KubernetesDeployment implements Deployment {
    private final KubernetesClient client;
    private final KubernetesSettings settings;
    private final RenderedMode rendered;
    private final List<PodStartup> startups;
    private final DeployTiming timing;
    private final EntryAccess entryAccess;
    private final Consumer<KubernetesDeployment> onClose;
    private final Disruptor disruptor;
    private final InjectorJobRunner injectors;
    private List<EntryPoint> entryPoints;
    private boolean closed;

    KubernetesDeployment(KubernetesClient client, KubernetesSettings settings, RenderedMode rendered,
                         List<PodStartup> startups, DeployTiming timing, EntryAccess entryAccess,
                         Consumer<KubernetesDeployment> onClose, Disruptor disruptor, InjectorJobRunner injectors) {
        this.client = client;
        this.settings = settings;
        this.rendered = rendered;
        this.startups = List.copyOf(startups);
        this.timing = timing;
        this.entryAccess = entryAccess;
        this.onClose = onClose;
        this.disruptor = disruptor;
        this.injectors = injectors;
    }

    /**
     * Entry traffic from an injector Job in this mode's namespace, to each entry Service's
     * cluster-internal name ({@link #inClusterEntryUrls()}); empty when the platform was built without one.
     */
    @Override
    public Optional<EntryInjection> entryInjection() {
        if (injectors == null) return Optional.empty();
        return Optional.of((requestNameOfService, phaseRps, duration, phase) -> {
            List<String> names = new ArrayList<>();
            List<java.net.URI> urls = new ArrayList<>();
            for (HasMetadata service : rendered.entryServices()) {
                names.add(requestNameOfService.apply(service.getMetadata().getLabels().get(Labels.SERVICE)));
                urls.add(inClusterUrl(service));
            }
            return injectors.run(mode(), namespace(), names, urls, phaseRps, duration, phase).merged();
        });
    }

    /** The entry Services as a pod in the cluster reaches them (cluster DNS, the workload port). */
    public List<java.net.URI> inClusterEntryUrls() {
        return rendered.entryServices().stream().map(this::inClusterUrl).toList();
    }

    private java.net.URI inClusterUrl(HasMetadata service) {
        return java.net.URI.create("http://" + service.getMetadata().getName() + "." + namespace() + ".svc.cluster.local:"
                + ManifestRenderer.WORKLOAD_PORT + "/");
    }

    /** Pod deletes, ztunnel restarts and GitOps rollouts on this mode's namespace ({@link KubernetesDisruptor}). */
    @Override
    public Optional<Disruptor> disruptor() {
        return Optional.ofNullable(disruptor);
    }

    @Override
    public MeshMode mode() {
        return rendered.mode();
    }

    public String namespace() {
        return rendered.namespace();
    }

    public RenderedMode rendered() {
        return rendered;
    }

    /** When ArgoCD (or the direct apply) started and finished getting the mode onto the cluster. */
    public DeployTiming deployTiming() {
        return timing;
    }

    @Override
    public List<PodStartup> podStartups() {
        return startups;
    }

    /** Opens one port-forward per entry Service the first time it is asked. */
    @Override
    public synchronized List<EntryPoint> entryPoints() {
        if (entryPoints == null) {
            List<EntryPoint> out = new ArrayList<>();
            for (HasMetadata service : rendered.entryServices()) {
                String app = service.getMetadata().getLabels().get(Labels.SERVICE);
                try {
                    out.add(new EntryPoint(app, entryAccess.open(namespace(), service.getMetadata().getName(),
                            ManifestRenderer.WORKLOAD_PORT)));
                } catch (PlatformException e) {
                    throw new IllegalStateException(e.getMessage(), e);
                }
            }
            entryPoints = List.copyOf(out);
        }
        return entryPoints;
    }

    @Override
    public ResourceWindow startResourceWindow() {
        return new ResourceSampler(client, namespace(), settings.runId(), mode(), settings.pollInterval());
    }

    /**
     * Envoy sidecars (:15090) of this mode's pods, waypoint pods (:15090) and the ztunnels (:15020)
     * of the nodes they run on, all read through the API server's pod proxy. Which expected
     * metric names are missing is reported by {@code metrics.scrape.MetricsScraper}.
     */
    @Override
    public List<MetricsSource> dataPlaneMetrics() {
        List<MetricsSource> out = new ArrayList<>();
        if (!mode().meshed()) return out;
        List<String> nodes = new ArrayList<>();
        for (Pod pod : client.pods().inNamespace(namespace()).list().getItems()) {
            if (InjectorJobRenderer.isInjector(pod)) continue;   // an injector's sidecar is the load generator's
            String name = pod.getMetadata().getName();
            if (pod.getSpec() != null && pod.getSpec().getNodeName() != null && !nodes.contains(pod.getSpec().getNodeName())) {
                nodes.add(pod.getSpec().getNodeName());
            }
            boolean waypoint = pod.getMetadata().getLabels() != null
                    && pod.getMetadata().getLabels().containsKey(ResourceSampler.WAYPOINT_LABEL);
            boolean sidecar = hasContainer(pod, ResourceSampler.PROXY_CONTAINER);
            if (waypoint) {
                out.add(new PodProxyMetricsSource(client, namespace(), name, PodProxyMetricsSource.ENVOY_PORT,
                        PodProxyMetricsSource.PROMETHEUS_PATH, "waypoint", name));
            } else if (sidecar) {
                out.add(new PodProxyMetricsSource(client, namespace(), name, PodProxyMetricsSource.ENVOY_PORT,
                        PodProxyMetricsSource.PROMETHEUS_PATH, "sidecar", name + "." + ResourceSampler.PROXY_CONTAINER));
            }
        }
        if (mode() == MeshMode.AMBIENT || mode() == MeshMode.WAYPOINT) {
            for (Pod z : client.pods().inNamespace(Prerequisites.ISTIO_NAMESPACE).withLabel("app", "ztunnel").list().getItems()) {
                if (z.getSpec() != null && nodes.contains(z.getSpec().getNodeName())) {
                    out.add(new PodProxyMetricsSource(client, Prerequisites.ISTIO_NAMESPACE, z.getMetadata().getName(),
                            PodProxyMetricsSource.ZTUNNEL_PORT, PodProxyMetricsSource.PROMETHEUS_PATH, "ztunnel",
                            z.getMetadata().getName()));
                }
            }
        }
        return out;
    }

    /**
     * Every workload pod of the run as it is now (listed afresh at each call, so a replaced pod's
     * successor is there), its {@code /metrics} on the workload port read through the API server's
     * pod proxy like the data plane's; the per-second, per-service timelines of the disruption
     * scenarios come from these. The load generator's pods are not workloads.
     */
    @Override
    public List<MetricsSource> workloadMetrics() {
        List<MetricsSource> out = new ArrayList<>();
        for (Pod pod : client.pods().inNamespace(namespace()).withLabel(Labels.RUN_ID, settings.runId()).list().getItems()) {
            if (InjectorJobRenderer.isInjector(pod)) continue;
            if (pod.getMetadata().getDeletionTimestamp() != null) continue;   // being deleted: its successor counts
            String name = pod.getMetadata().getName();
            out.add(new PodProxyMetricsSource(client, namespace(), name, ManifestRenderer.WORKLOAD_PORT, WORKLOAD_METRICS_PATH,
                    "workload", name));
        }
        return out;
    }

    /** Where the workload serves its Prometheus text (its own counters, not the proxy's). */
    static final String WORKLOAD_METRICS_PATH = "metrics";

    /**
     * Reads every workload pod's {@code /meshbench/latency} log through the pod proxy and merges
     * them with the workload's own reader ({@link LatencyLogs}).
     */
    @Override
    public LatencyRecording collectLatency() throws PlatformException {
        List<String> logs = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        for (Pod pod : client.pods().inNamespace(namespace()).withLabel(Labels.RUN_ID, settings.runId()).list().getItems()) {
            String uri = PodProxyMetricsSource.proxyPath(namespace(), pod.getMetadata().getName(),
                    ManifestRenderer.WORKLOAD_PORT, "meshbench/latency");
            try {
                logs.add(PodProxyMetricsSource.get(client, uri, pod.getMetadata().getName()));
            } catch (IOException | RuntimeException e) {
                failures.add(e.getMessage());
            }
        }
        if (!failures.isEmpty()) throw new PlatformException(failures, null);
        try {
            return LatencyLogs.parse(logs);
        } catch (IllegalArgumentException e) {
            throw new PlatformException("a workload's latency log could not be read: " + e.getMessage(), e);
        }
    }

    private static boolean hasContainer(Pod pod, String name) {
        if (pod.getSpec() != null && pod.getSpec().getContainers().stream().anyMatch(c -> name.equals(c.getName()))) return true;
        if (pod.getSpec() != null && pod.getSpec().getInitContainers() != null
                && pod.getSpec().getInitContainers().stream().anyMatch(c -> name.equals(c.getName()))) {
            return true; // native sidecar (restartPolicy: Always init container)
        }
        List<ContainerStatus> statuses = pod.getStatus() == null ? List.of() : pod.getStatus().getContainerStatuses();
        return statuses != null && statuses.stream().anyMatch(s -> name.equals(s.getName()));
    }

    @Override
    public void close() {
        synchronized (this) {
            if (closed) return;
            closed = true;
        }
        entryAccess.close();
        onClose.accept(this);
    }
}
