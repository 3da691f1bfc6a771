package io.meshbench.platform.local.mesh;

import io.meshbench.metrics.ResourceUsage;
import io.meshbench.metrics.ResourceWindow;
import io.meshbench.core.MetricsSource;
import io.meshbench.platform.local.AddressBlocks;
import io.meshbench.platform.local.LocalCluster;
import io.meshbench.platform.local.LocalPod;
import io.meshbench.platform.local.PodPlumbing;
import io.meshbench.workload.Route;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Connections through two nodes' ztunnels over HBONE: L4 balancing, pooled tunnels, exact byte counts, STRICT. */
class AmbientDataPlaneTest {
    /** Loopback addresses 127.&lt;block&gt;.x.y of a block no other test (or concurrent JVM) is using. */
    private static final String NET = "127." + AddressBlocks.reserve() + ".";

    private static final int CONNECTIONS = 4;
    private static final int CALLS_PER_CONNECTION = 5;
    private static AmbientDataPlane plane;
    private static final TestApp apps = new TestApp();
    private static final Map<String, PodPlumbing> plumbing = new HashMap<>();
    private static final List<List<String>> answersPerConnection = new ArrayList<>();
    private static long requestBytes;
    private static long responseBytes;
    private static ResourceUsage usage;
    private static LocalPod back1;

    @BeforeAll
    static void sendTraffic() throws Exception {
        LocalPod front = new LocalPod("front-0", "front", "mb-amb", InetAddress.getByName(NET + "31.1"), 0);
        LocalPod back0 = new LocalPod("back-0", "back", "mb-amb", InetAddress.getByName(NET + "31.2"), 0);
        back1 = new LocalPod("back-1", "back", "mb-amb", InetAddress.getByName(NET + "31.3"), 1);
        LocalPod bulk = new LocalPod("bulk-0", "bulk", "mb-amb", InetAddress.getByName(NET + "31.4"), 1);
        LocalCluster cluster = new LocalCluster("mb-amb",
                List.of(InetAddress.getByName(NET + "30.1"), InetAddress.getByName(NET + "30.2")),
                Map.of("front", List.of(front), "back", List.of(back0, back1), "bulk", List.of(bulk)));
        plane = new AmbientDataPlane(false);
        plane.start(cluster);
        for (LocalPod p : List.of(front, back0, back1, bulk)) {
            PodPlumbing pl = plane.attach(p);
            plumbing.put(p.name(), pl);
            apps.serve(p.name(), pl.appBind());
        }
        ResourceWindow window = plane.startResourceWindow();
        Route route = plumbing.get("front-0").router().route("back");
        for (int c = 0; c < CONNECTIONS; c++) {
            List<String> answers = new ArrayList<>();
            try (RawHttpClient client = new RawHttpClient(route.connectTo(), route.preamble())) {
                for (int i = 0; i < CALLS_PER_CONNECTION; i++) {
                    int body = 1000 * c + i;
                    answers.add(client.post("back", body));
                    requestBytes += RawHttpClient.requestBytes("back", body);
                    responseBytes += client.lastResponseBytes;
                }
            }
            answersPerConnection.add(answers);
        }
        usage = window.finish();
    }

    @AfterAll
    static void stop() {
        apps.close();
        if (plane != null) plane.close();
    }

    @Test
    void routeIsTheNodesZtunnelWithOriginalDestinationPreamble() {
        Route route = plumbing.get("front-0").router().route("back");
        assertEquals(new InetSocketAddress(NET + "30.1", Ztunnel.OUTBOUND_PORT), route.connectTo());
        assertEquals("MBDST back:8080 front-0\n", new String(route.preamble(), StandardCharsets.US_ASCII));
        assertEquals(Ztunnel.APP_PORT, plumbing.get("back-1").appBind().getPort());
    }

    @Test
    void bytesCrossBothWaysAndBalancingIsPerConnection() {
        for (List<String> answers : answersPerConnection) {
            String backend = answers.get(0).split(" ")[1];
            for (String a : answers) assertTrue(a.startsWith("200 " + backend + " got"), answers.toString());
        }
        long onBack0 = answersPerConnection.stream().filter(a -> a.get(0).contains("back-0")).count();
        assertEquals(CONNECTIONS / 2, onBack0, answersPerConnection.toString());
        assertEquals("200 back-1 got 1003 bytes", answersPerConnection.get(1).get(3), "payloads arrive whole");
    }

