package io.meshbench.platform.local;

import io.meshbench.core.MeshMode;
import io.meshbench.platform.BadVersion;
import io.meshbench.platform.Deployment;
import io.meshbench.platform.Disruptor;
import io.meshbench.platform.FaultAction;
import io.meshbench.topology.Service;
import io.meshbench.topology.Step;
import io.meshbench.topology.Topology;
import io.meshbench.workload.Phase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The local target's faults really happen: the pod or proxy is replaced by a fresh one (another
 * instance, another pid in the process layout, the old process gone), traffic flows again once
 * the fault returns, and what a data-plane restart hits follows the architecture — one pod for a
 * sidecar, every pod of the node for a ztunnel. No timing is asserted.
 */
class LocalDisruptorTest {
    private static int block;
    private final HttpClient http = HttpClient.newBuilder().proxy(HttpClient.Builder.NO_PROXY)
            .version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
    private LocalPlatform platform;

    @BeforeAll
    static void reserve() {
        block = AddressBlocks.reserve();
    }

    @AfterAll
    static void release() {
        AddressBlocks.release(block);
    }

    @AfterEach
    void stop() {
        if (platform != null) platform.close();
    }

    private Deployment deploy(Topology topology, MeshMode mode, DataPlaneLayout layout) throws Exception {
        LocalSettings settings = new LocalSettings(2, 7, 4000, block, layout);
        platform = new LocalPlatform(settings);
        return platform.deploy(topology, mode);
    }

    /** front → cart (2 replicas) → db. */
    static Topology shop() {
        return new Topology("disrupt", "test", List.of(
                new Service("front", 1, true, 200, 0, List.of(new Step.Call("cart", 100))),
                new Service("cart", 2, false, 300, 0, List.of(new Step.Call("db", 10))),
                new Service("db", 1, false, 500, 0, List.of(new Step.Sleep(Duration.ofMillis(1))))));
    }

    private Disruptor disruptor(Deployment d) {
        Optional<Disruptor> x = d.disruptor();
        assertTrue(x.isPresent(), "the local target injects faults");
        return x.get();
    }

