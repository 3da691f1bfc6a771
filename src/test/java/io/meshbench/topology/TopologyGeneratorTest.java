package io.meshbench.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class TopologyGeneratorTest {

    @Test
    void sameSizeAndSeedGiveTheSameGraph() {
        assertEquals(TopologyGenerator.generate(142, 1), TopologyGenerator.generate(142, 1));
        assertEquals(TopologyGenerator.generate(777, 42), TopologyGenerator.generate(777, 42));
        assertNotEquals(TopologyGenerator.generate(142, 1).services(), TopologyGenerator.generate(142, 2).services());
    }

    @Test
    void everySizeFromOneToAFewThousandIsAValidGraph() {
        for (int n : new int[] {1, 2, 3, 4, 5, 7, 8, 10, 20, 50, 142, 500, 1000, 2000, 5000}) {
            Topology t = TopologyGenerator.generate(n, 1);
            assertEquals(n, t.services().size(), "n=" + n);
            List<TopologyException.Problem> problems = TopologyValidator.validate(t.services(), SourceMap.none(), n);
            assertTrue(problems.isEmpty(), "n=" + n + ": " + problems);
            assertTrue(new CallGraph(t.services()).cycles().isEmpty(), "n=" + n);
            assertTrue(t.services().stream().allMatch(s -> s.callees().size() <= 8), "fan-out, n=" + n);
        }
    }

    @Test
    void aSingleServiceIsAnEntrypointThatSleeps() {
        Topology one = TopologyGenerator.generate(1, 1);
        Service only = one.services().get(0);
        assertTrue(only.entrypoint());
        assertEquals(List.of(), only.callees());
        assertTrue(only.script().get(0) instanceof Step.Sleep);
        assertEquals("1", one.name());
        assertEquals("generated(n=1, seed=1)", one.source());
        assertEquals("142-seed7", TopologyGenerator.generate(142, 7).name());
    }

    @Test
    void hasAnEdgeTierOfEntrypointsDomainTiersAndDataLeaves() {
        Topology t = TopologyGenerator.generate(142, 1);
        List<Service> entry = t.entrypoints();
        double edgeShare = entry.size() / 142.0;
        assertTrue(edgeShare >= 0.05 && edgeShare <= 0.08, "edge share " + edgeShare);
        assertTrue(entry.stream().allMatch(s -> s.name().matches(".*-(bff|api|gateway)(-\\d+)?")), entry.toString());
        List<Service> leaves = t.services().stream().filter(s -> s.callees().isEmpty()).toList();
        assertTrue(leaves.stream().allMatch(s -> s.name().endsWith("-db-proxy") || s.name().endsWith("-cache")),
                "only data-access services are leaves");
        double leafShare = leaves.size() / 142.0;
        assertTrue(leafShare > 0.2 && leafShare < 0.4, "leaf share " + leafShare);
        assertTrue(t.services().stream().noneMatch(s -> s.name().matches(".*-\\d+")),
                "the 142 platform needs no numbered variants");
        assertTrue(t.service("checkout").isPresent() && t.service("payment").isPresent() && t.service("fraud").isPresent());
    }

    @Test
    void everyServiceButTheEntrypointsIsCalled() {
        for (int n : new int[] {2, 10, 142, 3000}) {
            Topology t = TopologyGenerator.generate(n, 3);
            Map<String, Integer> callers = new HashMap<>();
            t.services().forEach(s -> s.callees().forEach(c -> callers.merge(c, 1, Integer::sum)));
            for (Service s : t.services()) {
                assertTrue(s.entrypoint() || callers.containsKey(s.name()), "n=" + n + ": nobody calls " + s.name());
                assertFalse(s.entrypoint() && callers.containsKey(s.name()), "an entrypoint is called: " + s.name());
            }
        }
    }

    @Test
    void depthGrowsFromThreeToSixWithSize() {
        assertEquals(1, TopologySummary.maxDepth(TopologyGenerator.generate(1, 1)));
        assertEquals(2, TopologySummary.maxDepth(TopologyGenerator.generate(2, 1)));
        assertEquals(3, TopologySummary.maxDepth(TopologyGenerator.generate(3, 1)));
        assertEquals(5, TopologySummary.maxDepth(TopologyGenerator.generate(142, 1)));
        assertEquals(6, TopologySummary.maxDepth(TopologyGenerator.generate(3000, 1)));
        for (int n : new int[] {10, 50, 500, 2000}) {
            int depth = TopologySummary.maxDepth(TopologyGenerator.generate(n, 1));
            assertTrue(depth >= 3 && depth <= 6, "n=" + n + " depth " + depth);
        }
    }

    @Test
    void callsAreGroupedOneToFourPerStepWithSomeConcurrency() {
        Topology t = TopologyGenerator.generate(142, 1);
        int concurrentGroups = 0;
        int sequentialCalls = 0;
        for (Service s : t.services()) {
            for (Step step : s.script()) {
                if (step instanceof Step.Concurrent group) {
                    concurrentGroups++;
                    assertTrue(group.steps().size() >= 2 && group.steps().size() <= 4, s.name());
                    assertTrue(group.steps().stream().allMatch(Step.Call.class::isInstance));
                } else if (step instanceof Step.Call) {
                    sequentialCalls++;
                }
            }
            assertTrue(s.callees().size() <= 8, s.name() + " calls " + s.callees().size());
        }
        assertTrue(concurrentGroups > 10, "concurrent groups: " + concurrentGroups);
        assertTrue(sequentialCalls > 10, "single calls: " + sequentialCalls);
    }

    @Test
    void valuesStayInRealisticRanges() {
        Topology t = TopologyGenerator.generate(1000, 5);
        List<Duration> sleeps = new ArrayList<>();
        for (Service s : t.services()) {
            assertTrue(s.replicas() >= 1 && s.replicas() <= 3, s.name());
            assertTrue(s.responseSizeBytes() >= 256 && s.responseSizeBytes() <= 8192, s.name());
            assertEquals(0.0, s.errorRate());
            for (Step step : s.script()) {
                if (step instanceof Step.Sleep sleep) {
                    assertTrue(s.callees().isEmpty(), "only leaves sleep");
                    sleeps.add(sleep.duration());
                }
            }
        }
        assertTrue(sleeps.stream().allMatch(d -> d.toMillis() >= 1 && d.toMillis() <= 5), sleeps.toString());
        assertTrue(sleeps.stream().distinct().count() > 1);
    }
}
