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

    @Test
    void scheduleInterleavesModesPerRepetitionWithWarmupFirst() {
        Scenario s = new Scenario("s", "x", 10, false, Duration.ZERO, Duration.ofSeconds(2), Duration.ofSeconds(5),
                ConnectionReuse.SHARED, false, 2, "", null);
        List<EntryPoint> e = List.of(new EntryPoint("web", URI.create("http://127.0.0.1:1/")));
        List<LoadPhase> phases = LoadSchedule.build(List.of(MeshMode.BASELINE, MeshMode.AMBIENT),
                Map.of(MeshMode.BASELINE, e, MeshMode.AMBIENT, e), s, 3);
        assertEquals(8, phases.size());
        assertEquals(List.of("warmup baseline 1", "measure baseline 1", "warmup ambient 1", "measure ambient 1",
                        "warmup baseline 2", "measure baseline 2", "warmup ambient 2", "measure ambient 2"),
                phases.stream().map(p -> p.kind().id() + " " + p.mode().id() + " " + p.repetition()).toList());
        assertEquals("warmup baseline web", phases.get(0).requestName(e.get(0)));
        assertEquals("baseline web", phases.get(1).requestName(e.get(0)));
        assertEquals(Duration.ofSeconds(28), LoadSchedule.total(phases));
    }

    @Test
    void laterRepetitionsBeginWithAnIdleWindowOfTheirOwn() {
        Scenario s = new Scenario("s", "x", 10, false, Duration.ofSeconds(3), Duration.ZERO, Duration.ofSeconds(5),
                ConnectionReuse.SHARED, false, 3, "", null);
        List<EntryPoint> e = List.of(new EntryPoint("web", URI.create("http://127.0.0.1:1/")));
        List<LoadPhase> phases = LoadSchedule.build(List.of(MeshMode.SIDECAR, MeshMode.AMBIENT),
                Map.of(MeshMode.SIDECAR, e, MeshMode.AMBIENT, e), s, 3);
        assertEquals(List.of("measure 1", "measure 1", "idle 2", "measure 2", "measure 2", "idle 3", "measure 3", "measure 3"),
                phases.stream().map(p -> p.kind().id() + " " + p.repetition()).toList());
        assertEquals(Duration.ofSeconds(3), phases.get(2).duration());
        assertEquals(0, phases.get(2).offeredRps());
    }
}
