package io.meshbench.run;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** A settling round is long enough for 30 requests at the run's rate, within 3 to 10 s. */
class DataPlaneSettlingTest {

    @Test
    void aRoundHoldsThirtyRequestsWithinItsBounds() {
        assertEquals(Duration.ofSeconds(6), DataPlaneSettling.round(5));
        assertEquals(Duration.ofSeconds(3), DataPlaneSettling.round(100), "high rates: the shortest round");
        assertEquals(Duration.ofSeconds(10), DataPlaneSettling.round(1), "low rates: the longest round");
    }
}
