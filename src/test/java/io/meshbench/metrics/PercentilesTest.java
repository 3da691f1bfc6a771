package io.meshbench.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class PercentilesTest {

    @Test
    void nearestRankIsAMeasuredValueAndTheLowerMedianForAnEvenCount() {
        double[] four = {10, 20, 30, 40};
        assertEquals(20, Percentiles.nearestRank(four, 50));
        assertEquals(40, Percentiles.nearestRank(four, 95));
        assertEquals(10, Percentiles.nearestRank(four, 25));
        assertEquals(40, Percentiles.nearestRank(four, 100));
        assertEquals(30, Percentiles.nearestRank(new double[]{10, 30, 50}, 50));
        assertTrue(Double.isNaN(Percentiles.nearestRank(new double[0], 50)));
    }

    @Test
    void podStartupP50IsTheSameRuleOverReadyTimes() {
        List<PodStartup> pods = List.of(pod("a", 40), pod("b", 10), pod("c", 30), pod("d", 20),
                pod("never-ready", Double.NaN));
        assertEquals(20, PodStartup.p50ReadyMillis(pods));
        assertTrue(Double.isNaN(PodStartup.p50ReadyMillis(List.of())));
    }

    private static PodStartup pod(String name, double readyMillis) {
        return new PodStartup(name, "svc", "node-1", Instant.EPOCH, Map.of("ready", readyMillis));
    }
}
