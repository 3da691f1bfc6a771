package io.meshbench.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class TopologySummaryTest {

    @Test
    void summarisesTheShippedSmallTopology() {
        Topology small = TopologyLoader.load("small", Path.of("").toAbsolutePath(), 1, 100);
        Map<String, Object> s = TopologySummary.summary(small);
        assertEquals(List.of("name", "source", "services", "edges", "entrypoints", "entrypoint_names", "pods",
                "max_depth", "ignored_fields", "notes"), List.copyOf(s.keySet()));
        assertEquals("small", s.get("name"));
        assertEquals("topologies/small.yaml", s.get("source"));
        assertEquals(5, s.get("services"));
        // storefront → catalog, cart, recommendation; catalog → catalog-db; recommendation → catalog-db
        assertEquals(5, s.get("edges"));
        assertEquals(1, s.get("entrypoints"));
        assertEquals(List.of("storefront"), s.get("entrypoint_names"));
        assertEquals(6, s.get("pods"));
        assertEquals(3, s.get("max_depth"));
        assertEquals(List.of(), s.get("ignored_fields"));
    }

    @Test
    void depthOfADeepChainNeedsNoRecursion() {
        int n = 20_000;
        List<Service> chain = new java.util.ArrayList<>();
        for (int i = 0; i < n; i++) {
            List<Step> script = i + 1 < n ? List.of(new Step.Call("s" + (i + 1), 0)) : List.of();
            chain.add(new Service("s" + i, 1, i == 0, 0, 0, script));
        }
        assertEquals(n, TopologySummary.maxDepth(new Topology("chain", "test", chain)));
    }
}
