package io.meshbench.platform.local.mesh;

import io.meshbench.platform.local.LocalCluster;
import io.meshbench.platform.local.LocalPod;
import io.meshbench.platform.local.process.ChildProcess;
import io.meshbench.platform.local.process.JvmCommand;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The istiod stand-in: each proxy's view of the mesh, its size with the mesh's, and certificates. */
class ControlPlaneTest {

    @TempDir
    Path dir;

    static LocalCluster mesh(int services) throws Exception {
        Map<String, List<LocalPod>> pods = new LinkedHashMap<>();
        for (int s = 0; s < services; s++) {
            List<LocalPod> replicas = new ArrayList<>();
            for (int r = 0; r < 2; r++) {
                int i = s * 2 + r;
                replicas.add(new LocalPod("svc" + s + "-" + r, "svc" + s, "meshbench-test",
                        InetAddress.getByAddress(new byte[]{127, 99, (byte) (i / 250), (byte) (i % 250 + 1)}), i % 3));
            }
            pods.put("svc" + s, List.copyOf(replicas));
        }
        List<InetAddress> nodes = List.of(InetAddress.getByName("127.98.0.1"), InetAddress.getByName("127.98.0.2"),
                InetAddress.getByName("127.98.0.3"));
        return new LocalCluster("meshbench-test", nodes, pods);
    }

    @Test
    void everyViewParsesBackIntoTheMeshAndGrowsWithIt() throws Exception {
        LocalCluster small = mesh(3);
        LocalCluster big = mesh(30);
        for (MeshConfig.Kind kind : MeshConfig.Kind.values()) {
            assertEquals(small, MeshConfig.parse(MeshConfig.view(small, kind), kind.name()));
            int smallSize = MeshConfig.view(small, kind).length();
            int bigSize = MeshConfig.view(big, kind).length();
            assertTrue(bigSize > 5 * smallSize, kind + ": " + smallSize + " vs " + bigSize);
        }
        String sidecar = MeshConfig.view(small, MeshConfig.Kind.SIDECAR);
        assertEquals(3, sidecar.lines().filter(l -> l.startsWith("listener ")).count(), "a listener per service");
        assertEquals(6, sidecar.lines().filter(l -> l.startsWith("endpoint ")).count(), "every endpoint of the mesh");
    }

    @Test
    void aBadViewIsRefusedWithItsLine() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> MeshConfig.parse("namespace ns\nnode 0 127.0.0.1\nendpoint a-0 a not-an-ip\n", "from cp"));
        assertTrue(e.getMessage().contains("from cp line 3"), e.getMessage());
    }

    @Test
    void theControlPlaneProcessServesEachProxyItsViewAndCertificate() throws Exception {
        LocalCluster cluster = mesh(4);
        Path file = dir.resolve("mesh.txt");
        Files.writeString(file, MeshConfig.view(cluster, MeshConfig.Kind.SIDECAR));
        try (ChildProcess cp = ChildProcess.start("control-plane", new JvmCommand(ControlPlaneMain.class.getName(),
                List.of(file.toString()), "64m", "control-plane-test", true), dir)) {
            ControlPlaneClient client = new ControlPlaneClient("http://127.0.0.1:" + cp.readyDetail());
            String sidecar = client.config(MeshConfig.Kind.SIDECAR);
            String ztunnel = client.config(MeshConfig.Kind.ZTUNNEL);
            assertEquals(MeshConfig.view(cluster, MeshConfig.Kind.SIDECAR), sidecar);
            assertEquals(cluster, MeshConfig.parse(ztunnel, "ztunnel view"));
            LocalPod pod = cluster.podsByService().get("svc1").get(0);
            WorkloadIdentity id = client.issue(pod.spiffeId());
            assertEquals(pod.spiffeId(), SpiffeTrustManager.spiffeIdOf(id.certificate()));
            id.certificate().verify(id.ca().getPublicKey());
            assertEquals("xds_responses=2 xds_bytes=" + (sidecar.length() + ztunnel.length()) + " certificates=1", cp.request("stats"));
        }
    }
}
