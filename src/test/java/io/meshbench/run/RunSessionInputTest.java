package io.meshbench.run;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Bad input ends before anything is deployed, with every problem named at once. */
class RunSessionInputTest {
    @TempDir
    Path results;

    private Properties props(String... kv) {
        Properties p = new Properties();
        p.setProperty("meshbench.projectDir", Path.of("").toAbsolutePath().toString());
        p.setProperty("results.dir", results.toString());
        p.setProperty("meshbench.runId", "bad-input");
        for (int i = 0; i < kv.length; i += 2) p.setProperty(kv[i], kv[i + 1]);
        return p;
    }

    private String console() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final Console console = new Console(new PrintStream(out, true, StandardCharsets.UTF_8));

    @Test
    void topologyScenarioAndThresholdProblemsAreReportedTogetherAndNothingIsWritten() throws IOException {
        InputException e = assertThrows(InputException.class, () -> RunSession.prepare(props(
                "topology", "no-such-topology", "scenario", "smoke", "duration", "soon",
                "fail.on", "latency_us.p42:+10%"), console));
        String m = e.getMessage();
        assertTrue(m.contains("no-such-topology"), m);
        assertTrue(m.contains("-Dduration: 'soon' is not valid"), m);
        assertTrue(m.contains("-Dfail.on"), m);
        assertTrue(m.contains("latency_us.p42"), m);
        assertFalse(console().contains("deploy"), console());
        try (var files = Files.list(results)) {
            assertFalse(files.findAny().isPresent(), "a refused run must not write results");
        }
    }

    @Test
    void aCallCycleIsRefusedNamingTheCycle() throws IOException {
        Path file = results.resolve("cycle.yaml");
        Files.writeString(file, """
                name: cycle
                services:
                - name: a
                  entrypoint: true
                  script:
                  - call: b
                - name: b
                  script:
                  - call: a
                """);
        InputException e = assertThrows(InputException.class,
                () -> RunSession.prepare(props("topology", file.toString(), "scenario", "smoke"), console));
        assertTrue(e.getMessage().contains("a -> b -> a"), e.getMessage());
    }

    @Test
    void aMissingBaselineIsRefusedBeforeAnyLoad() {
        InputException e = assertThrows(InputException.class, () -> RunSession.prepare(props(
                "topology", "tiny", "scenario", "smoke", "baseline", results.resolve("nothing-here").toString()), console));
        assertTrue(e.getMessage().startsWith("-Dbaseline="), e.getMessage());
        assertFalse(console().contains("deploy"), console());
    }

    @Test
    void tooLargeAGeneratedGraphNamesTheLimitAndTheFlag() {
        InputException e = assertThrows(InputException.class,
                () -> RunSession.prepare(props("topology", "100000", "scenario", "smoke"), console));
        assertTrue(e.getMessage().contains("maxServices"), e.getMessage());
    }
}
