package io.meshbench.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class QuantitiesTest {

    @Test
    void sizesUseBinaryMultiplesAsIsotopeDoes() {
        assertEquals(1024, Quantities.parseSize("1 KB"));
        assertEquals(1024, Quantities.parseSize("1KB"));
        assertEquals(1024, Quantities.parseSize("1KiB"));
        assertEquals(16 * 1024, Quantities.parseSize("16k"));
        assertEquals(10L * 1024 * 1024, Quantities.parseSize("10mb"));
        assertEquals(100, Quantities.parseSize("100 B"));
        assertEquals(512, Quantities.parseSize("512"));
        assertEquals(1536, Quantities.parseSize("1.5 KB"));
        assertEquals(3L << 30, Quantities.parseSize("3 GB"));
    }

    @Test
    void badSizesSayWhatIsAccepted() {
        for (String bad : new String[] {"", "KB", "1 XB", "-5", "1 K B", "1iB", "ten"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Quantities.parseSize(bad), bad);
            assertTrue(e.getMessage().contains("1 KB"), e.getMessage());
        }
    }

    @Test
    void sizesFormatToTheirShortestExactForm() {
        assertEquals("2 MB", Quantities.formatSize(2 * Quantities.MIB));
        assertEquals("1 KB", Quantities.formatSize(1024));
        assertEquals("1500 B", Quantities.formatSize(1500));
        assertEquals("0 B", Quantities.formatSize(0));
        for (long bytes : new long[] {0, 1, 1023, 1024, 1536, 8192, Quantities.MIB, 64 * Quantities.MIB}) {
            assertEquals(bytes, Quantities.parseSize(Quantities.formatSize(bytes)));
        }
    }

    @Test
    void durationsFollowGo() {
        assertEquals(Duration.ofMillis(10), Quantities.parseDuration("10ms"));
        assertEquals(Duration.ofMillis(1500), Quantities.parseDuration("1.5s"));
        assertEquals(Duration.ofNanos(100_000), Quantities.parseDuration("100us"));
        assertEquals(Duration.ofNanos(100_000), Quantities.parseDuration("100µs"));
        assertEquals(Duration.ofMinutes(2), Quantities.parseDuration("2m"));
        assertEquals(Duration.ofSeconds(90), Quantities.parseDuration("1m30s"));
        assertEquals(Duration.ofNanos(7), Quantities.parseDuration("7ns"));
    }

    @Test
    void badDurationsSayWhatIsAccepted() {
        IllegalArgumentException noUnit = assertThrows(IllegalArgumentException.class, () -> Quantities.parseDuration("10"));
        assertTrue(noUnit.getMessage().contains("'10ms'"), noUnit.getMessage());
        for (String bad : new String[] {"", "ms", "10 parsecs", "-5ms", "10ms5"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Quantities.parseDuration(bad), bad);
            assertTrue(e.getMessage().contains("10ms"), e.getMessage());
        }
    }

    @Test
    void durationsFormatToTheirShortestExactForm() {
        assertEquals("2s", Quantities.formatDuration(Duration.ofSeconds(2)));
        assertEquals("1500ms", Quantities.formatDuration(Duration.ofMillis(1500)));
        assertEquals("100us", Quantities.formatDuration(Duration.ofNanos(100_000)));
        assertEquals("0ms", Quantities.formatDuration(Duration.ZERO));
        for (long nanos : new long[] {0, 7, 100_000, 3_000_000, 1_500_000_000L, 60_000_000_000L}) {
            assertEquals(Duration.ofNanos(nanos), Quantities.parseDuration(Quantities.formatDuration(Duration.ofNanos(nanos))));
        }
    }

    @Test
    void errorRatesArePercentagesOrFractions() {
        assertEquals(0.005, Quantities.parseErrorRate("0.5%"), 1e-12);
        assertEquals(0.005, Quantities.parseErrorRate("0.005"), 1e-12);
        assertEquals(1.0, Quantities.parseErrorRate("100%"));
        assertEquals(0.0, Quantities.parseErrorRate("0"));
        assertThrows(IllegalArgumentException.class, () -> Quantities.parseErrorRate("101%"));
        assertThrows(IllegalArgumentException.class, () -> Quantities.parseErrorRate("-1%"));
        IllegalArgumentException aboveOne = assertThrows(IllegalArgumentException.class, () -> Quantities.parseErrorRate("5"));
        assertTrue(aboveOne.getMessage().contains("'5%'"), aboveOne.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Quantities.parseErrorRate("often"));
    }
}
