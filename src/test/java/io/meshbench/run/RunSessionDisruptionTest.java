package io.meshbench.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.meshbench.load.LoadPhase;
import io.meshbench.load.PhaseKind;
import io.meshbench.platform.local.AddressBlocks;
import io.meshbench.platform.local.LocalPlatform;
import io.meshbench.platform.local.LocalSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A disruption scenario through the run session on the local target, phases driven as the
 * simulation drives them: the fault happens inside each measured window at fault.at, the target
 * replaces what it killed, and results.json and the report carry the figures measured from the
 * per-second data. Bounds are generous: no timing of this machine is asserted.
 */
class RunSessionDisruptionTest {
    @TempDir
    Path results;

    @Test
    void aDataPlaneRestartIsInjectedInEveryWindowAndItsRecoveryMeasured() throws Exception {
        Properties p = new Properties();
        p.setProperty("meshbench.projectDir", Path.of("").toAbsolutePath().toString());
        p.setProperty("results.dir", results.toString());
        p.setProperty("meshbench.runId", "disruption");
        p.setProperty("topology", "tiny");
        p.setProperty("scenario", "restart-dataplane");
        p.setProperty("modes", "sidecar,ambient");
        p.setProperty("idle", "0s");
        p.setProperty("warmup", "0s");
        p.setProperty("duration", "16s");
        p.setProperty("repeat", "1");
        p.setProperty("rehearse", "false");
        p.setProperty("calibrate", "false");
        p.setProperty("fault.service", "backend");
        p.setProperty("fault.at", "3s");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ConsoleProgress progress = new ConsoleProgress(new Console(new PrintStream(out, true, StandardCharsets.UTF_8)));
        // One node: the ztunnel that serves backend serves every pod.
        int block = AddressBlocks.reserve();
        try {
            run(p, progress, out, block);
        } finally {
            AddressBlocks.release(block);
        }
    }

    private void run(Properties p, ConsoleProgress progress, ByteArrayOutputStream out, int block) throws Exception {
        RunPreparation.Result prepared = RunPreparation.prepare(p, progress,
                plan -> new LocalPlatform(new LocalSettings(1, 1, 100, block)));
        assertTrue(prepared instanceof RunPreparation.Ready, out.toString(StandardCharsets.UTF_8));
        RunSession session = ((RunPreparation.Ready) prepared).session();
        List<LoadPhase> schedule = session.schedule();
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        for (int i = 0; i < schedule.size(); i++) {
            LoadPhase phase = schedule.get(i);
            session.phaseStarting(i);
            if (phase.kind() == PhaseKind.DEPLOY) {
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                while (!session.slotSettled(phase.slot()) && System.nanoTime() < deadline) Thread.sleep(20);
                continue;
            }
            URI entry = URI.create(session.entries(phase.slot()).urls()[0]);
            RunSessionPipelineTest.drive(client, entry, session.countersOf(phase), session.secondsOf(phase), 320);
        }
        session.phaseStarting(schedule.size());
        session.finish();

        JsonNode json = new ObjectMapper().readTree(results.resolve("disruption/results.json").toFile());
        assertEquals("backend", json.path("scenario").path("fault").path("service").asText());
        for (String mode : List.of("sidecar", "ambient")) {
            JsonNode d = json.path("modes").path(mode).path("disruption");
            assertEquals("restart-dataplane", d.path("scenario").asText(), mode + ": " + d);
            double at = d.path("fault_at_s").asDouble();
            assertTrue(at >= 3 && at < 6, mode + " fault at " + at);
            JsonNode action = d.path("actions").get(0);
            assertNotEquals(action.path("removed").toString(), action.path("added").toString(), "replaced: " + action);
            JsonNode rep = d.path("repetitions").get(0);
            assertTrue(rep.path("requests").asLong() > 0, "the span's requests were counted: " + rep);
            assertTrue(rep.path("failed_requests").asLong() <= rep.path("requests").asLong(), rep.toString());
            // Recovery needs 10 healthy seconds inside the 16 s window, so when measured it is at most 16 − 3 − 10.
            if (rep.path("recovered").asBoolean()) {
                double recover = rep.path("recover_s").asDouble();
                assertTrue(recover >= 0 && recover <= 16 - at - 10 + 1e-9, mode + " recover_s " + recover);
            } else {
                assertTrue(rep.path("recover_s").isNull());
            }
            for (JsonNode s : rep.path("affected")) {
                assertTrue(Set.of("frontend", "backend", "store", "entry").contains(s.asText()), s.asText());
            }
        }
        JsonNode ambient = json.path("modes").path("ambient").path("disruption").path("actions").get(0);
        assertTrue(ambient.path("note").asText().startsWith("3 pods lost their data plane"), ambient.toString());
        JsonNode sidecar = json.path("modes").path("sidecar").path("disruption").path("actions").get(0);
        assertTrue(sidecar.path("note").asText().startsWith("1 pods lost their data plane"), sidecar.toString());
        boolean compared = false;
        for (JsonNode c : json.path("comparisons")) compared |= c.path("metric").asText().equals("disruption.recover_s");
        assertTrue(compared, "modes are compared on the disruption figures too");
        String report = Files.readString(results.resolve("disruption/report.html"));
        assertTrue(report.contains("<section id=\"disruption\">"), "the report's disruption section");
    }
}
