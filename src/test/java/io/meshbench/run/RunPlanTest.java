package io.meshbench.run;

import io.meshbench.core.MeshMode;
import org.junit.jupiter.api.Test;

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
        assertEquals("local", plan.target());
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
}
