package io.meshbench.run;

import io.meshbench.core.MeshMode;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RunPlanTest {
    private static Properties props(String... kv) {
        Properties p = new Properties();
        for (int i = 0; i < kv.length; i += 2) p.setProperty(kv[i], kv[i + 1]);
        return p;
    }

    @Test
    void defaultsAreThe142TopologyAndThreeModesOnTheLocalTarget() {
        RunPlan plan = RunPlan.fromProperties(props("meshbench.runId", "r1"));
        assertEquals("142", plan.topology());
        assertEquals(List.of(MeshMode.BASELINE, MeshMode.SIDECAR, MeshMode.AMBIENT), plan.modes());
        assertEquals(io.meshbench.core.Target.LOCAL, plan.target());
        assertEquals(false, plan.gateStrict());
        assertEquals(plan.seed(), plan.orderSeed());
        assertEquals(3, plan.nodes());
        assertTrue(plan.runDir().endsWith("results/r1"));
    }

    @Test
    void modesKeepTheGivenOrder() {
        RunPlan plan = RunPlan.fromProperties(props("modes", "waypoint, ambient,baseline"));
        assertEquals(List.of(MeshMode.WAYPOINT, MeshMode.AMBIENT, MeshMode.BASELINE), plan.modes());
    }

    @Test
    void everyBadFlagIsReportedAtOnce() {
        InputException e = assertThrows(InputException.class, () -> RunPlan.fromProperties(props(
                "modes", "sidecar,ambiant,sidecar", "target", "cloud", "nodes", "0", "pushgateway", "pg:9091")));
        String m = e.getMessage();
        assertTrue(m.contains("unknown mesh mode 'ambiant'; use one of baseline, sidecar, ambient, waypoint"), m);
        assertTrue(m.contains("'sidecar' is listed twice"), m);
        assertTrue(m.contains("-Dtarget=cloud: use local or kubernetes"), m);
        assertTrue(m.contains("-Dnodes=0"), m);
        assertTrue(m.contains("-Dpushgateway=pg:9091"), m);
        assertEquals(5, e.problems().size());
    }

    @Test
    void aMisspeltOptionIsRefusedWithTheOneItProbablyMeantInsteadOfSilentlyIgnored() {
        InputException e = assertThrows(InputException.class, () -> RunPlan.fromProperties(props(
                "topolgy", "tiny", "mode", "sidecar", "fault.servce", "cart", "injector", "3", "nodes", "0")));
        String m = e.getMessage();
        assertTrue(m.contains("-Dtopolgy is not an option of meshbench (did you mean -Dtopology?)"), m);
        assertTrue(m.contains("-Dmode is not an option of meshbench (did you mean -Dmodes?)"), m);
        assertTrue(m.contains("(did you mean -Dfault.service?)"), m);
        assertTrue(m.contains("(did you mean -Dinjectors?)"), m);
        assertTrue(m.contains("-Dnodes=0"), "all problems at once: " + m);
        assertEquals(5, e.problems().size(), m);
    }

    @Test
    void theJvmsAndMavensOwnPropertiesAndTheInternalOnesAreNotTakenForMisspeltOptions() {
        Properties p = new Properties();
        p.putAll(System.getProperties());
        p.putAll(props("meshbench.runId", "r1", "meshbench.projectDir", "/tmp", "meshbench.topologyDefault", "142",
                "maven.repo.local", "/m2", "library.jansi.path", "/x", "exec.args", "render", "gatling.jvm.heap", "-Xmx3g",
                "run.id", "r1", "test", "X", "java.net.preferIPv4Stack", "true", "local.cds", "off"));
        assertTrue(RunPlan.parse(p).problems().isEmpty(), RunPlan.parse(p).problems().toString());
        // every option any reader takes is known, so none is a near miss of another
        for (String option : Options.names()) assertTrue(Options.nearMiss(option).isEmpty(), option);
    }

    @Test
    void localDataPlaneLayoutIsTypedAndABadOneIsNamed() {
        assertEquals(io.meshbench.platform.local.DataPlaneLayout.PROCESS, RunPlan.fromProperties(props()).localDataPlane());
        assertEquals(io.meshbench.platform.local.DataPlaneLayout.PROCESS,
                RunPlan.fromProperties(props("local.dataplane", "Process")).localDataPlane());
        InputException e = assertThrows(InputException.class,
                () -> RunPlan.fromProperties(props("local.dataplane", "pods", "nodes", "0")));
        assertTrue(e.getMessage().contains("-Dlocal.dataplane=pods: use embedded or process"), e.getMessage());
        assertTrue(e.getMessage().contains("-Dnodes=0"), "all problems at once: " + e.getMessage());
    }

    @Test
    void theLocalAddressBlockIsTypedAndAnOutOfRangeOneIsNamed() {
        assertEquals(io.meshbench.platform.local.LocalSettings.DEFAULT_ADDRESS_BLOCK, RunPlan.fromProperties(props()).localAddressBlock());
        assertEquals(150, RunPlan.fromProperties(props("local.addressBlock", "150")).localAddressBlock());
        InputException e = assertThrows(InputException.class, () -> RunPlan.fromProperties(props("local.addressBlock", "250")));
        assertTrue(e.getMessage().contains("-Dlocal.addressBlock=250"), e.getMessage());
        assertTrue(e.getMessage().contains("1 to 241"), e.getMessage());
    }

    @Test
    void aProxyWarmUpThatIsNotACountOfCallsIsRefusedBeforeAnyDeploy() {
        RunPlan.fromProperties(props("local.proxyWarmUp", "0"));   // off is a valid choice
        for (String bad : new String[]{"lots", "-1", "100000"}) {
            InputException e = assertThrows(InputException.class, () -> RunPlan.fromProperties(props("local.proxyWarmUp", bad)));
            assertTrue(e.getMessage().contains("-Dlocal.proxyWarmUp=" + bad), e.getMessage());
            assertTrue(e.getMessage().contains("0 (off) to 10000"), e.getMessage());
        }
    }

    @Test
    void gateStrictAndOrderSeedAreTyped() {
        RunPlan plan = RunPlan.fromProperties(props("gate.strict", "TRUE", "order.seed", "42", "maxPods", "50"));
        assertTrue(plan.gateStrict());
        assertEquals(42, plan.orderSeed());
        assertEquals(50, plan.maxPods());
    }

    @Test
    void rehearsalIsOnByDefaultForOneMeasuredWindowAndCanBeSizedOrTurnedOff() {
        Duration window = Duration.ofSeconds(20);
        assertEquals(window, RunPlan.fromProperties(props()).rehearsalWindow(window));
        assertEquals(window, RunPlan.fromProperties(props("rehearse", "True")).rehearsalWindow(window));
        assertEquals(Duration.ZERO, RunPlan.fromProperties(props("rehearse", "false")).rehearsalWindow(window));
        assertEquals(Duration.ZERO, RunPlan.fromProperties(props("rehearse", "0s")).rehearsalWindow(window));
        assertEquals(Duration.ofSeconds(45), RunPlan.fromProperties(props("rehearse", "45s")).rehearsalWindow(window));
    }

    @Test
    void aBadRehearsalIsNamedWithTheOtherProblems() {
        for (String bad : List.of("maybe", "-5s", "11m")) {
            InputException e = assertThrows(InputException.class,
                    () -> RunPlan.fromProperties(props("rehearse", bad, "nodes", "0")));
            assertEquals(2, e.problems().size(), e.problems().toString());
            assertTrue(e.getMessage().contains("-Drehearse=" + bad + ": give true, false or the traffic window"), e.getMessage());
            assertTrue(e.getMessage().contains("-Dnodes=0"), e.getMessage());
        }
    }

    @Test
    void aRunIdIsANameNotAPath() {
        for (String bad : List.of("..", ".", "a/b", "../up", "x y", "")) {
            RunPlan.Parsed parsed = RunPlan.parse(props("meshbench.runId", bad));
            assertEquals(1, parsed.problems().size(), bad + ": " + parsed.problems());
            assertTrue(parsed.problems().get(0).startsWith("-Drun.id=" + bad + ":"), parsed.problems().get(0));
        }
        for (String good : List.of("nightly-42", "a.b_c", "..x", "20261130-010203")) {
            assertTrue(RunPlan.parse(props("meshbench.runId", good)).problems().isEmpty(), good);
        }
    }

    @Test
    void badNumbersAreCollectedNotThrownOneByOne() {
        RunPlan.Parsed parsed = RunPlan.parse(props("maxPods", "x", "maxServices", "-3", "seed", "s", "gate.strict", "maybe",
                "workload.memory", "lots"));
        assertEquals(5, parsed.problems().size(), parsed.problems().toString());
    }

    @Test
    void theReplicaLimitIsAFlagOfThePlan() {
        assertEquals(100, RunPlan.parse(props()).plan().maxReplicas());
        assertEquals(1000, RunPlan.parse(props("maxReplicas", "1000")).plan().maxReplicas());
        RunPlan.Parsed bad = RunPlan.parse(props("maxReplicas", "lots", "maxPods", "x"));
        assertEquals(List.of("-DmaxPods=x: give a whole number of pods per mode, e.g. -DmaxPods="
                        + io.meshbench.platform.local.LocalSettings.DEFAULT_MAX_PODS,
                "-DmaxReplicas=lots: give a positive whole number, e.g. -DmaxReplicas=1000"), bad.problems());
    }
}
