package io.meshbench.analysis;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ThresholdsTest {

    @Test
    void parsesTheDocumentedForm() {
        Thresholds t = Thresholds.parse("latency_us.p99:+10%, memory_per_pod_bytes:+15%,startup_ms.p50:2.5%");
        assertEquals(3, t.items().size());
        assertEquals(Metric.LATENCY_P99, t.items().get(0).metric());
        assertEquals(10.0, t.items().get(0).maxWorsePct());
        assertEquals(15.0, t.items().get(1).maxWorsePct());
        assertEquals(2.5, t.items().get(2).maxWorsePct());
        assertEquals("latency_us.p99:+10%,memory_per_pod_bytes:+15%,startup_ms.p50:+2.5%", t.toString());
        assertTrue(Thresholds.parse("  ").isEmpty());
    }

    @Test
    void unknownMetricNamesTheTokenAndListsValidNames() {
        var e = assertThrows(IllegalArgumentException.class, () -> Thresholds.parse("latency_us.p99:+10%,latency.p99:+5%"));
        assertTrue(e.getMessage().contains("'latency.p99'"), e.getMessage());
        assertTrue(e.getMessage().contains("latency.p99:+5%"), e.getMessage());
        assertTrue(e.getMessage().contains(Metric.validNames()), e.getMessage());
    }

    @Test
    void malformedTokensAreNamedWithTheExpectedForm() {
        for (String bad : new String[]{"latency_us.p99=10%", "latency_us.p99:+10", "latency_us.p99:ten%", "latency_us.p99"}) {
            var e = assertThrows(IllegalArgumentException.class, () -> Thresholds.parse(bad), bad);
            assertTrue(e.getMessage().contains("'" + bad + "'"), e.getMessage());
            assertTrue(e.getMessage().contains("<metric>:+<percent>%"), e.getMessage());
        }
        var neg = assertThrows(IllegalArgumentException.class, () -> Thresholds.parse("latency_us.p99:-5%"));
        assertTrue(neg.getMessage().contains("WORSE"), neg.getMessage());
        var empty = assertThrows(IllegalArgumentException.class, () -> Thresholds.parse("latency_us.p99:+5%,,"));
        assertTrue(empty.getMessage().contains("empty entry"), empty.getMessage());
        var dup = assertThrows(IllegalArgumentException.class, () -> Thresholds.parse("latency_us.p99:+5%,latency_us.p99:+9%"));
        assertTrue(dup.getMessage().contains("given twice"), dup.getMessage());
    }
}
