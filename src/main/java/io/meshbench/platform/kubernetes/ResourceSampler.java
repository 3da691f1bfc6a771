package io.meshbench.platform.kubernetes;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.metrics.v1beta1.ContainerMetrics;
import io.fabric8.kubernetes.api.model.metrics.v1beta1.PodMetrics;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.meshbench.metrics.ResourceUsage;
import io.meshbench.metrics.ResourceWindow;
import io.meshbench.core.MeshMode;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Samples metrics.k8s.io through a window and attributes it per pod: the workload container vs
 * the {@code istio-proxy} sidecar container; for ambient each node's ztunnel split over the run's
 * pods on that node, plus the waypoint pods split over all pods.
 */
final class ResourceSampler implements ResourceWindow {
    static final String PROXY_CONTAINER = "istio-proxy";
    static final String WAYPOINT_LABEL = "gateway.networking.k8s.io/gateway-name";

    private final KubernetesClient client;
    private final String namespace;
    private final String runId;
    private final MeshMode mode;
    private final Instant started = Instant.now();
    private final List<Sample> samples = new ArrayList<>();
    private final List<String> errors = new ArrayList<>();
    private final ScheduledExecutorService timer;

    /** One reading: per-pod means of that instant. */
    record Sample(int pods, int nodes, double meshMemory, double meshCpu, double workloadMemory,
                  double workloadCpu, double daemonMemoryPerNode) {
    }