    @Test
    void tunnelsArePooledOneHttp2ConnectionPerSourceIdentityAndDestinationPod() throws Exception {
        // front-0 calls back-0 (same node) and back-1 (other node) over 4 client connections: one
        // mTLS connection to each destination pod, carrying front's identity, with a stream per connection.
        String z0 = scrape("ztunnel-node-0");
        assertEquals(1, PromScan.sum(z0, "meshbench_hbone_connections_opened_total", "peer", NET + "31.2:8080"), z0);
        assertEquals(1, PromScan.sum(z0, "meshbench_hbone_connections_opened_total", "peer", NET + "31.3:8080"), z0);
        assertEquals(CONNECTIONS, PromScan.sum(z0, "meshbench_hbone_streams_opened_total"), z0);
        assertEquals(2, PromScan.sum(z0, "meshbench_tls_handshake_seconds_count", "role", "client", "result", "ok"));
    }

    @Test
    void ztunnelMetricsCountExactlyTheTrafficSent() throws Exception {
        String z0 = scrape("ztunnel-node-0");
        String z1 = scrape("ztunnel-node-1");
        String[] src = {"reporter", "source", "source_workload", "front", "destination_service", "back.mb-amb.svc.cluster.local",
                "connection_security_policy", "mutual_tls", "request_protocol", "tcp"};
        assertEquals(requestBytes, PromScan.sum(z0, ZtunnelMetrics.RECEIVED, src), z0);
        assertEquals(responseBytes, PromScan.sum(z0, ZtunnelMetrics.SENT, src), z0);
        String[] dst = {"reporter", "destination", "source_workload", "front",
                "source_principal", "spiffe://cluster.local/ns/mb-amb/sa/front", "destination_workload", "back"};
        assertEquals(requestBytes, PromScan.sum(z0, ZtunnelMetrics.RECEIVED, dst) + PromScan.sum(z1, ZtunnelMetrics.RECEIVED, dst));
        assertEquals(responseBytes, PromScan.sum(z0, ZtunnelMetrics.SENT, dst) + PromScan.sum(z1, ZtunnelMetrics.SENT, dst));
        assertEquals(CONNECTIONS, PromScan.sum(z0, ZtunnelMetrics.OPENED, src));
        assertEquals(CONNECTIONS / 2, PromScan.sum(z1, ZtunnelMetrics.OPENED, dst));
        // closes propagate asynchronously; bounded wait
        double closed = 0;
        for (int i = 0; i < 100 && closed < CONNECTIONS; i++) {
            closed = PromScan.sum(scrape("ztunnel-node-0"), ZtunnelMetrics.CLOSED, src);
            if (closed < CONNECTIONS) Thread.sleep(50);
        }
        assertEquals(CONNECTIONS, closed);
    }

    @Test
    void largeBodiesCrossTheTunnelWhole() throws Exception {
        // from another workload, so the exact counts of front's traffic stay exact
        Route route = plumbing.get("bulk-0").router().route("back");
        try (RawHttpClient client = new RawHttpClient(route.connectTo(), route.preamble())) {
            String answer = client.post("back", 3 << 20);
            assertTrue(answer.matches("200 back-[01] got 3145728 bytes"), answer);
        }
    }

    @Test
    void strictServicePortRefusesPlaintext() throws Exception {
        int before = apps.requests.get();
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(back1.ip(), LocalPod.SERVICE_PORT), 5000);
            s.setSoTimeout(10_000);
            s.getOutputStream().write("GET / HTTP/1.1\r\nHost: back\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            String got;
            try {
                got = new String(s.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
            } catch (IOException reset) {
                got = "";
            }
            assertTrue(!got.contains("HTTP/1.1"), got);
        }
        assertEquals(before, apps.requests.get());
    }

    @Test
    void hboneRefusesForeignCaAndChecksDestinationIdentity() throws Exception {
        MeshTls intruder = new MeshTls(MeshCa.create("foreign").issue(Ztunnel.IDENTITY));
        assertNotNull(TlsProbe.handshake(intruder, new InetSocketAddress(NET + "30.2", 15008), Ztunnel.IDENTITY, true));
        MeshTls member = new MeshTls(plane.ca().issue("spiffe://cluster.local/ns/mb-amb/sa/front"));
        assertEquals(null, TlsProbe.handshake(member, new InetSocketAddress(back1.ip(), 8080), back1.spiffeId(), true));
        assertNotNull(TlsProbe.handshake(member, new InetSocketAddress(back1.ip(), 8080),
                "spiffe://cluster.local/ns/mb-amb/sa/front", true), "back-1's port must not pass for front");
    }

    @Test
    void resourceUsageIsAttributedPerNode() {
        assertEquals(4, usage.pods());
        assertEquals(2, usage.nodes());
        assertTrue(usage.meshMemoryPerPodBytes() > 0);
        assertTrue(usage.meshDaemonMemoryPerNodeBytes() > 0);
        assertTrue(usage.meshCpuPerPodMillicores() > 0);
    }

    private static String scrape(String name) throws IOException {
        for (MetricsSource s : plane.metrics()) if (s.name().equals(name)) return s.scrape();
        throw new AssertionError("no metrics source " + name);
    }
}