    /** Status codes of {@code n} entry requests, one after another. */
    private List<Integer> call(Deployment d, int n) throws Exception {
        URI entry = d.entryPoints().get(0).url();
        List<Integer> codes = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            codes.add(http.send(HttpRequest.newBuilder(entry).header(Phase.HEADER, "measure").timeout(Duration.ofSeconds(10))
                    .build(), HttpResponse.BodyHandlers.discarding()).statusCode());
        }
        return codes;
    }

    private static void assertAllOk(List<Integer> codes, String when) {
        assertTrue(codes.stream().allMatch(c -> c == 200), when + ": " + codes);
    }

    @ParameterizedTest
    @EnumSource(value = MeshMode.class, names = {"BASELINE", "SIDECAR", "AMBIENT", "WAYPOINT"})
    void restartPodReplacesThePodWithAFreshOneThatServes(MeshMode mode) throws Exception {
        Deployment d = deploy(shop(), mode, DataPlaneLayout.EMBEDDED);
        assertAllOk(call(d, 5), "before");
        FaultAction a = disruptor(d).restartPod("cart");
        assertEquals("restart-pod", a.action());
        assertEquals(1, a.removed().size());
        assertTrue(a.removed().get(0).startsWith("pod cart-0 workload @"), a.removed().toString());
        assertNotEquals(a.removed().get(0), a.added().get(0), "a fresh pod, not the old one");
        assertNotNull(a.ready(), "ready once its readiness was seen");
        assertAllOk(call(d, 10), "after the restart");
    }

    @Test
    void aSidecarRestartHitsOnePodAZtunnelRestartEveryPodOfItsNode() throws Exception {
        List<String> cartNode;
        {
            LocalCluster layout = LocalDeployment.layOut(shop(), MeshMode.AMBIENT, new LocalSettings(2, 7, 4000, block));
            int node = layout.podsByService().get("cart").get(0).node();
            cartNode = layout.podsByService().values().stream().flatMap(List::stream).filter(p -> p.node() == node)
                    .map(LocalPod::name).toList();
        }
        assertTrue(cartNode.size() >= 2, "the node of cart-0 runs other pods too: " + cartNode);

        Deployment sidecar = deploy(shop(), MeshMode.SIDECAR, DataPlaneLayout.EMBEDDED);
        FaultAction s = disruptor(sidecar).restartDataPlaneOf("cart");
        assertNotEquals(s.removed(), s.added(), "a fresh sidecar");
        assertEquals("1 pods lost their data plane meanwhile: cart-0", s.note());
        assertAllOk(call(sidecar, 10), "sidecar after the restart");
        platform.close();

        Deployment ambient = deploy(shop(), MeshMode.AMBIENT, DataPlaneLayout.EMBEDDED);
        FaultAction z = disruptor(ambient).restartDataPlaneOf("cart");
        assertTrue(z.removed().get(0).startsWith("ztunnel node-"), z.removed().toString());
        assertNotEquals(z.removed(), z.added(), "a fresh ztunnel");
        assertEquals(cartNode.size() + " pods lost their data plane meanwhile: " + String.join(", ", cartNode), z.note());
        assertAllOk(call(ambient, 10), "ambient after the restart: every pod of the node enrolled again");
    }

    @Test
    void baselineHasNoDataPlaneToRestart() throws Exception {
        Deployment d = deploy(shop(), MeshMode.BASELINE, DataPlaneLayout.EMBEDDED);
        FaultAction a = disruptor(d).restartDataPlaneOf("cart");
        assertTrue(a.removed().isEmpty());
        assertTrue(a.note().contains("the control"), a.note());
    }

    @ParameterizedTest
    @EnumSource(value = MeshMode.class, names = {"SIDECAR", "AMBIENT", "WAYPOINT"})
    void theProcessLayoutKillsTheProxyProcessAndSpawnsAFreshOne(MeshMode mode) throws Exception {
        Deployment d = deploy(shop(), mode, DataPlaneLayout.PROCESS);
        assertAllOk(call(d, 3), "before");
        FaultAction a = disruptor(d).restartDataPlaneOf("cart");
        long killed = pid(a.removed().get(0));
        long fresh = pid(a.added().get(0));
        assertNotEquals(killed, fresh, a.toString());
        assertFalse(ProcessHandle.of(killed).map(ProcessHandle::isAlive).orElse(false), "pid " + killed + " is gone");
        assertTrue(ProcessHandle.of(fresh).map(ProcessHandle::isAlive).orElse(false), "pid " + fresh + " runs");
        String expected = switch (mode) {
            case SIDECAR -> "sidecar cart-0";
            case AMBIENT -> "ztunnel node-";
            default -> "waypoint ";
        };
        assertTrue(a.added().get(0).contains(expected), a.added().toString());
        assertAllOk(call(d, 10), "after the restart");
        FaultAction pod = disruptor(d).restartPod("cart");
        assertNotEquals(pod.removed(), pod.added());
        assertAllOk(call(d, 10), "after a pod restart");
    }

    /**
     * The process layout's workloads run in workload hosts: a restarted pod is a fresh server in its
     * node's host (another instance, the same host), and a bad version reaches the hosted pods — its
     * error share fails every call, its added latency holds each one at least that long.
     */
    @ParameterizedTest
    @EnumSource(value = MeshMode.class, names = {"BASELINE", "AMBIENT"})
    void theProcessLayoutRestartsAndRollsOutPodsInTheirWorkloadHosts(MeshMode mode) throws Exception {
        Deployment d = deploy(shop(), mode, DataPlaneLayout.PROCESS);
        assertAllOk(call(d, 3), "before");
        LocalPod cart0 = ((LocalDeployment) d).localPods().stream().filter(p -> p.name().equals("cart-0")).findFirst().orElseThrow();
        String host = "pid " + ((LocalDeployment) d).hosts().pids().get(cart0.node()) + " workload-host node-" + (cart0.node() + 1);
        FaultAction restart = disruptor(d).restartPod("cart");
        assertTrue(restart.removed().get(0).startsWith("pod cart-0 workload #") && restart.removed().get(0).endsWith(host),
                restart.removed() + " runs in " + host);
        assertTrue(restart.added().get(0).endsWith(host), restart.added().toString());
        assertNotEquals(restart.removed(), restart.added(), "a fresh server");
        assertAllOk(call(d, 5), "after the pod restart");

        Disruptor x = disruptor(d);
        x.rollOut("cart", new BadVersion(100, Duration.ofMillis(150), 10));
        long t0 = System.nanoTime();
        List<Integer> during = call(d, 4);
        double perCallMillis = (System.nanoTime() - t0) / 1e6 / 4;
        assertTrue(during.stream().noneMatch(c -> c == 200), "v2 fails every call: " + during);
        assertTrue(perCallMillis >= 150, "v2 adds 150 ms before answering: " + perCallMillis + " ms per call");
        x.rollBack("cart");
        assertAllOk(call(d, 10), "after the rollback");
    }

    private static long pid(String described) {
        assertTrue(described.startsWith("pid "), described);
        return Long.parseLong(described.split(" ")[1]);
    }

    @Test
    void aBadRolloutFailsCallsWhereItRunsAndTheRollbackRestoresThem() throws Exception {
        BadVersion bad = new BadVersion(100, Duration.ZERO, 50);

        Deployment ambient = deploy(shop(), MeshMode.AMBIENT, DataPlaneLayout.EMBEDDED);
        Disruptor z = disruptor(ambient);
        FaultAction out = z.rollOut("cart", bad);
        assertEquals(100.0, out.trafficSharePct(), "ambient cannot split L7 traffic: every pod runs v2");
        assertTrue(out.note().contains("cannot split"), out.note());
        assertTrue(call(ambient, 10).stream().noneMatch(c -> c == 200), "every call reaches v2, which fails them all");
        FaultAction back = z.rollBack("cart");
        assertEquals(2, back.removed().size());
        assertAllOk(call(ambient, 10), "after the rollback");
        platform.close();

        Deployment sidecar = deploy(shop(), MeshMode.SIDECAR, DataPlaneLayout.EMBEDDED);
        Disruptor s = disruptor(sidecar);
        FaultAction canary = s.rollOut("cart", bad);
        assertEquals(50.0, canary.trafficSharePct(), "the weighted route sends half of cart's requests to v2");
        List<Integer> during = call(sidecar, 20);
        assertEquals(10, during.stream().filter(c -> c != 200).count(),
                "every other call goes to the v2 pod, which fails them all; the rest succeed: " + during);
        FaultAction rolledBack = s.rollBack("cart");
        assertTrue(rolledBack.removed().get(0).startsWith("pod cart-v2-"), rolledBack.removed().toString());
        assertAllOk(call(sidecar, 10), "after the rollback");
    }

    /** front → cart, one replica: a canary by replica count would give v2 all of cart's traffic. */
    static Topology oneReplica() {
        return new Topology("canary", "test", List.of(
                new Service("front", 1, true, 200, 0, List.of(new Step.Call("cart", 100))),
                new Service("cart", 1, false, 300, 0, List.of(new Step.Sleep(Duration.ofMillis(1))))));
    }

    /**
     * A 10% canary failing half its requests: where the mode splits L7 traffic the entry sees about
     * 10% × 50% = 5% failed; ambient rolls out to the one pod, so about 50%. The split itself is
     * exact (40 of 400 calls to v2); which of those fail is the workload's seeded draw, so the
     * bounds are four standard deviations of a binomial either side — a fixed seed, no flake.
     */
    @ParameterizedTest
    @EnumSource(value = MeshMode.class, names = {"SIDECAR", "WAYPOINT", "AMBIENT"})
    void aWeightedCanaryFailsItsWeightTimesTheErrorShareWhereTheModeSplitsL7(MeshMode mode) throws Exception {
        Deployment d = deploy(oneReplica(), mode, DataPlaneLayout.EMBEDDED);
        Disruptor x = disruptor(d);
        FaultAction out = x.rollOut("cart", new BadVersion(50, Duration.ZERO, 10));
        int n = 400;
        double failedShare = call(d, n).stream().filter(c -> c != 200).count() / (double) n;
        if (mode == MeshMode.AMBIENT) {
            assertEquals(100.0, out.trafficSharePct(), out.toString());
            assertTrue(out.note().contains("cannot split L7 traffic"), out.note());
            assertTrue(failedShare > 0.40 && failedShare < 0.60, "about the error share, 50%: " + failedShare);
        } else {
            assertEquals(10.0, out.trafficSharePct(), out.toString());
            assertTrue(out.note().contains("weighted L7 canary"), out.note());
            assertTrue(failedShare > 0.02 && failedShare < 0.08, "about 10% x 50% = 5%: " + failedShare);
        }
        x.rollBack("cart");
        assertAllOk(call(d, 20), "after the rollback");
    }

    /**
     * The process layout: the route reaches the proxy processes as a command and the v2 pod's
     * sidecar is a process of its own. With every v2 request failing the share is exact: 10 of 100.
     */
    @ParameterizedTest
    @EnumSource(value = MeshMode.class, names = {"SIDECAR", "WAYPOINT"})
    void theProcessLayoutRoutesTheCanaryWeightInItsProxyProcesses(MeshMode mode) throws Exception {
        Deployment d = deploy(oneReplica(), mode, DataPlaneLayout.PROCESS);
        Disruptor x = disruptor(d);
        x.rollOut("cart", new BadVersion(100, Duration.ZERO, 10));
        assertEquals(10, call(d, 100).stream().filter(c -> c != 200).count(), "10% of cart's requests to v2");
        x.rollBack("cart");
        assertAllOk(call(d, 20), "after the rollback");
    }
}
