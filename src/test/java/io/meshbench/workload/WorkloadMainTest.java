package io.meshbench.workload;

import io.meshbench.topology.Service;
import io.meshbench.topology.TopologyLoader;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WorkloadMainTest {

    @Test
    void readsItsServiceFromTheMountedTopology() {
        WorkloadMain.Settings s = WorkloadMain.Settings.from(Map.of(
                "MESHBENCH_TOPOLOGY", "topologies/tiny.yaml", "MESHBENCH_SERVICE", "x", "HOSTNAME", "x-7f9c"));
        assertEquals("x-7f9c", s.pod());
        var topology = TopologyLoader.loadFile(s.topology(), Path.of("."), Integer.MAX_VALUE, Integer.MAX_VALUE);
        Service first = topology.services().get(0);
        assertEquals(first, WorkloadMain.serviceOf(topology, first.name(), s.topology()));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> WorkloadMain.serviceOf(topology, "nope", s.topology()));
        assertTrue(e.getMessage().contains("MESHBENCH_SERVICE=nope"), e.getMessage());
    }

    @Test
    void namesTheMissingVariable() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> WorkloadMain.Settings.from(Map.of("MESHBENCH_SERVICE", "x")));
        assertTrue(e.getMessage().contains("MESHBENCH_TOPOLOGY"), e.getMessage());
        IllegalArgumentException seed = assertThrows(IllegalArgumentException.class, () -> WorkloadMain.Settings.from(
                Map.of("MESHBENCH_TOPOLOGY", "t.yaml", "MESHBENCH_SERVICE", "x", "MESHBENCH_SEED", "abc")));
        assertTrue(seed.getMessage().contains("MESHBENCH_SEED"), seed.getMessage());
    }
}
