package io.meshbench.platform.kubernetes;

import io.fabric8.istio.api.networking.v1.DestinationRuleBuilder;
import io.fabric8.istio.api.networking.v1.VirtualServiceBuilder;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.meshbench.core.MeshMode;
import io.meshbench.platform.BadVersion;
import io.meshbench.topology.Service;
import io.meshbench.topology.Step;
import io.meshbench.topology.Topology;

import java.util.ArrayList;
import java.util.List;

/**
 * The objects of a bad rollout, built with fabric8 from the mode's rendered v1 objects:
 * <ul>
 *   <li>a ConfigMap {@code meshbench-topology-<svc>-v2}: the topology with the service failing the
 *       bad version's error share (its {@code errorRate}) and sleeping its added latency first — the
 *       workload reads its behaviour from there, so the bad version is the same image;
 *   <li>a Deployment {@code <svc>-v2}: the v1 Deployment with {@code version: v2} and that ConfigMap,
 *       one replica where the mode splits by weight (the weight, not the pod count, sets its share);
 *   <li>sidecar and waypoint: a DestinationRule with subsets v1/v2 and a VirtualService sending the
 *       canary weight to v2 (Istio applies VirtualServices in sidecars and in waypoints);
 *   <li>ambient and baseline: nothing can split L7 traffic, so v2 gets all of v1's replicas and v1
 *       is scaled to 0: all pods of the service run the bad version.
 * </ul>
 */
final class BadVersionRenderer {
    static final String BAD_VERSION = "v2";

    private BadVersionRenderer() {
    }

    /** True where the mode's data plane can route a weighted share of L7 traffic to a version. */
    static boolean splitsByWeight(MeshMode mode) {
        return mode == MeshMode.SIDECAR || mode == MeshMode.WAYPOINT;
    }

    static String v2Name(String service) {
        return service + "-" + BAD_VERSION;
    }

    /** Objects to add for the rollout. */
    static List<HasMetadata> added(RenderedMode rendered, Topology topology, String service, BadVersion version) {
        Deployment v1 = v1(rendered, service);
        String configMap = ManifestRenderer.TOPOLOGY_CONFIG_MAP + "-" + v2Name(service);
        List<HasMetadata> out = new ArrayList<>();
        out.add(new ConfigMapBuilder()
                .withMetadata(meta(configMap, v1, service, Wave.CONFIG))
                .addToData(ManifestRenderer.TOPOLOGY_FILE, TopologyDocument.yaml(badTopology(topology, service, version)))
                .build());
        int replicas = v1.getSpec().getReplicas() == null ? 1 : v1.getSpec().getReplicas();
        out.add(new DeploymentBuilder(v1)
                .withMetadata(meta(v2Name(service), v1, service, Wave.WORKLOADS))
                .editSpec()
                .withReplicas(splitsByWeight(rendered.mode()) ? 1 : replicas)
                .editSelector().addToMatchLabels(Labels.VERSION, BAD_VERSION).endSelector()
                .editTemplate()
                .editMetadata().addToLabels(Labels.VERSION, BAD_VERSION).endMetadata()
                .editSpec()
                .editMatchingVolume(v -> "topology".equals(v.getName()))
                .editConfigMap().withName(configMap).endConfigMap()
                .endVolume()
                .endSpec()
                .endTemplate()
                .endSpec()
                .build());
        if (splitsByWeight(rendered.mode())) {
            int canary = (int) Math.round(version.canaryWeightPct());
            out.add(new DestinationRuleBuilder()
                    .withMetadata(meta(service, v1, service, Wave.ROUTING))
                    .withNewSpec().withHost(service)
                    .addNewSubset().withName(ManifestRenderer.FIRST_VERSION).addToLabels(Labels.VERSION, ManifestRenderer.FIRST_VERSION).endSubset()
                    .addNewSubset().withName(BAD_VERSION).addToLabels(Labels.VERSION, BAD_VERSION).endSubset()
                    .endSpec().build());
            out.add(new VirtualServiceBuilder()
                    .withMetadata(meta(service, v1, service, Wave.ROUTING))
                    .withNewSpec().addToHosts(service)
                    .addNewHttp().withName("canary")
                    .addNewRoute().withNewDestination().withHost(service).withSubset(ManifestRenderer.FIRST_VERSION)
                    .endDestination().withWeight(100 - canary).endRoute()
                    .addNewRoute().withNewDestination().withHost(service).withSubset(BAD_VERSION)
                    .endDestination().withWeight(canary).endRoute()
                    .endHttp()
                    .endSpec().build());
        }
        return out;
    }

    /** Ambient and baseline: the v1 Deployment scaled to 0 while v2 runs; null where the mode splits by weight. */
    static Deployment v1ScaledDown(RenderedMode rendered, String service) {
        if (splitsByWeight(rendered.mode())) return null;
        return new DeploymentBuilder(v1(rendered, service)).editSpec().withReplicas(0).endSpec().build();
    }

    /** The share of the service's traffic the bad version gets in this mode, in percent. */
    static double trafficSharePct(MeshMode mode, BadVersion version) {
        return splitsByWeight(mode) ? Math.round(version.canaryWeightPct()) : 100;
    }

    static Deployment v1(RenderedMode rendered, String service) {
        return rendered.objects().stream()
                .filter(o -> o instanceof Deployment && o.getMetadata().getName().equals(service))
                .map(o -> (Deployment) o).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no Deployment " + service + " in " + rendered.namespace()));
    }

    /** The topology the bad version reads: this service fails the error share and adds the latency. */
    static Topology badTopology(Topology topology, String service, BadVersion version) {
        List<Service> services = new ArrayList<>();
        for (Service s : topology.services()) {
            if (!s.name().equals(service)) {
                services.add(s);
                continue;
            }
            List<Step> script = new ArrayList<>();
            if (!version.addedLatency().isZero()) script.add(new Step.Sleep(version.addedLatency()));
            script.addAll(s.script());
            services.add(new Service(s.name(), s.replicas(), s.entrypoint(), s.responseSizeBytes(),
                    version.errorFraction(), script));
        }
        return new Topology(topology.name(), topology.source() + " with a bad " + service + " " + BAD_VERSION, services);
    }

    private static ObjectMeta meta(String name, Deployment v1, String service, Wave wave) {
        ObjectMeta base = v1.getMetadata();
        return new ObjectMetaBuilder()
                .withName(name).withNamespace(base.getNamespace())
                .addToLabels(Labels.RUN_ID, base.getLabels().get(Labels.RUN_ID))
                .addToLabels(Labels.MODE, base.getLabels().get(Labels.MODE))
                .addToLabels(Labels.SERVICE, service)
                .addToLabels(Labels.VERSION, BAD_VERSION)
                .addToAnnotations(Labels.SYNC_WAVE, wave.annotationValue())
                .build();
    }
}
