package io.meshbench.platform.kubernetes;

import io.fabric8.istio.api.api.security.v1beta1.PeerAuthenticationMutualTLSMode;
import io.fabric8.istio.api.security.v1.PeerAuthenticationBuilder;
import io.fabric8.istio.api.telemetry.v1.TelemetryBuilder;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.meshbench.core.MeshMode;
import io.meshbench.topology.Service;
import io.meshbench.topology.Topology;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns a topology and a mode into Kubernetes objects with fabric8 builders: a namespace labelled
 * for the mode, per service a ServiceAccount (its mesh identity), Deployment and Service, a STRICT
 * PeerAuthentication and a Telemetry per meshed namespace, a waypoint for the waypoint mode and an
 * entry Service per entry point. Every object carries the run id and its sync wave.
 */
public final class ManifestRenderer {
    public static final int WORKLOAD_PORT = 8080;
    public static final String TOPOLOGY_CONFIG_MAP = "meshbench-topology";
    public static final String TOPOLOGY_MOUNT = "/etc/meshbench";
    public static final String TOPOLOGY_FILE = "topology.yaml";
    public static final String WAYPOINT_NAME = "waypoint";
    public static final String ENTRY_SUFFIX = "-entry";
    /** Workload container name; the sidecar is {@code istio-proxy}. */
    public static final String WORKLOAD_CONTAINER = "workload";
    /** The version label of the rendered pods; a bad rollout adds {@code v2} beside them. */
    public static final String FIRST_VERSION = "v1";

    private final KubernetesSettings settings;

    public ManifestRenderer(KubernetesSettings settings) {
        this.settings = settings;
    }

    public RenderedMode render(Topology topology, MeshMode mode) {
        String ns = settings.namespace(mode);
        List<HasMetadata> out = new ArrayList<>();
        out.add(namespace(ns, mode));
        if (mode.meshed()) {
            out.add(peerAuthentication(ns, mode));
            out.add(telemetry(ns, mode));
        }
        out.add(new ConfigMapBuilder()
                .withMetadata(meta(TOPOLOGY_CONFIG_MAP, ns, mode, Wave.CONFIG, null))
                .addToData(TOPOLOGY_FILE, TopologyDocument.yaml(topology))
                .build());
        for (Service service : topology.services()) {
            out.add(new ServiceAccountBuilder()
                    .withMetadata(meta(service.name(), ns, mode, Wave.CONFIG, service.name())).build());
            out.add(deployment(ns, mode, service));
            out.add(service(service.name(), ns, mode, service.name(), Wave.WORKLOADS, false));
            if (service.entrypoint()) {
                out.add(service(service.name() + ENTRY_SUFFIX, ns, mode, service.name(), Wave.ROUTING, true));
            }
        }
        if (mode == MeshMode.WAYPOINT) out.add(waypoint(ns, mode));
        return new RenderedMode(mode, ns, out);
    }

    private HasMetadata namespace(String ns, MeshMode mode) {
        ObjectMeta meta = meta(ns, null, mode, Wave.POLICIES, null);
        switch (mode) {
            case SIDECAR -> meta.getLabels().put(Labels.INJECTION, "enabled");
            case AMBIENT -> meta.getLabels().put(Labels.DATAPLANE_MODE, "ambient");
            case WAYPOINT -> {
                meta.getLabels().put(Labels.DATAPLANE_MODE, "ambient");
                meta.getLabels().put(Labels.USE_WAYPOINT, WAYPOINT_NAME);
            }
            case BASELINE -> { }
        }
        return new NamespaceBuilder().withMetadata(meta).build();
    }

    private HasMetadata peerAuthentication(String ns, MeshMode mode) {
        return new PeerAuthenticationBuilder()
                .withMetadata(meta("strict-mtls", ns, mode, Wave.POLICIES, null))
                .withNewSpec().withNewMtls().withMode(PeerAuthenticationMutualTLSMode.STRICT).endMtls().endSpec()
                .build();
    }

    /** Keeps Istio's standard Prometheus metrics on for the namespace, whatever the mesh default. */
    private HasMetadata telemetry(String ns, MeshMode mode) {
        return new TelemetryBuilder()
                .withMetadata(meta("meshbench-metrics", ns, mode, Wave.POLICIES, null))
                .withNewSpec().addNewMetric().addNewProvider("prometheus").endMetric().endSpec()
                .build();
    }

