package io.meshbench.load;

import io.meshbench.core.EntryPoint;
import io.meshbench.core.MeshMode;
import io.meshbench.topology.Service;
import io.meshbench.topology.Step;
import io.meshbench.topology.Topology;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

class EntryRatesTest {
    private static Service svc(String name, boolean entry, Step... script) {
        return new Service(name, 1, entry, 100, 0, List.of(script));
    }

    // web -> (api, concurrent[db, cache]); api -> db; mobile -> api
    private final Topology topology = new Topology("t", "test", List.of(
            svc("web", true, new Step.Call("api", 0), new Step.Concurrent(List.of(new Step.Call("db", 0), new Step.Call("cache", 0)))),
            svc("mobile", true, new Step.Call("api", 0)),
            svc("api", false, new Step.Sleep(Duration.ofMillis(1)), new Step.Call("db", 0)),
            svc("db", false),
            svc("cache", false)));

    @Test
    void countsTheWholeCallTreeOfAnEntryRequest() {
        assertEquals(1, EntryRates.invocationsPerRequest(topology, "db"));
        assertEquals(2, EntryRates.invocationsPerRequest(topology, "api"));
        assertEquals(5, EntryRates.invocationsPerRequest(topology, "web"));   // web, api, db, db, cache
        assertEquals(3, EntryRates.invocationsPerRequest(topology, "mobile"));
    }

    @Test
    void entryRateMakesServicesHandleTheAskedRateOnAverage() {
        double entry = EntryRates.totalEntryRate(topology, 100);
        // Each entry point gets entry/2; service invocations per second = entry/2 × (5 + 3).
        double serviceRequests = entry / 2 * (5 + 3);
        assertEquals(100.0 * 5, serviceRequests, 1e-9);
    }
}