    ResourceSampler(KubernetesClient client, String namespace, String runId, MeshMode mode, Duration interval) {
        this.client = client;
        this.namespace = namespace;
        this.runId = runId;
        this.mode = mode;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "meshbench-metrics-" + mode.id());
            t.setDaemon(true);
            return t;
        });
        timer.scheduleWithFixedDelay(this::sampleQuietly, 0, Math.max(50, interval.toMillis()), TimeUnit.MILLISECONDS);
    }

    private void sampleQuietly() {
        try {
            Sample s = sample();
            synchronized (this) {
                if (s != null) samples.add(s);
            }
        } catch (RuntimeException e) { // an exception would silently end the scheduled sampling
            synchronized (this) {
                if (errors.size() < 5) errors.add(e.toString());
            }
        }
    }

    Sample sample() {
        Map<String, Pod> pods = new HashMap<>();
        for (Pod p : client.pods().inNamespace(namespace).withLabel(Labels.RUN_ID, runId).list().getItems()) {
            if (InjectorJobRenderer.isInjector(p)) continue;   // the load generator is not what is measured
            pods.put(p.getMetadata().getName(), p);
        }
        List<PodMetrics> usage = client.top().pods().metrics(namespace).getItems();
        int workloadPods = 0;
        double workloadMem = 0, workloadCpu = 0, proxyMem = 0, proxyCpu = 0, waypointMem = 0, waypointCpu = 0;
        Map<String, Integer> podsPerNode = new HashMap<>();
        for (PodMetrics m : usage) {
            String name = m.getMetadata().getName();
            Pod pod = pods.get(name);
            boolean waypoint = name.startsWith(ManifestRenderer.WAYPOINT_NAME)
                    || (pod != null && pod.getMetadata().getLabels().containsKey(WAYPOINT_LABEL));
            if (waypoint) {
                for (ContainerMetrics c : m.getContainers()) {
                    waypointMem += bytes(c);
                    waypointCpu += millicores(c);
                }
                continue;
            }
            if (pod == null) continue; // not one of this run's workload pods
            workloadPods++;
            String node = pod.getSpec() == null ? null : pod.getSpec().getNodeName();
            podsPerNode.merge(node == null ? "?" : node, 1, Integer::sum);
            for (ContainerMetrics c : m.getContainers()) {
                if (PROXY_CONTAINER.equals(c.getName())) {
                    proxyMem += bytes(c);
                    proxyCpu += millicores(c);
                } else {
                    workloadMem += bytes(c);
                    workloadCpu += millicores(c);
                }
            }
        }
        if (workloadPods == 0) return null;
        double meshMem = 0, meshCpu = 0, daemonPerNode = 0;
        switch (mode) {
            case SIDECAR -> {
                meshMem = proxyMem;
                meshCpu = proxyCpu;
            }
            case AMBIENT, WAYPOINT -> {
                ZtunnelUsage z = ztunnels();
                // Each pod is charged its node's ztunnel divided by the run's pods on that node.
                for (Map.Entry<String, Integer> e : podsPerNode.entrySet()) {
                    double[] onNode = z.byNode().getOrDefault(e.getKey(), new double[2]);
                    meshMem += onNode[0];
                    meshCpu += onNode[1];
                }
                meshMem += waypointMem;
                meshCpu += waypointCpu;
                daemonPerNode = z.meanMemoryPerNode();
            }
            case BASELINE -> { }
        }
        return new Sample(workloadPods, podsPerNode.size(), meshMem / workloadPods, meshCpu / workloadPods,
                workloadMem / workloadPods, workloadCpu / workloadPods, daemonPerNode);
    }

    record ZtunnelUsage(Map<String, double[]> byNode, double meanMemoryPerNode) {
    }

    private ZtunnelUsage ztunnels() {
        Map<String, String> nodeOf = new HashMap<>();
        for (Pod p : client.pods().inNamespace(Prerequisites.ISTIO_NAMESPACE).withLabel("app", "ztunnel").list().getItems()) {
            nodeOf.put(p.getMetadata().getName(), p.getSpec() == null ? null : p.getSpec().getNodeName());
        }
        Map<String, double[]> byNode = new HashMap<>();
        for (PodMetrics m : client.top().pods().metrics(Prerequisites.ISTIO_NAMESPACE).getItems()) {
            String node = nodeOf.get(m.getMetadata().getName());
            if (node == null) continue;
            double[] sum = byNode.computeIfAbsent(node, n -> new double[2]);
            for (ContainerMetrics c : m.getContainers()) {
                sum[0] += bytes(c);
                sum[1] += millicores(c);
            }
        }
        double mean = byNode.values().stream().mapToDouble(v -> v[0]).average().orElse(Double.NaN);
        return new ZtunnelUsage(byNode, mean);
    }

    private static double bytes(ContainerMetrics c) {
        Quantity q = c.getUsage() == null ? null : c.getUsage().get("memory");
        return q == null ? 0 : Quantity.getAmountInBytes(q).doubleValue();
    }

    private static double millicores(ContainerMetrics c) {
        Quantity q = c.getUsage() == null ? null : c.getUsage().get("cpu");
        return q == null ? 0 : Quantity.getAmountInBytes(q).multiply(BigDecimal.valueOf(1000)).doubleValue();
    }

    @Override
    public ResourceUsage finish() {
        timer.shutdownNow();
        List<Sample> taken;
        List<String> failed;
        synchronized (this) {
            if (samples.isEmpty()) sampleQuietly();
            taken = List.copyOf(samples);
            failed = List.copyOf(errors);
        }
        double seconds = Duration.between(started, Instant.now()).toMillis() / 1000.0;
        String method = "metrics.k8s.io, " + taken.size() + " samples; " + attribution()
                + (failed.isEmpty() ? "" : "; sampling errors: " + failed);
        if (taken.isEmpty()) {
            return new ResourceUsage(seconds, 0, 0, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN,
                    method + "; nothing measured");
        }
        Sample last = taken.get(taken.size() - 1);
        return new ResourceUsage(seconds, last.pods(), last.nodes(),
                mean(taken, Sample::meshMemory), mean(taken, Sample::meshCpu),
                mean(taken, Sample::workloadMemory), mean(taken, Sample::workloadCpu),
                mean(taken, Sample::daemonMemoryPerNode), method);
    }

    private String attribution() {
        return switch (mode) {
            case BASELINE -> "no mesh: overhead 0";
            case SIDECAR -> "mesh = istio-proxy container working set/CPU per pod";
            case AMBIENT -> "mesh = each node's ztunnel ÷ this run's pods on that node";
            case WAYPOINT -> "mesh = each node's ztunnel ÷ this run's pods on that node + waypoint pods ÷ all pods";
        };
    }

    private static double mean(List<Sample> samples, java.util.function.ToDoubleFunction<Sample> f) {
        return samples.stream().mapToDouble(f).average().orElse(Double.NaN);
    }
}
