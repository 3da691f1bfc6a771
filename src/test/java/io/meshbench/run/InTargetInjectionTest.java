package io.meshbench.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.meshbench.core.EntryPoint;
import io.meshbench.core.MeshMode;
import io.meshbench.core.MetricsSource;
import io.meshbench.core.Target;
import io.meshbench.load.LoadPhase;
import io.meshbench.load.PhaseCounters;
import io.meshbench.load.PhaseKind;
import io.meshbench.metrics.InjectorResult;
import io.meshbench.metrics.LatencyRecording;
import io.meshbench.metrics.PodStartup;
import io.meshbench.metrics.ResourceWindow;
import io.meshbench.platform.Deployment;
import io.meshbench.platform.EntryInjection;
import io.meshbench.platform.Platform;
import io.meshbench.platform.PlatformException;
import io.meshbench.platform.local.AddressBlocks;
import io.meshbench.platform.local.LocalPlatform;
import io.meshbench.platform.local.LocalSettings;
import io.meshbench.topology.Topology;
import io.meshbench.workload.Phase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A target that sends entry traffic itself (as the Kubernetes target's injector Jobs do): the
 * session runs each traffic phase through the deployment's injection on its collector thread and
 * the window counts what the injectors counted. The "injectors" here are two senders, each at half
 * the rate with its own counters, hitting the local target's real workloads; their results come
 * back merged, as the pods' log lines do.
 */
@Timeout(180)
class InTargetInjectionTest {
    @TempDir
    Path results;

    /** The local target, but its deployments inject their own entry traffic. */
    private static final class Injecting implements Platform {
        private final LocalPlatform local = new LocalPlatform(new LocalSettings(2, 1, 100, AddressBlocks.reserve()));
        final List<String> phasesInjected = new java.util.concurrent.CopyOnWriteArrayList<>();

        @Override public Target target() { return local.target(); }
        @Override public boolean emulated() { return local.emulated(); }
        @Override public void check(Topology t, List<MeshMode> modes) throws PlatformException { local.check(t, modes); }
        @Override public Map<String, Object> environment() { return local.environment(); }
        @Override public void leaveShutdownToOwner() { local.leaveShutdownToOwner(); }
        @Override public boolean ownsThread(String name) { return local.ownsThread(name); }
        @Override public boolean injectsEntryTraffic() { return true; }
        @Override public void close() { local.close(); }

        @Override
        public Deployment deploy(Topology topology, MeshMode mode) throws PlatformException {
            Deployment d = local.deploy(topology, mode);
            return new Deployment() {
                @Override public MeshMode mode() { return d.mode(); }
                @Override public List<PodStartup> podStartups() { return d.podStartups(); }
                @Override public List<EntryPoint> entryPoints() { return d.entryPoints(); }
                @Override public ResourceWindow startResourceWindow() { return d.startResourceWindow(); }
                @Override public List<MetricsSource> dataPlaneMetrics() { return d.dataPlaneMetrics(); }
                @Override public LatencyRecording collectLatency() throws PlatformException { return d.collectLatency(); }
                @Override public void close() { d.close(); }

                @Override
                public Optional<EntryInjection> entryInjection() {
                    return Optional.of((UnaryOperator<String> name, double rps, Duration duration, String phase) -> {
                        phasesInjected.add(phase + " " + name.apply(d.entryPoints().get(0).service()));
                        return twoInjectors(d.entryPoints().get(0).url(), rps, duration, phase);
                    });
                }
            };
        }
    }

    /** Two senders at half the rate each, merged as the pods' results are. */
    private static InjectorResult twoInjectors(URI entry, double rps, Duration duration, String phase) throws PlatformException {
        try {
            HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            int perInjector = (int) Math.round(rps / 2 * duration.toMillis() / 1000.0);
            long epochAtNanoZero = System.currentTimeMillis() * 1000 - System.nanoTime() / 1000;
            List<InjectorResult> parts = new ArrayList<>();
            List<CompletableFuture<?>> inFlight = new ArrayList<>();
            PhaseCounters a = new PhaseCounters(rps / 2, duration);
            PhaseCounters b = new PhaseCounters(rps / 2, duration);
            long start = System.nanoTime();
            long gapNanos = (long) (2e9 / rps);
            for (int i = 0; i < perInjector * 2; i++) {
                PhaseCounters c = i % 2 == 0 ? a : b;
                long due = start + i * gapNanos / 2;
                while (System.nanoTime() < due) Thread.sleep(1);
                c.recordSent();
                long t0 = System.nanoTime();
                inFlight.add(client.sendAsync(HttpRequest.newBuilder(entry).header(Phase.HEADER, phase)
                                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.discarding())
                        .thenAccept(r -> c.record(r.statusCode(), false, (System.nanoTime() - t0) / 1_000_000)));
            }
            CompletableFuture.allOf(inFlight.toArray(new CompletableFuture<?>[0])).get(30, TimeUnit.SECONDS);
            parts.add(a.toResult(epochAtNanoZero));
            parts.add(b.toResult(epochAtNanoZero));
            return InjectorResult.merge(parts);
        } catch (Exception e) {
            throw new PlatformException("test injectors failed: " + e, e);
        }
    }

    @Test
    void trafficPhasesAreSentByTheTargetAndCountedInTheWindow() throws Exception {
        Properties p = new Properties();
        p.setProperty("meshbench.projectDir", Path.of("").toAbsolutePath().toString());
        p.setProperty("results.dir", results.toString());
        p.setProperty("meshbench.runId", "intarget");
        p.setProperty("topology", "tiny");
        p.setProperty("scenario", "smoke");
        p.setProperty("modes", "baseline");
        p.setProperty("idle", "0s");
        p.setProperty("warmup", "1s");
        p.setProperty("duration", "2s");
        p.setProperty("repeat", "1");
        p.setProperty("rehearse", "false");
        p.setProperty("calibrate", "false");
        p.setProperty("rate", "20");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ConsoleProgress progress = new ConsoleProgress(new Console(new PrintStream(out, true, StandardCharsets.UTF_8)));
        Injecting platform = new Injecting();
        RunPreparation.Result prepared = RunPreparation.prepare(p, progress, plan -> platform);
        assertTrue(prepared instanceof RunPreparation.Ready, out.toString(StandardCharsets.UTF_8));
        RunSession session = ((RunPreparation.Ready) prepared).session();
        assertTrue(session.injectsInTarget());

        // Drive the phases as the simulation does on such a target: each phase is one waiting user.
        for (int i = 0; i < session.schedule().size(); i++) {
            LoadPhase phase = session.schedule().get(i);
            session.phaseStarting(i);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            if (phase.kind() == PhaseKind.DEPLOY) {
                while (!session.slotSettled(phase.slot()) && System.nanoTime() < deadline) Thread.sleep(20);
            } else {
                while (!session.phaseInjected(phase) && System.nanoTime() < deadline) Thread.sleep(20);
                assertTrue(session.phaseInjected(phase), phase.kind().id());
            }
        }
        session.phaseStarting(session.schedule().size());
        session.finish();

        assertEquals(List.of("warmup warmup baseline frontend", "measure baseline frontend"), platform.phasesInjected,
                "each traffic phase once, with its header value and Gatling request name");
        LoadPhase measure = session.schedule().stream().filter(ph -> ph.kind() == PhaseKind.MEASURE).findFirst().orElseThrow();
        long expected = Math.round(measure.offeredRps() * 2);
        JsonNode m = new ObjectMapper().readTree(results.resolve("intarget/results.json").toFile())
                .path("record").path("measurements").get(0);
        assertEquals(expected, m.path("requests").asLong(), m.toString());
        assertEquals(0, m.path("errors").asLong(), m.toString());
        assertTrue(m.path("injector_lag_ms").path("count").asLong() == expected, m.toString());
    }
}
