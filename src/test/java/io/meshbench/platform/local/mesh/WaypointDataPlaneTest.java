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
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** ztunnel → waypoint → ztunnel: the waypoint balances per request and reports istio_requests_total. */
class WaypointDataPlaneTest {
    /** Loopback addresses 127.&lt;block&gt;.x.y of a block no other test (or concurrent JVM) is using. */
    private static final String NET = "127." + AddressBlocks.reserve() + ".";

    private static final int CALLS = 10;
    private static AmbientDataPlane plane;
    private static final TestApp apps = new TestApp();
    private static final List<String> answers = new ArrayList<>();
    private static ResourceUsage usage;

    @BeforeAll
    static void sendTraffic() throws Exception {
        LocalPod front = new LocalPod("front-0", "front", "mb-wp", InetAddress.getByName(NET + "41.1"), 0);
        LocalPod back0 = new LocalPod("back-0", "back", "mb-wp", InetAddress.getByName(NET + "41.2"), 1);
        LocalPod back1 = new LocalPod("back-1", "back", "mb-wp", InetAddress.getByName(NET + "41.3"), 0);
        LocalCluster cluster = new LocalCluster("mb-wp",
                List.of(InetAddress.getByName(NET + "40.1"), InetAddress.getByName(NET + "40.2")),
                Map.of("front", List.of(front), "back", List.of(back0, back1)));
        plane = new AmbientDataPlane(true);
        plane.start(cluster);
        Map<String, PodPlumbing> plumbing = new HashMap<>();
        for (LocalPod p : List.of(front, back0, back1)) {
            PodPlumbing pl = plane.attach(p);
            plumbing.put(p.name(), pl);
            apps.serve(p.name(), pl.appBind());
        }
        ResourceWindow window = plane.startResourceWindow();
        Route route = plumbing.get("front-0").router().route("back");
        try (RawHttpClient client = new RawHttpClient(route.connectTo(), route.preamble())) {
            for (int i = 0; i < CALLS; i++) answers.add(client.post("back", 10 + i));
        }
        usage = window.finish();
    }

    @AfterAll
    static void stop() {
        apps.close();
        if (plane != null) plane.close();
    }

    @Test
    void waypointBalancesEveryRequestOfOneConnection() {
        assertEquals(CALLS / 2, answers.stream().filter(a -> a.startsWith("200 back-0 got")).count(), answers.toString());
        assertEquals(CALLS / 2, answers.stream().filter(a -> a.startsWith("200 back-1 got")).count(), answers.toString());
    }

    @Test
    void waypointReportsRequestsAndZtunnelsReportTheHops() throws Exception {
        String wp = scrape("waypoint-mb-wp");
        assertEquals(CALLS, PromScan.sum(wp, "istio_requests_total", "reporter", "waypoint", "source_workload", "front",
                "destination_workload", "back", "response_code", "200"), wp);
        assertEquals(2, PromScan.sum(wp, "meshbench_hbone_connections_opened_total"), "one tunnel per destination node");
        String z0 = scrape("ztunnel-node-0");
        assertEquals(1, PromScan.sum(z0, ZtunnelMetrics.OPENED, "reporter", "source", "destination_workload", "waypoint"), z0);
        assertEquals(1, PromScan.sum(z0, "meshbench_hbone_connections_opened_total", "peer", NET + "40.1:" + Waypoint.HBONE_PORT));
        String z1 = scrape("ztunnel-node-1");
        assertEquals(1, PromScan.sum(z1, ZtunnelMetrics.OPENED, "reporter", "destination", "source_workload", "waypoint",
                "destination_workload", "back"), z1);
    }

    @Test
    void waypointShareIsInTheAttribution() {
        assertTrue(usage.method().contains("waypoint"), usage.method());
        assertTrue(usage.meshMemoryPerPodBytes() > 0);
    }

    private static String scrape(String name) throws IOException {
        for (MetricsSource s : plane.metrics()) if (s.name().equals(name)) return s.scrape();
        throw new AssertionError("no metrics source " + name);
    }
}
