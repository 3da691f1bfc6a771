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

import java.net.InetAddress;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Requests through two sidecars: routing, round robin, pooled upstream mTLS, exact metrics. */
class SidecarDataPlaneTest {
    /** Loopback addresses 127.&lt;block&gt;.x.y of a block no other test (or concurrent JVM) is using. */
    private static final String NET = "127." + AddressBlocks.reserve() + ".";

    private static final int CALLS = 20;
    private static SidecarDataPlane plane;
    private static final TestApp apps = new TestApp();
    private static final Map<String, PodPlumbing> plumbing = new HashMap<>();
    private static final Map<String, String> answers = new LinkedHashMap<>();
    private static ResourceUsage usage;

    @BeforeAll
    static void sendTraffic() throws Exception {
        LocalPod front = pod("front-0", "front", NET + "21.1");
        LocalPod back0 = pod("back-0", "back", NET + "21.2");
        LocalPod back1 = pod("back-1", "back", NET + "21.3");
        LocalCluster cluster = new LocalCluster("mb-sc", List.of(InetAddress.getByName(NET + "20.1")),
                Map.of("front", List.of(front), "back", List.of(back0, back1)));
        plane = new SidecarDataPlane();
        plane.start(cluster);
        for (LocalPod p : List.of(front, back0, back1)) {
            PodPlumbing pl = plane.attach(p);
            plumbing.put(p.name(), pl);
            apps.serve(p.name(), pl.appBind());
        }
        ResourceWindow window = plane.startResourceWindow();
        Route route = plumbing.get("front-0").router().route("back");
        try (RawHttpClient client = new RawHttpClient(route.connectTo(), route.preamble())) {
            for (int i = 0; i < CALLS; i++) answers.put("call-" + i, client.post("back", 100 + i));
        }
        usage = window.finish();
    }

    private static LocalPod pod(String name, String service, String ip) throws Exception {
        return new LocalPod(name, service, service.equals("front") ? "mb-sc" : "mb-sc", InetAddress.getByName(ip), 0);
    }

    @AfterAll
    static void stop() {
        apps.close();
        if (plane != null) plane.close();
    }

    @Test
    void routeEntersThePodsOwnSidecarWithoutPreamble() {
        Route route = plumbing.get("front-0").router().route("back");
        assertEquals(NET + "21.1", route.connectTo().getAddress().getHostAddress());
        assertEquals(Sidecar.OUTBOUND_PORT, route.connectTo().getPort());
        assertNull(route.preamble());
        assertEquals(Sidecar.APP_PORT, plumbing.get("back-0").appBind().getPort());
    }

    @Test
    void requestsReachBothBackendsRoundRobin() {
        long fromBack0 = answers.values().stream().filter(a -> a.startsWith("200 back-0 got")).count();
        long fromBack1 = answers.values().stream().filter(a -> a.startsWith("200 back-1 got")).count();
        assertEquals(CALLS / 2, fromBack0, answers.toString());
        assertEquals(CALLS / 2, fromBack1, answers.toString());
        assertEquals("200 back-1 got 101 bytes", answers.get("call-1"), "bodies must arrive whole");
    }

    @Test
    void upstreamConnectionsArePooledPerDestination() {
        ProxyMetrics m = plane.sidecar("front-0").metrics();
        assertEquals(1, m.upstreamOpenedTotal("back-0"), "one mTLS connection to back-0 for " + CALLS / 2 + " calls");
        assertEquals(1, m.upstreamOpenedTotal("back-1"));
        assertEquals(1, plane.sidecar("back-0").metrics().upstreamOpenedTotal("app"));
        assertEquals(4, plane.liveTlsConnections(), "front's two client ends and one server end in each backend");
    }

    @Test
    void metricsCountExactlyTheTrafficSent() throws Exception {
        Map<String, String> scraped = new HashMap<>();
        for (MetricsSource s : plane.metrics()) scraped.put(s.name(), s.scrape());
        assertEquals(3, scraped.size());
        String front = scraped.get("front-0.istio-proxy");
        assertEquals(CALLS, PromScan.sum(front, "istio_requests_total", "reporter", "source", "source_workload", "front",
                "destination_workload", "back", "response_code", "200", "connection_security_policy", "unknown"),
                "Istio: the source side always reports connection_security_policy=unknown");
        assertEquals(CALLS, PromScan.sum(front, "istio_request_duration_milliseconds_count", "reporter", "source"));
        for (String backend : List.of("back-0", "back-1")) {
            String text = scraped.get(backend + ".istio-proxy");
            assertEquals(CALLS / 2, PromScan.sum(text, "istio_requests_total", "reporter", "destination",
                    "source_workload", "front", "source_principal", "spiffe://cluster.local/ns/mb-sc/sa/front",
                    "destination_workload", "back", "response_code", "200"), text);
            assertEquals(1, PromScan.sum(text, "meshbench_tls_handshake_seconds_count", "role", "server", "result", "ok"));
        }
        assertEquals(2, PromScan.sum(front, "meshbench_tls_handshake_seconds_count", "role", "client", "result", "ok"));
        assertTrue(PromScan.sum(front, "envoy_server_memory_allocated") > 0, front);
    }

    @Test
    void resourceUsageIsMeasuredNotConstant() {
        assertEquals(3, usage.pods());
        assertTrue(usage.meshMemoryPerPodBytes() > 0, "memory " + usage.meshMemoryPerPodBytes());
        assertTrue(usage.meshCpuPerPodMillicores() > 0, "cpu " + usage.meshCpuPerPodMillicores());
        assertTrue(usage.method().contains("ThreadMXBean"), usage.method());
    }
}
