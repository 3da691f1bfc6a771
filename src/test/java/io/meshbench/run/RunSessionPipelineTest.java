package io.meshbench.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.meshbench.core.EntryPoint;
import io.meshbench.core.MeshMode;
import io.meshbench.core.Target;
import io.meshbench.load.LoadPhase;
import io.meshbench.load.PhaseCounters;
import io.meshbench.load.PhaseKind;
import io.meshbench.platform.Deployment;
import io.meshbench.platform.Platform;
import io.meshbench.platform.PlatformException;
import io.meshbench.platform.local.AddressBlocks;
import io.meshbench.workload.Phase;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The run session end to end without Gatling: real pods on the local target, phases driven the way
 * the simulation drives them (deploy phase waits for the slot, traffic at a fixed rate), one mode
 * whose deploy always fails. The run must go on with the other mode, deploy it fresh for every
 * repetition, write the schedule and one measurement per repetition marked incomplete, and leave
 * nothing listening.
 */
class RunSessionPipelineTest {
    @TempDir
    Path results;

    /** The local target, every capability delegated, except that one mode cannot be deployed. */
    private static final class OneModeFails implements Platform {
        private final LocalPlatform local = new LocalPlatform(new LocalSettings(2, 1, 100, AddressBlocks.reserve()));
        private final MeshMode failing;
        final List<MeshMode> warmed = new ArrayList<>();

        OneModeFails(MeshMode failing) {
            this.failing = failing;
        }

        @Override public Target target() { return local.target(); }
        @Override public boolean emulated() { return local.emulated(); }
        @Override public void check(Topology t, List<MeshMode> modes) throws PlatformException { local.check(t, modes); }
        @Override public List<String> checkWarnings(Topology t, List<MeshMode> modes) { return local.checkWarnings(t, modes); }
        @Override public Map<String, Object> environment() { return local.environment(); }
        @Override public boolean calibratesRate() { return local.calibratesRate(); }
        @Override public void leaveShutdownToOwner() { local.leaveShutdownToOwner(); }
        @Override public boolean ownsThread(String name) { return local.ownsThread(name); }
        @Override public void close() { local.close(); }

        @Override
        public boolean warmHarness(List<MeshMode> modes, Consumer<List<EntryPoint>> exercise) throws PlatformException {
            warmed.addAll(modes);
            return local.warmHarness(modes, exercise);
        }

        @Override
        public Deployment deploy(Topology topology, MeshMode mode) throws PlatformException {
            if (mode == failing) throw new PlatformException("injected failure: " + mode + " cannot start here");
            return local.deploy(topology, mode);
        }
    }

