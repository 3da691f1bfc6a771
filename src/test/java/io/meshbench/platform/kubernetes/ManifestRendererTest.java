package io.meshbench.platform.kubernetes;

import io.fabric8.istio.api.api.security.v1beta1.PeerAuthenticationMutualTLSMode;
import io.fabric8.istio.api.security.v1.PeerAuthentication;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.meshbench.core.MeshMode;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ManifestRendererTest {
    private final KubernetesSettings settings = TestTopologies.settings("r1", "direct", null);
    private final ManifestRenderer renderer = new ManifestRenderer(settings);

    ManifestRendererTest() throws Exception {
    }

    @Test
    void everyObjectCarriesTheRunIdAndAWaveAndObjectsComeInWaveOrder() {
        for (MeshMode mode : MeshMode.values()) {
            RenderedMode rendered = renderer.render(TestTopologies.small(), mode);
            int lastWave = -1;
            for (HasMetadata o : rendered.objects()) {
                assertEquals("r1", o.getMetadata().getLabels().get(Labels.RUN_ID), o.getKind() + " " + o.getMetadata().getName());
                assertEquals(mode.id(), o.getMetadata().getLabels().get(Labels.MODE));
                int wave = Wave.of(o).number();
                assertTrue(wave >= lastWave, "wave order broken at " + o.getKind());
                lastWave = wave;
                if (!(o instanceof Namespace)) assertEquals(rendered.namespace(), o.getMetadata().getNamespace());
            }
            assertEquals("Namespace", rendered.objects().get(0).getKind(), "namespace is applied first");
        }
    }

    @Test
    void kindsLandInTheirWaves() {
        RenderedMode rendered = renderer.render(TestTopologies.small(), MeshMode.WAYPOINT);
        Map<String, Wave> expected = Map.of("Namespace", Wave.POLICIES, "PeerAuthentication", Wave.POLICIES,
                "Telemetry", Wave.POLICIES, "ServiceAccount", Wave.CONFIG, "ConfigMap", Wave.CONFIG,
                "Deployment", Wave.WORKLOADS, "Gateway", Wave.ROUTING);
        for (HasMetadata o : rendered.objects()) {
            if (o.getKind().equals("Service")) {
                boolean entry = o.getMetadata().getName().endsWith(ManifestRenderer.ENTRY_SUFFIX);
                assertEquals(entry ? Wave.ROUTING : Wave.WORKLOADS, Wave.of(o));
            } else {
                assertEquals(expected.get(o.getKind()), Wave.of(o), o.getKind());
            }
        }
        assertEquals(1, rendered.entryServices().size());
        assertEquals("frontend-entry", rendered.entryServices().get(0).getMetadata().getName());
    }

    @Test
    void namespacesAreLabelledForTheirMode() {
        assertEquals("enabled", nsLabels(MeshMode.SIDECAR).get(Labels.INJECTION));
        assertEquals("ambient", nsLabels(MeshMode.AMBIENT).get(Labels.DATAPLANE_MODE));
        assertFalse(nsLabels(MeshMode.AMBIENT).containsKey(Labels.INJECTION));
        assertEquals("waypoint", nsLabels(MeshMode.WAYPOINT).get(Labels.USE_WAYPOINT));
        Map<String, String> baseline = nsLabels(MeshMode.BASELINE);
        assertFalse(baseline.containsKey(Labels.INJECTION));
        assertFalse(baseline.containsKey(Labels.DATAPLANE_MODE));
    }

    @Test
    void meshedNamespacesGetStrictMtlsAndTelemetryBaselineNone() {
        RenderedMode sidecar = renderer.render(TestTopologies.small(), MeshMode.SIDECAR);
        PeerAuthentication pa = (PeerAuthentication) sidecar.objects().stream()
                .filter(o -> o instanceof PeerAuthentication).findFirst().orElseThrow();
        assertEquals(PeerAuthenticationMutualTLSMode.STRICT, pa.getSpec().getMtls().getMode());
        assertEquals("security.istio.io/v1", pa.getApiVersion());
        assertTrue(sidecar.objects().stream().anyMatch(o -> o.getKind().equals("Telemetry")));
        List<String> baselineKinds = renderer.render(TestTopologies.small(), MeshMode.BASELINE).objects().stream()
                .map(HasMetadata::getKind).toList();
        assertFalse(baselineKinds.contains("PeerAuthentication"));
        assertFalse(baselineKinds.contains("Telemetry"));
        assertFalse(baselineKinds.contains("Gateway"));
    }

    @Test
    void deploymentsRunTheImageWithTheirIdentityProbeAndPinnedProxy() {
        RenderedMode sidecar = renderer.render(TestTopologies.small(), MeshMode.SIDECAR);
        Deployment frontend = (Deployment) sidecar.objects().stream()
                .filter(o -> o instanceof Deployment && o.getMetadata().getName().equals("frontend")).findFirst().orElseThrow();
        assertEquals(2, frontend.getSpec().getReplicas());
        var pod = frontend.getSpec().getTemplate();
        assertEquals("frontend", pod.getSpec().getServiceAccountName());
        assertEquals("docker.io/istio/proxyv2:1.23.0", pod.getMetadata().getAnnotations().get(Labels.PROXY_IMAGE));
        assertEquals("r1", pod.getMetadata().getLabels().get(Labels.RUN_ID), "pods carry the run id too");
        var c = pod.getSpec().getContainers().get(0);
        assertEquals("registry.example/meshbench/workload:test", c.getImage());
        assertEquals("/healthz/ready", c.getReadinessProbe().getHttpGet().getPath());
        assertNotNull(c.getResources().getLimits().get("memory"));
        assertTrue(c.getEnv().stream().anyMatch(e -> e.getName().equals("MESHBENCH_TOPOLOGY")));
        assertTrue(c.getEnv().stream().anyMatch(e -> e.getName().equals("MESHBENCH_POD")
                && e.getValueFrom().getFieldRef().getFieldPath().equals("metadata.name")));
        assertTrue(sidecar.objects().stream().filter(o -> o.getKind().equals("ServiceAccount")).count() == 4);
    }

    @Test
    void waypointIsAGatewayOfClassIstioWaypoint() {
        GenericKubernetesResource gw = (GenericKubernetesResource) renderer.render(TestTopologies.small(), MeshMode.WAYPOINT)
                .objects().stream().filter(o -> o.getKind().equals("Gateway")).findFirst().orElseThrow();
        assertEquals("gateway.networking.k8s.io/v1", gw.getApiVersion());
        @SuppressWarnings("unchecked")
        Map<String, Object> spec = (Map<String, Object>) gw.getAdditionalProperties().get("spec");
        assertEquals("istio-waypoint", spec.get("gatewayClassName"));
        assertTrue(Serialization.asYaml(gw).contains("HBONE"));
    }

    @Test
    void topologyConfigMapHoldsTheIsotopeDocument() {
        ConfigMap cm = (ConfigMap) renderer.render(TestTopologies.small(), MeshMode.AMBIENT).objects().stream()
                .filter(o -> o instanceof ConfigMap).findFirst().orElseThrow();
        String yaml = cm.getData().get(ManifestRenderer.TOPOLOGY_FILE);
        assertTrue(yaml.contains("isEntrypoint: true"), yaml);
        assertTrue(yaml.contains("sleep: 250us"), yaml);
        assertTrue(yaml.contains("service: db"), yaml);
        assertTrue(yaml.contains("numReplicas: 2"), yaml);
    }

    @Test
    void theWorkloadsTopologyLoaderReadsTheConfigMapBackIntoTheSameTopology() throws Exception {
        ConfigMap cm = (ConfigMap) renderer.render(TestTopologies.small(), MeshMode.SIDECAR).objects().stream()
                .filter(o -> o instanceof ConfigMap).findFirst().orElseThrow();
        io.meshbench.topology.Topology back = io.meshbench.topology.TopologyLoader.fromYaml(
                cm.getData().get(ManifestRenderer.TOPOLOGY_FILE), "configmap", 1000);
        assertEquals(TestTopologies.small().services(), back.services());
    }

    @Test
    void renderedOutputNeverHoldsATokenAndSettingsHideThem() {
        for (MeshMode mode : MeshMode.values()) {
            for (HasMetadata o : renderer.render(TestTopologies.small(), mode).objects()) {
                String yaml = Serialization.asYaml(o);
                assertFalse(yaml.contains(TestTopologies.GIT_TOKEN));
                assertFalse(yaml.contains(TestTopologies.ARGOCD_TOKEN));
            }
        }
        assertFalse(settings.toString().contains(TestTopologies.GIT_TOKEN));
        assertFalse(settings.toString().contains(TestTopologies.ARGOCD_TOKEN));
        assertEquals(TestTopologies.GIT_TOKEN, settings.gitToken());
    }

    private Map<String, String> nsLabels(MeshMode mode) {
        return renderer.render(TestTopologies.small(), mode).objects().get(0).getMetadata().getLabels();
    }
}
