package io.meshbench.platform.kubernetes;

import io.fabric8.kubernetes.api.model.PodBuilder;
import io.meshbench.metrics.LatencyRecording;
import io.meshbench.metrics.PodStartup;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MeasurementPartsTest {

    @Test
    void latencyLogsOfSeveralPodsMergePerEdgeAndPerSecond() {
        LatencyRecording r = io.meshbench.workload.LatencyLogs.parse(
                List.of(FakeCluster.latencyLog("frontend"), FakeCluster.latencyLog("cart")));
        assertEquals(4, r.perEdge().get("frontend->cart").getTotalCount());
        assertEquals(2, r.intervals().size());
        assertEquals(3 * 2 * 2, r.intervals().stream().mapToLong(h -> h.getTotalCount()).sum());
        assertEquals(3, r.firstCallMicros().size());
    }

    @Test
    void aConditionAlreadyTrueAtFirstSightFallsBackToItsTimestamp() {
        try (FakeCluster cluster = new FakeCluster()) {
            firstSightFallback(new PodStartupTracker(cluster.client, "ns", "r"));
        }
    }

    private static void firstSightFallback(PodStartupTracker tracker) {
        Instant created = Instant.parse("2026-01-01T00:00:00Z");
        tracker.record(new PodBuilder().withNewMetadata().withName("p").withCreationTimestamp(created.toString())
                .addToLabels(Labels.SERVICE, "s").endMetadata().withNewSpec().withNodeName("n").endSpec()
                .withNewStatus().addNewCondition().withType("PodScheduled").withStatus("True")
                .withLastTransitionTime("2026-01-01T00:00:01Z").endCondition().endStatus().build(), Instant.now());
        Instant later = Instant.now().plusMillis(250);
        tracker.record(new PodBuilder().withNewMetadata().withName("p").withCreationTimestamp(created.toString())
                .addToLabels(Labels.SERVICE, "s").endMetadata().withNewStatus()
                .addNewCondition().withType("PodScheduled").withStatus("True").endCondition()
                .addNewCondition().withType("Initialized").withStatus("True").endCondition()
                .addNewCondition().withType("ContainersReady").withStatus("True").endCondition()
                .addNewCondition().withType("Ready").withStatus("True").endCondition().endStatus().build(), later);
        List<PodStartup> startups = tracker.startups();
        assertEquals(1, startups.size());
        assertEquals(1000.0, startups.get(0).phaseMillis().get("PodScheduled"), 0.001);
        assertEquals(startups.get(0).readyMillis(), startups.get(0).phaseMillis().get("Ready"));
        assertTrue(startups.get(0).readyMillis() >= 250);
        tracker.close();
    }
}
