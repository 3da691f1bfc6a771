package io.meshbench.workload;

import io.meshbench.topology.Step;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** isotope's {@code probability}: that share of requests makes the call, the others skip it and still succeed. */
class CallProbabilityTest {

    private static int callsMade(int probabilityPercent, int requests) {
        AtomicInteger made = new AtomicInteger();
        ScriptRunner runner = new ScriptRunner((call, phase) -> {
            made.incrementAndGet();
            return CompletableFuture.completedFuture(true);
        });
        List<Step> script = List.of(new Step.Call("b", 0, probabilityPercent));
        for (int i = 0; i < requests; i++) {
            assertTrue(runner.run(script, null, "measured").join(), "a skipped call is no failure");
        }
        return made.get();
    }

    @Test
    void everyRequestMakesACallWithoutProbability() {
        assertEquals(4000, callsMade(100, 4000));
    }

    @Test
    void aQuarterOfRequestsMakeACallOfProbability25() {
        int made = callsMade(25, 4000);
        // Binomial(4000, 0.25): mean 1000, standard deviation 27; the bounds are 7 deviations wide.
        assertTrue(made > 800 && made < 1200, made + " of 4000 requests made the call");
    }
}
