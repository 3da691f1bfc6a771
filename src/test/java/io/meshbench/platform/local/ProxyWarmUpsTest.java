package io.meshbench.platform.local;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ProxyWarmUpsTest {

    @Test
    void summarisesTheProxiesAnswersWithTheMedianProxysCostPerCall() {
        ProxyWarmUps w = ProxyWarmUps.of(List.of(
                "requests=400 ok=400 cpu_ms=900 first_tenth_cpu_us_per_call=9000 last_tenth_cpu_us_per_call=1000 wall_ms=1500",
                "requests=400 ok=398 cpu_ms=1100 first_tenth_cpu_us_per_call=15000 last_tenth_cpu_us_per_call=1400 wall_ms=1700",
                "requests=400 ok=400 cpu_ms=1000 first_tenth_cpu_us_per_call=11000 last_tenth_cpu_us_per_call=1200 wall_ms=1600"),
                Duration.ofMillis(2500));
        assertEquals(3, w.proxies());
        assertEquals(1200, w.calls());
        assertEquals(1198, w.answered());
        assertEquals(3000, w.cpuMillis());
        assertEquals(11000, w.firstTenthP50Micros());
        assertEquals(1200, w.lastTenthP50Micros());
        String line = w.describe();
        assertTrue(line.startsWith("3 proxy processes warmed in 2.5 s: 1200 calls"), line);
        assertTrue(line.contains("(2 not answered 200)"), line);
        assertTrue(line.contains("from 11000 µs (first tenth) to 1200 µs (last tenth)"), line);
    }

    @Test
    void proxiesThatHadNothingToWarmAndUnreadableFieldsAreLeftOut() {
        ProxyWarmUps w = ProxyWarmUps.of(Arrays.asList(null, "requests=10 ok=10 cpu_ms=x"), Duration.ofSeconds(1));
        assertEquals(1, w.proxies());
        assertEquals(10, w.calls());
        assertTrue(Double.isNaN(w.firstTenthP50Micros()));
        assertFalse(w.describe().contains("µs"), w.describe());
    }
}
