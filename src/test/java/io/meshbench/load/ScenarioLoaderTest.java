package io.meshbench.load;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ScenarioLoaderTest {
    @TempDir
    Path project;

    private void scenario(String name, String yaml) throws IOException {
        Files.createDirectories(project.resolve("scenarios"));
        Files.writeString(project.resolve("scenarios").resolve(name + ".yaml"), yaml);
    }

    @Test
    void readsEveryFieldOfTheShippedProfiles() {
        Scenario steady = ScenarioLoader.load("steady", Path.of("").toAbsolutePath(), new Properties());
        assertEquals("steady", steady.name());
        assertEquals(100, steady.ratePerService());
        assertEquals(Duration.ofSeconds(5), steady.idle());
        assertEquals(Duration.ofSeconds(10), steady.warmup());
        assertEquals(Duration.ofSeconds(20), steady.duration());
        assertEquals(3, steady.repeat(), "enough repetitions for a verdict by default");
        assertEquals(ConnectionReuse.SHARED, steady.connections());
        assertFalse(steady.rateExplicit());
        Scenario smoke = ScenarioLoader.load("smoke", Path.of("").toAbsolutePath(), new Properties());
        assertTrue(smoke.duration().compareTo(Duration.ofSeconds(30)) < 0, "smoke must stay short for CI");
        assertEquals(3, smoke.repeat());
    }

    @Test
    void commandLineOverridesWinAndMarkTheRateExplicit() throws IOException {
        scenario("s", "ratePerService: 50\nwarmup: 10s\nduration: 1m\n");
        Properties p = new Properties();
        p.setProperty("rate", "7.5");
        p.setProperty("duration", "2m");
        p.setProperty("connections", "per-user");
        Scenario s = ScenarioLoader.load("s", project, p);
        assertEquals(7.5, s.ratePerService());
        assertTrue(s.rateExplicit());
        assertEquals(Duration.ofMinutes(2), s.duration());
        assertEquals(Duration.ofSeconds(10), s.warmup());
        assertEquals(ConnectionReuse.PER_USER, s.connections());
    }

    @Test
    void badValuesAreAllReportedWithTheirOrigin() throws IOException {
        scenario("bad", "ratePerService: -3\nwarmup: soon\nduration: 45s\nconnectons: shared\n");
        Properties p = new Properties();
        p.setProperty("repeat", "many");
        ScenarioException e = assertThrows(ScenarioException.class, () -> ScenarioLoader.load("bad", project, p));
        String m = e.getMessage();
        assertTrue(m.contains("scenarios/bad.yaml:2: warmup: 'soon' is not valid"), m);
        assertTrue(m.contains("rate -3.0 is out of range"), m);
        assertTrue(m.contains("scenarios/bad.yaml:4: unknown field 'connectons'; did you mean 'connections'?"), m);
        assertTrue(m.contains("-Drepeat: 'many' is not valid"), m);
    }

    @Test
    void missingScenarioListsTheAvailableOnes() throws IOException {
        scenario("steady", "ratePerService: 1\n");
        ScenarioException e = assertThrows(ScenarioException.class, () -> ScenarioLoader.load("stedy", project, new Properties()));
        assertTrue(e.getMessage().contains("-Dscenario=stedy: no such scenario"), e.getMessage());
        assertTrue(e.getMessage().contains("steady"), e.getMessage());
    }

    @Test
    void malformedYamlNamesTheLine() throws IOException {
        scenario("broken", "name: x\nwarmup: [1, 2\nduration: 3s\n");
        ScenarioException e = assertThrows(ScenarioException.class, () -> ScenarioLoader.load("broken", project, new Properties()));
        assertTrue(e.getMessage().matches("scenarios/broken\\.yaml:[34]: malformed YAML: [^\n]+"), e.getMessage());
    }

    @Test
    void malformedMappingIsOneLineWithItsLine() throws IOException {
        scenario("indent", "name: x\nratePerService: 5\n  warmup: 3s\nduration: 3s\n");
        ScenarioException e = assertThrows(ScenarioException.class, () -> ScenarioLoader.load("indent", project, new Properties()));
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
        assertTrue(e.getMessage().matches("scenarios/indent\\.yaml:3: malformed YAML: .+"), e.getMessage());
    }

    @Test
    void durationsParseAndFormat() {
        assertEquals(Duration.ofMillis(500), DurationText.parse("500ms"));
        assertEquals(Duration.ofSeconds(45), DurationText.parse("45s"));
        assertEquals(Duration.ofMinutes(2), DurationText.parse("2m"));
        assertEquals(Duration.ofMillis(1500), DurationText.parse("1.5s"));
        assertEquals("2m", DurationText.format(Duration.ofMinutes(2)));
        assertThrows(IllegalArgumentException.class, () -> DurationText.parse("45"));
        assertThrows(IllegalArgumentException.class, () -> DurationText.parse("-1s"));
    }
}
