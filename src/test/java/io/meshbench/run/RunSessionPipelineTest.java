package io.meshbench.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.meshbench.load.LoadPhase;
import io.meshbench.load.PhaseKind;
import io.meshbench.platform.Deployment;
import io.meshbench.core.MeshMode;
import io.meshbench.platform.Platform;
import io.meshbench.platform.PlatformException;
import io.meshbench.platform.local.LocalPlatform;
import io.meshbench.platform.local.LocalSettings;
import io.meshbench.topology.Topology;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The run session end to end without Gatling: real pods on the local target, requests sent the way
 * the simulation sends them, one mode whose deploy fails. The run must go on with the other mode,
 * write what it measured marked incomplete, and leave nothing listening.
 */
class RunSessionPipelineTest {
    @TempDir
    Path results;

    /** The local target, except that one mode cannot be deployed. */
    private static final class OneModeFails implements Platform {
        private final LocalPlatform local = new LocalPlatform(new LocalSettings(2, 1, 100, 140));
        private final MeshMode failing;

        OneModeFails(MeshMode failing) {
            this.failing = failing;
        }

        @Override public String target() { return local.target(); }
        @Override public boolean emulated() { return local.emulated(); }
        @Override public void check(Topology t, List<MeshMode> modes) throws PlatformException { local.check(t, modes); }
        @Override public Map<String, Object> environment() { return local.environment(); }
        @Override public void close() { local.close(); }

        @Override
        public Deployment deploy(Topology topology, MeshMode mode) throws PlatformException {
            if (mode == failing) throw new PlatformException("injected failure: " + mode + " cannot start here");
            return local.deploy(topology, mode);
        }
    }

    @Test
    void aModeThatFailsToDeployLeavesTheRunIncompleteWithTheOtherModeMeasured() throws Exception {
        Properties p = new Properties();
        p.setProperty("meshbench.projectDir", Path.of("").toAbsolutePath().toString());
        p.setProperty("results.dir", results.toString());
        p.setProperty("meshbench.runId", "pipeline");
        p.setProperty("topology", "tiny");
        p.setProperty("scenario", "smoke");
        p.setProperty("modes", "baseline,sidecar");
        p.setProperty("idle", "500ms");
        p.setProperty("warmup", "0s");
        p.setProperty("duration", "2s");
        p.setProperty("calibrate", "false");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Console console = new Console(new PrintStream(out, true, StandardCharsets.UTF_8));

        RunSession session = RunSession.prepare(p, console, plan -> new OneModeFails(MeshMode.SIDECAR));
        List<LoadPhase> schedule = session.schedule();
        assertEquals(1, schedule.size(), "only the deployed mode gets traffic");
        LoadPhase phase = schedule.get(0);
        assertEquals(PhaseKind.MEASURE, phase.kind());
        URI entry = phase.entries().get(0).url();

        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        session.phaseStarting(0);
        int sent = 40;   // an open model at 20 per second over the 2 s window, as Gatling would inject it
        long start = System.nanoTime();
        List<java.util.concurrent.CompletableFuture<?>> inFlight = new java.util.ArrayList<>();
        for (int i = 0; i < sent; i++) {
            long due = start + i * 50_000_000L;
            while (System.nanoTime() < due) Thread.sleep(1);
            session.recordSent(phase);
            long t0 = System.nanoTime();
            inFlight.add(client.sendAsync(HttpRequest.newBuilder(entry).header(PhaseKind.HEADER, "measure")
                            .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.discarding())
                    .thenAccept(r -> session.recordResponse(phase, r.statusCode(),
                            r.headers().firstValue("x-meshbench-injected-error").isPresent(),
                            (System.nanoTime() - t0) / 1_000_000)));
        }
        java.util.concurrent.CompletableFuture.allOf(inFlight.toArray(new java.util.concurrent.CompletableFuture<?>[0]))
                .get(30, java.util.concurrent.TimeUnit.SECONDS);
        session.phaseStarting(1);
        RunOutcome outcome = session.finish();

        JsonNode json = new ObjectMapper().readTree(results.resolve("pipeline/results.json").toFile());
        assertEquals("incomplete", json.path("status").asText());
        assertEquals("failed", json.path("modes").path("sidecar").path("status").asText());
        assertTrue(json.path("modes").path("sidecar").path("reason").asText().contains("injected failure"));
        JsonNode baseline = json.path("modes").path("baseline");
        // ok, or saturated on a machine too busy to answer within the window: measured either way.
        assertTrue(List.of("ok", "saturated").contains(baseline.path("status").asText()), baseline.toString());
        assertEquals(sent, baseline.path("requests").asInt());
        // tiny is frontend -> backend -> store: every entry request makes two measured calls.
        // every measured call: through the pool (the latency figure) or on the churn probe's own connection
        assertEquals(2L * sent, baseline.path("latency_us").path("count").asLong() + baseline.path("handshake_us").path("count").asLong());
        assertEquals(3, baseline.path("startup_ms").path("count").asInt());
        assertTrue(Files.isRegularFile(outcome.runDir().resolve("report.html")));
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("sidecar: deploy failed"));
        // Torn down: the entry pod no longer accepts connections.
        assertThrows(ConnectException.class, () -> client.send(HttpRequest.newBuilder(entry).build(),
                HttpResponse.BodyHandlers.discarding()));
    }
}
