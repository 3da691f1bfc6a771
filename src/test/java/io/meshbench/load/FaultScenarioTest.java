package io.meshbench.load;

import io.meshbench.topology.Service;
import io.meshbench.topology.Step;
import io.meshbench.topology.Topology;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FaultScenarioTest {
    @TempDir
    Path project;

    private static final Path REPO = Path.of("").toAbsolutePath();

    /** frontend → {cart, catalog}; cart → db. */
    private static Topology small() {
        return new Topology("small", "test", List.of(
                new Service("frontend", 1, true, 100, 0, List.of(new Step.Call("cart", 10), new Step.Call("catalog", 10))),
                new Service("cart", 1, false, 100, 0, List.of(new Step.Call("db", 10))),
                new Service("catalog", 1, false, 100, 0, List.of()),
                new Service("db", 1, false, 100, 0, List.of())));
    }

    private Scenario load(String yaml, Properties p) throws IOException {
        Files.createDirectories(project.resolve("scenarios"));
        Files.writeString(project.resolve("scenarios/f.yaml"), yaml);
        return ScenarioLoader.load("f", project, p);
    }

    @Test
    void theShippedDisruptionScenariosLoadAndPassTheirChecksOnASmallGraph() {
        for (String name : List.of("restart-pod", "restart-dataplane", "bad-rollout")) {
            Scenario s = ScenarioLoader.load(name, REPO, new Properties());
            assertNotNull(s.fault(), name);
            assertEquals(name, s.fault().kind().id());
            assertTrue(s.fault().at().compareTo(s.duration()) < 0, name);
            assertEquals(List.of(), FaultCheck.problems(s, small()), name);
            assertTrue(List.of("cart", "catalog", "db").contains(FaultCheck.target(s.fault(), small())),
                    name + ": the seed picks a service that has callers");
        }
        Scenario rollout = ScenarioLoader.load("bad-rollout", REPO, new Properties());
        assertEquals(50, rollout.fault().badVersion().errorSharePct());
        assertEquals(20, rollout.fault().badVersion().canaryWeightPct());
        assertNull(ScenarioLoader.load("steady", REPO, new Properties()).fault(), "steady scenarios have no fault");
    }

    @Test
    void theSeedChoosesTheSameServiceEveryTimeAndDifferentSeedsSpreadOverServices() throws IOException {
        java.util.Set<String> chosen = new java.util.TreeSet<>();
        for (int seed = 1; seed <= 20; seed++) {
            Properties p = new Properties();
            p.setProperty("fault.seed", Integer.toString(seed));
            Scenario s = load("duration: 30s\nfault:\n  kind: restart-pod\n  at: 5s\n", p);
            String first = FaultCheck.target(s.fault(), small());
            assertEquals(first, FaultCheck.target(s.fault(), small()));
            chosen.add(first);
        }
        assertEquals(List.of("cart", "catalog", "db"), List.copyOf(chosen));
    }

    @Test
    void flagsOverrideTheFaultBlock() throws IOException {
        Properties p = new Properties();
        p.setProperty("fault.service", "db");
        p.setProperty("fault.at", "12s");
        p.setProperty("fault.errorShare", "30%");
        Scenario s = load("duration: 40s\nfault:\n  kind: bad-rollout\n  service: cart\n  at: 5s\n  errorShare: 50%\n"
                + "  addedLatency: 100ms\n  canaryWeight: 10\n", p);
        assertEquals("db", s.fault().service());
        assertEquals(Duration.ofSeconds(12), s.fault().at());
        assertEquals(30, s.fault().badVersion().errorSharePct());
        assertEquals(Duration.ofMillis(100), s.fault().badVersion().addedLatency());
        assertEquals(10, s.fault().badVersion().canaryWeightPct());
        assertEquals(1, s.fault().thresholdPct(), "default threshold");
    }

    @Test
    void everyBadFaultFieldIsReportedAtOnceWithFileFieldAndFix() throws IOException {
        ScenarioException e = assertThrows(ScenarioException.class, () -> load(
                "duration: 30s\nfault:\n  kind: bad-rollout\n  at: 45s\n  errorShare: 150%\n  canaryWeight: 0%\n"
                        + "  colour: red\n", new Properties()));
        String m = e.getMessage();
        assertTrue(m.contains("scenarios/f.yaml: fault.at: 45s is outside the measured window (0 to 30s)"), m);
        assertTrue(m.contains("fault.errorShare: 150.0% is outside 0–100%"), m);
        assertTrue(m.contains("fault.canaryWeight: 0.0% is outside (0, 100]%"), m);
        assertTrue(m.contains("fault.colour: unknown field"), m);
        assertEquals(4, m.lines().count(), m);
    }

    @Test
    void aFaultTooLateToSeeRecoveryAndAnUnknownKindAreRefused() throws IOException {
        ScenarioException late = assertThrows(ScenarioException.class,
                () -> load("duration: 30s\nfault:\n  kind: restart-pod\n  at: 25s\n", new Properties()));
        assertTrue(late.getMessage().contains("too short to ever see recovery") && late.getMessage().contains("lengthen duration"),
                late.getMessage());
        ScenarioException kind = assertThrows(ScenarioException.class,
                () -> load("duration: 30s\nfault:\n  kind: reboot\n  at: 5s\n", new Properties()));
        assertTrue(kind.getMessage().contains("fault.kind: 'reboot' is not valid; expected one of restart-pod, "
                + "restart-dataplane, bad-rollout"), kind.getMessage());
        ScenarioException onlyRollout = assertThrows(ScenarioException.class,
                () -> load("duration: 30s\nfault:\n  kind: restart-pod\n  at: 5s\n  errorShare: 5%\n", new Properties()));
        assertTrue(onlyRollout.getMessage().contains("only a bad-rollout fault takes errorShare"), onlyRollout.getMessage());
    }

    @Test
    void faultFlagsOnASteadyScenarioAreRefused() throws IOException {
        Properties p = new Properties();
        p.setProperty("fault.service", "cart");
        ScenarioException e = assertThrows(ScenarioException.class, () -> load("duration: 30s\n", p));
        assertTrue(e.getMessage().contains("-Dfault.service: scenario f schedules no fault"), e.getMessage());
    }

    @Test
    void anUnknownServiceIsNamedWithTheKnownOnesAndASuggestion() throws IOException {
        Scenario s = load("duration: 30s\nfault:\n  kind: restart-pod\n  service: carts\n  at: 5s\n", new Properties());
        List<String> problems = FaultCheck.problems(s, small());
        assertEquals(1, problems.size(), problems.toString());
        assertTrue(problems.get(0).contains("fault.service: unknown service 'carts' (did you mean 'cart'?)"), problems.get(0));
        assertTrue(problems.get(0).contains("frontend, cart, catalog, db"), problems.get(0));
    }

    @Test
    void aBadRolloutNeedsAServiceWithCallers() throws IOException {
        Scenario s = load("duration: 30s\nfault:\n  kind: bad-rollout\n  service: frontend\n  at: 5s\n  errorShare: 5%\n",
                new Properties());
        List<String> named = FaultCheck.problems(s, small());
        assertTrue(named.get(0).contains("'frontend' has no callers") && named.get(0).contains("cart, catalog, db"),
                named.toString());
        Topology lonely = new Topology("lonely", "test", List.of(new Service("solo", 1, true, 10, 0, List.of())));
        List<String> none = FaultCheck.problems(s, lonely);
        assertEquals(1, none.size());
        assertTrue(none.get(0).contains("bad-rollout needs a service that other services call")
                && none.get(0).contains("topology lonely has none"), none.get(0));
    }
}