    private HasMetadata deployment(String ns, MeshMode mode, Service service) {
        Map<String, String> podLabels = new LinkedHashMap<>();
        podLabels.put(Labels.APP, service.name());
        podLabels.put(Labels.SERVICE, service.name());
        podLabels.put(Labels.VERSION, FIRST_VERSION);
        podLabels.put(Labels.RUN_ID, settings.runId());
        podLabels.put(Labels.MODE, mode.id());
        Map<String, String> podAnnotations = new LinkedHashMap<>();
        if (mode == MeshMode.SIDECAR) {
            // Pins the Envoy the sidecar runs, whatever istiod's injector would default to.
            podAnnotations.put(Labels.PROXY_IMAGE, "docker.io/istio/proxyv2:" + settings.istioVersion());
        }
        return new DeploymentBuilder()
                .withMetadata(meta(service.name(), ns, mode, Wave.WORKLOADS, service.name()))
                .withNewSpec()
                .withReplicas(service.replicas())
                .withNewSelector().addToMatchLabels(Labels.APP, service.name()).endSelector()
                .withNewTemplate()
                .withNewMetadata().withLabels(podLabels).withAnnotations(podAnnotations).endMetadata()
                .withNewSpec()
                .withServiceAccountName(service.name())
                .addNewContainer()
                .withName(WORKLOAD_CONTAINER)
                .withImage(settings.image())
                .addNewPort().withName("http").withContainerPort(WORKLOAD_PORT).endPort()
                .addNewEnv().withName("MESHBENCH_TOPOLOGY").withValue(TOPOLOGY_MOUNT + "/" + TOPOLOGY_FILE).endEnv()
                .addNewEnv().withName("MESHBENCH_SERVICE").withValue(service.name()).endEnv()
                .addNewEnv().withName("MESHBENCH_POD").withNewValueFrom().withNewFieldRef()
                .withFieldPath("metadata.name").endFieldRef().endValueFrom().endEnv()
                .addNewEnv().withName("JAVA_TOOL_OPTIONS").withValue("-XX:MaxRAMPercentage=75").endEnv()
                .withNewResources()
                .addToRequests("cpu", new Quantity("100m")).addToRequests("memory", new Quantity("256Mi"))
                .addToLimits("cpu", new Quantity("1")).addToLimits("memory", new Quantity("512Mi"))
                .endResources()
                .withNewReadinessProbe()
                .withNewHttpGet().withPath("/healthz/ready").withPort(new IntOrString(WORKLOAD_PORT)).endHttpGet()
                .withPeriodSeconds(1).withFailureThreshold(3)
                .endReadinessProbe()
                .addNewVolumeMount().withName("topology").withMountPath(TOPOLOGY_MOUNT).withReadOnly(true).endVolumeMount()
                .endContainer()
                .addNewVolume().withName("topology").withNewConfigMap().withName(TOPOLOGY_CONFIG_MAP).endConfigMap()
                .endVolume()
                .endSpec()
                .endTemplate()
                .endSpec()
                .build();
    }

    private HasMetadata service(String name, String ns, MeshMode mode, String app, Wave wave, boolean entry) {
        ObjectMeta meta = meta(name, ns, mode, wave, app);
        if (entry) meta.getLabels().put(Labels.ENTRY, "true");
        return new ServiceBuilder()
                .withMetadata(meta)
                .withNewSpec()
                .withType("ClusterIP")
                .addToSelector(Labels.APP, app)
                .addNewPort().withName("http").withAppProtocol("http").withPort(WORKLOAD_PORT)
                .withTargetPort(new IntOrString(WORKLOAD_PORT)).endPort()
                .endSpec()
                .build();
    }

    /** Istio's waypoint: a Gateway API Gateway of class istio-waypoint with an HBONE listener. */
    private HasMetadata waypoint(String ns, MeshMode mode) {
        ObjectMeta meta = meta(WAYPOINT_NAME, ns, mode, Wave.ROUTING, null);
        meta.getLabels().put(Labels.WAYPOINT_FOR, "service");
        Map<String, Object> listener = new LinkedHashMap<>();
        listener.put("name", "mesh");
        listener.put("port", 15008);
        listener.put("protocol", "HBONE");
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("gatewayClassName", "istio-waypoint");
        spec.put("listeners", List.of(listener));
        return new GenericKubernetesResourceBuilder()
                .withApiVersion(ResourceKinds.apiVersion(ResourceKinds.GATEWAY))
                .withKind("Gateway")
                .withMetadata(meta)
                .addToAdditionalProperties("spec", spec)
                .build();
    }

    private ObjectMeta meta(String name, String ns, MeshMode mode, Wave wave, String service) {
        ObjectMetaBuilder b = new ObjectMetaBuilder()
                .withName(name)
                .withNamespace(ns)
                .addToLabels(Labels.RUN_ID, settings.runId())
                .addToLabels(Labels.MODE, mode.id())
                .addToAnnotations(Labels.SYNC_WAVE, wave.annotationValue());
        if (service != null) b.addToLabels(Labels.SERVICE, service);
        return b.build();
    }
}