    @Test
    void everyRepetitionIsAFreshDeploymentAndAFailingModeLeavesTheRunIncomplete() throws Exception {
        Properties p = tinyRun("pipeline", "baseline,sidecar", "300ms", "2s", "2", "false");
        p.setProperty("order.seed", "3");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ConsoleProgress progress = new ConsoleProgress(new Console(new PrintStream(out, true, StandardCharsets.UTF_8)));
        OneModeFails platform = new OneModeFails(MeshMode.SIDECAR);

        RunPreparation.Result prepared = RunPreparation.prepare(p, progress, plan -> platform);
        assertTrue(prepared instanceof RunPreparation.Ready, out.toString(StandardCharsets.UTF_8));
        RunSession session = ((RunPreparation.Ready) prepared).session();
        assertEquals(List.of(MeshMode.BASELINE, MeshMode.SIDECAR), platform.warmed, "the wrapped target's warm-up ran");
        List<LoadPhase> schedule = session.schedule();
        assertEquals(8, schedule.size(), "4 slots × (deploy, measure)");

        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        int sentPerWindow = 40;   // an open model at 20 per second over the 2 s window, as Gatling would inject it
        List<URI> baselineEntries = new ArrayList<>();
        for (int i = 0; i < schedule.size(); i++) {
            LoadPhase phase = schedule.get(i);
            session.phaseStarting(i);
            if (phase.kind() == PhaseKind.DEPLOY) {
                awaitSettled(session, phase);
                continue;
            }
            SlotDeployment.EntryTable entries = session.entries(phase.slot());
            if (phase.mode() == MeshMode.SIDECAR) {
                assertNull(entries, "a failed slot has no entry points: its traffic is skipped");
                continue;
            }
            assertNotNull(entries);
            URI entry = URI.create(entries.urls()[0]);
            baselineEntries.add(entry);
            drive(client, entry, session.countersOf(phase), sentPerWindow);
        }
        session.phaseStarting(schedule.size());
        RunOutcome outcome = session.finish();

        JsonNode json = new ObjectMapper().readTree(results.resolve("pipeline/results.json").toFile());
        assertEquals("incomplete", json.path("status").asText());
        JsonNode order = json.path("schedule");
        assertEquals(4, order.size(), order.toString());
        for (int i = 0; i < 4; i++) {
            assertEquals(schedule.get(i * 2).repetition(), order.get(i).path("repetition").asInt());
            assertEquals(schedule.get(i * 2).mode().id(), order.get(i).path("mode").asText());
            assertTrue(order.get(i).path("started_at").asText().endsWith("Z"));
        }
        assertEquals("failed", json.path("modes").path("sidecar").path("status").asText());
        assertTrue(json.path("modes").path("sidecar").path("reason").asText().contains("injected failure"));
        JsonNode baseline = json.path("modes").path("baseline");
        assertTrue(List.of("ok", "saturated").contains(baseline.path("status").asText()), baseline.toString());
        int baselineWindows = 0;
        for (JsonNode m : json.path("record").path("measurements")) {
            if (!m.path("mode").asText().equals("baseline")) continue;
            baselineWindows++;
            assertEquals(sentPerWindow, m.path("requests").asInt(), m.toString());
            // Its own fresh deployment: tiny's three pods, counted once per repetition.
            assertEquals(3, m.path("startups").size());
            assertTrue(m.path("injector_lag_ms").isObject(), m.toString());
        }
        assertEquals(2, baselineWindows);
        assertTrue(Files.isRegularFile(outcome.runDir().resolve("report.html")));
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("deploy failed"));
        // Torn down: no entry pod of any repetition accepts connections.
        for (URI entry : baselineEntries) {
            assertThrows(ConnectException.class, () -> client.send(HttpRequest.newBuilder(entry).build(),
                    HttpResponse.BodyHandlers.discarding()));
        }
    }

    @Test
    void aRehearsalRunsFirstOnItsOwnDeploymentAndLeavesNoFigure() throws Exception {
        Properties p = tinyRun("rehearsed", "baseline", "0s", "2s", "1", "1s");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        RunSession session = localSession(p, out);
        List<LoadPhase> schedule = session.schedule();
        assertEquals(List.of(PhaseKind.DEPLOY, PhaseKind.WARMUP, PhaseKind.DEPLOY, PhaseKind.MEASURE),
                schedule.stream().map(LoadPhase::kind).toList());
        assertTrue(schedule.get(0).slot().rehearsal());

        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        List<URI> entries = new ArrayList<>();
        int rehearsed = 25;
        int measured = 40;   // different counts: the measured window's count shows the rehearsal's were left out
        for (int i = 0; i < schedule.size(); i++) {
            LoadPhase phase = schedule.get(i);
            session.phaseStarting(i);
            if (phase.kind() == PhaseKind.DEPLOY) {
                awaitSettled(session, phase);
                continue;
            }
            URI entry = URI.create(session.entries(phase.slot()).urls()[0]);
            entries.add(entry);
            drive(client, entry, session.countersOf(phase), phase.slot().rehearsal() ? rehearsed : measured);
        }
        session.phaseStarting(schedule.size());
        session.finish();

        JsonNode json = new ObjectMapper().readTree(results.resolve("rehearsed/results.json").toFile());
        JsonNode order = json.path("schedule");
        assertEquals(2, order.size(), order.toString());
        assertEquals(0, order.get(0).path("repetition").asInt());
        assertEquals(false, order.get(0).path("measured").asBoolean(true), order.toString());
        assertEquals(1, order.get(1).path("repetition").asInt());
        assertTrue(order.get(1).path("measured").isMissingNode(), "a measured slot is written as before: " + order);
        List<io.meshbench.metrics.RunRecord.ScheduledSlot> read =
                io.meshbench.report.ResultsJson.readRecord(results.resolve("rehearsed")).schedule();
        assertEquals(List.of(false, true), read.stream().map(io.meshbench.metrics.RunRecord.ScheduledSlot::measured).toList(),
                "render and compare read the rehearsal back as unmeasured");
        JsonNode measurements = json.path("record").path("measurements");
        assertEquals(1, measurements.size(), "one measured window, none for the rehearsal: " + measurements);
        assertEquals(measured, measurements.get(0).path("requests").asInt());
        assertEquals(1, measurements.get(0).path("repetition").asInt());
        assertEquals(3, measurements.get(0).path("startups").size(), "the rehearsal's pods are not among the startups");
        assertEquals(1, json.path("modes").path("baseline").path("per_repetition").size(),
                json.path("modes").path("baseline").toString());
        String console = out.toString(StandardCharsets.UTF_8);
        List<String> rehearseLines = console.lines().filter(l -> l.contains("baseline rehearsal (not measured)")).toList();
        assertEquals(1, rehearseLines.size(), console);
        assertTrue(rehearseLines.get(0).contains(rehearsed + " requests"), rehearseLines.get(0));
        // The rehearsal's deployment was torn down before the measured one came up, and that one after the run.
        for (URI entry : entries) {
            assertThrows(ConnectException.class, () -> client.send(HttpRequest.newBuilder(entry).build(),
                    HttpResponse.BodyHandlers.discarding()));
        }
    }

    @Test
    void anInterruptedRunWritesResultsAndReportMarkedIncompleteWithTheCutWindowsRates() throws Exception {
        Properties p = tinyRun("cut", "baseline", "0s", "10s", "1", "false");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        RunSession session = localSession(p, out);
        List<LoadPhase> schedule = session.schedule();
        session.phaseStarting(0);
        awaitSettled(session, schedule.get(0));
        session.phaseStarting(1);
        URI entry = URI.create(session.entries(schedule.get(1).slot()).urls()[0]);
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        // 2 s of a 10 s window at 20 per second, then Ctrl-C.
        drive(client, entry, session.countersOf(schedule.get(1)), 40);
        session.interrupted();

        JsonNode json = new ObjectMapper().readTree(results.resolve("cut/results.json").toFile());
        assertEquals("incomplete", json.path("status").asText());
        JsonNode cut = json.path("record").path("measurements").get(0);
        assertEquals(40, cut.path("requests").asInt(), cut.toString());
        // The rate of the part that ran (≈ 20/s over ≈ 2 s), not 40 requests spread over the planned 10 s.
        assertTrue(cut.path("offered_rps").asDouble() > 12, cut.toString());
        assertTrue(Files.isRegularFile(results.resolve("cut/report.html")));
        assertTrue(Files.readString(results.resolve("cut/report.html")).contains("incomplete"));
        assertTrue(Files.exists(results.resolve("latest")));
        assertEquals(results.resolve("cut").toRealPath(), results.resolve("latest").toRealPath());
        assertTrue(Files.isRegularFile(results.resolve("index.html")));
        assertThrows(ConnectException.class, () -> client.send(HttpRequest.newBuilder(entry).build(),
                HttpResponse.BodyHandlers.discarding()));
    }

    /** Flags of a run on the tiny topology without calibration or warm-up, as a test drives it. */
    private Properties tinyRun(String runId, String modes, String idle, String duration, String repeat, String rehearse) {
        Properties p = new Properties();
        p.setProperty("meshbench.projectDir", Path.of("").toAbsolutePath().toString());
        p.setProperty("results.dir", results.toString());
        p.setProperty("meshbench.runId", runId);
        p.setProperty("topology", "tiny");
        p.setProperty("scenario", "smoke");
        p.setProperty("modes", modes);
        p.setProperty("idle", idle);
        p.setProperty("warmup", "0s");
        p.setProperty("duration", duration);
        p.setProperty("repeat", repeat);
        p.setProperty("rehearse", rehearse);
        p.setProperty("calibrate", "false");
        return p;
    }

    /** The deploy phase's waiting user: until the slot is ready or has failed, bounded. */
    private static void awaitSettled(RunSession session, LoadPhase phase) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!session.slotSettled(phase.slot()) && System.nanoTime() < deadline) Thread.sleep(20);
        assertTrue(session.slotSettled(phase.slot()), phase.slot().label());
    }

    /** A session on a fresh two-pod local target, its console written to {@code out}. */
    private static RunSession localSession(Properties p, ByteArrayOutputStream out) {
        ConsoleProgress progress = new ConsoleProgress(new Console(new PrintStream(out, true, StandardCharsets.UTF_8)));
        RunPreparation.Result prepared = RunPreparation.prepare(p, progress,
                plan -> new LocalPlatform(new LocalSettings(2, 1, 100, AddressBlocks.reserve())));
        assertTrue(prepared instanceof RunPreparation.Ready, out.toString(StandardCharsets.UTF_8));
        return ((RunPreparation.Ready) prepared).session();
    }

    private static void drive(HttpClient client, URI entry, PhaseCounters counters, int sent) throws Exception {
        drive(client, entry, counters, null, sent);
    }

    /** Sends {@code sent} requests at 20 per second, counting responses as the simulation does (per second too when given). */
    static void drive(HttpClient client, URI entry, PhaseCounters counters, SecondCounts seconds, int sent) throws Exception {
        long start = System.nanoTime();
        List<CompletableFuture<?>> inFlight = new ArrayList<>();
        for (int i = 0; i < sent; i++) {
            long due = start + i * 50_000_000L;
            while (System.nanoTime() < due) Thread.sleep(1);
            counters.recordSent();
            long t0 = System.nanoTime();
            inFlight.add(client.sendAsync(HttpRequest.newBuilder(entry).header(Phase.HEADER, "measure")
                            .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.discarding())
                    .handle((r, e) -> {
                        int status = r == null ? 0 : r.statusCode();
                        boolean injected = r != null && r.headers().firstValue(io.meshbench.workload.InjectedError.HEADER).isPresent();
                        long ms = (System.nanoTime() - t0) / 1_000_000;
                        counters.record(status, injected, ms);
                        if (seconds != null) seconds.record("entry", status, injected, ms);
                        return null;
                    }));
        }
        CompletableFuture.allOf(inFlight.toArray(new CompletableFuture<?>[0])).get(30, TimeUnit.SECONDS);
    }
}
