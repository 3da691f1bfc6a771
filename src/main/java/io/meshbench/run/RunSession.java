package io.meshbench.run;

import io.meshbench.load.Calibrator;
import io.meshbench.load.EntryRates;
import io.meshbench.load.LoadPhase;
import io.meshbench.load.LoadSchedule;
import io.meshbench.load.PhaseCounters;
import io.meshbench.load.PhaseKind;
import io.meshbench.load.Scenario;
import io.meshbench.load.ScenarioException;
import io.meshbench.load.ScenarioLoader;
import io.meshbench.metrics.DataPlaneSummary;
import io.meshbench.metrics.LatencyRecording;
import io.meshbench.metrics.ModeMeasurement;
import io.meshbench.metrics.ResourceUsage;
import io.meshbench.metrics.ResourceWindow;
import io.meshbench.metrics.scrape.ScrapeSnapshot;
import io.meshbench.metrics.RunRecord;
import io.meshbench.platform.Deployment;
import io.meshbench.core.EntryPoint;
import io.meshbench.core.MeshMode;
import io.meshbench.platform.Platform;
import io.meshbench.platform.PlatformException;
import io.meshbench.platform.local.LocalPlatform;
import io.meshbench.platform.local.LocalSettings;
import io.meshbench.topology.Topology;
import io.meshbench.topology.TopologyException;
import io.meshbench.topology.TopologyLoader;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One invocation of the harness, from flags to results. The Gatling simulation drives the traffic;
 * everything around it happens here, in this order:
 * check input → deploy each mode → idle window → first-call probe → calibrate → (Gatling: warm-up
 * and measured windows, reported back through {@link #phaseStarting} and {@link #recordResponse})
 * → collect → write results → tear down.
 */
public final class RunSession {
    /** Below this share of the calibrated capacity an open-model load stays out of queueing. */
    static final double CALIBRATION_HEADROOM = 0.5;
    private static final Duration CALIBRATION_WARM = Duration.ofSeconds(2);
    private static final Duration CALIBRATION_WINDOW = Duration.ofSeconds(3);
    /** Enough to saturate a small machine; each in-flight request widens every connection pool it crosses. */
    private static final int CALIBRATION_IN_FLIGHT = 8;

    private final RunPlan plan;
    private final Console console;
    private final Topology topology;
    private final Platform platform;
    private final RunGate gate;
    private Scenario scenario;
    private final Instant startedAt = Instant.now();
    /** One client (one selector thread, one connection pool) for warm-up, probe and calibration. */
    private final Calibrator calibrator = new Calibrator();
    private final Map<MeshMode, Deployment> deployments = new LinkedHashMap<>();
    private final Map<MeshMode, String> failures = new LinkedHashMap<>();
    private final Map<MeshMode, ResourceUsage> idle = new LinkedHashMap<>();
    private final Map<MeshMode, LatencyRecording> lastLatency = new LinkedHashMap<>();
    private final Map<MeshMode, List<io.meshbench.metrics.PodStartup>> startups = new LinkedHashMap<>();
    /** Each mode's data-plane metrics right after deploy, before any traffic. */
    private final Map<MeshMode, ScrapeSnapshot> deployScrapes = new LinkedHashMap<>();
    private final List<ModeMeasurement> measurements = Collections.synchronizedList(new ArrayList<>());
    private final List<String> warnings = Collections.synchronizedList(new ArrayList<>());
    private final Map<String, Object> calibrationFacts = new LinkedHashMap<>();
    private final Map<String, Object> injectorCpu = Collections.synchronizedMap(new LinkedHashMap<>());
    /** Filled once before Gatling starts and only read afterwards, so Gatling's threads need no lock. */
    private Map<LoadPhase, PhaseCounters> counters = Map.of();
    private List<LoadPhase> schedule = List.of();
    private final AtomicInteger currentPhase = new AtomicInteger(-1);
    /** Window bookkeeping runs here, off Gatling's threads, one step at a time. */
    private final ExecutorService collector = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "meshbench-collector");
        t.setDaemon(true);
        return t;
    });
    private MeasuredWindow open;
    private Map<MeshMode, ResourceWindow> openIdle;
    private int openIdleRepetition;
    private final Map<Integer, Map<MeshMode, ResourceUsage>> idleByRepetition = new LinkedHashMap<>();
    private volatile boolean finished;
    private final Thread interruptHook = new Thread(this::onInterrupt, "meshbench-interrupted");

    private RunSession(RunPlan plan, Console console, Topology topology, Scenario scenario, Platform platform, RunGate gate) {
        this.plan = plan;
        this.console = console;
        this.topology = topology;
        this.scenario = scenario;
        this.platform = platform;
        this.gate = gate;
    }

    /**
     * Checks every input and prepares the run; on bad input prints what to fix and exits with
     * status 64 (EX_USAGE) before anything is created (Gatling would otherwise print a stack trace).
     */
    public static RunSession prepareOrExit() {
        Console console = new Console(System.out);
        try {
            return prepare(System.getProperties(), console);
        } catch (InputException | TopologyException | ScenarioException e) {
            System.err.println();
            System.err.println("meshbench: cannot start — nothing was deployed:");
            for (String line : e.getMessage().split("\n")) System.err.println("  - " + line);
            System.err.println();
            System.err.flush();
            removeEmptyRunDir();
            System.exit(GatlingExit.BAD_INPUT);
            throw e;
        } catch (PlatformException e) {
            System.err.println();
            System.err.println("meshbench: the target refused the run:");
            for (String line : e.problems()) System.err.println("  - " + line);
            System.err.flush();
            removeEmptyRunDir();
            System.exit(GatlingExit.TARGET_REFUSED);
            throw new IllegalStateException(e);
        }
    }

    /**
     * Gatling's Maven plugin creates results/<run-id>/gatling/ before the run starts; a refused run
     * leaves nothing behind, so that empty folder goes again. Anything with content stays.
     */
    private static void removeEmptyRunDir() {
        String runId = System.getProperty("meshbench.runId");
        if (runId == null) return;
        java.nio.file.Path projectDir = java.nio.file.Path.of(System.getProperty("meshbench.projectDir", "."));
        java.nio.file.Path runDir = java.nio.file.Path.of(System.getProperty("results.dir",
                projectDir.resolve("results").toString())).resolve(runId);
        for (java.nio.file.Path p : List.of(runDir.resolve("gatling"), runDir)) {
            try {
                java.nio.file.Files.deleteIfExists(p);   // only succeeds when empty
            } catch (java.io.IOException notEmpty) {
                return;
            }
        }
    }

    static RunSession prepare(Properties properties, Console console) throws PlatformException {
        return prepare(properties, console, Platforms::create);
    }

    /** A target that a plan selects; tests put a faulty one in. */
    @FunctionalInterface
    interface PlatformFactory {
        Platform create(RunPlan plan) throws PlatformException;
    }

    static RunSession prepare(Properties properties, Console console, PlatformFactory platforms) throws PlatformException {
        RunPlan plan = RunPlan.fromProperties(properties);
        console.phase("plan", "run " + plan.runId() + ", target " + plan.target() + ", modes "
                + plan.modes().stream().map(MeshMode::id).toList());
        List<String> problems = new ArrayList<>();
        Scenario scenario = null;
        try {
            scenario = ScenarioLoader.load(plan.scenario(), plan.projectDir(), properties);
        } catch (ScenarioException e) {
            problems.add(e.getMessage());
        }
        Platform platform = platforms.create(plan);
        Topology topology = null;
        try {
            topology = TopologyLoader.load(plan.topology(), plan.projectDir(), plan.seed(), Platforms.maxServices(plan));
        } catch (TopologyException e) {
            problems.add(e.getMessage());
        }
        RunGate gate = null;
        try {
            gate = RunGate.fromInput(plan, scenario == null ? "" : scenario.failOn(), topology);
        } catch (InputException e) {
            problems.addAll(e.problems());
        }
        if (!problems.isEmpty()) {
            platform.close();
            throw new InputException(problems);
        }
        console.phase("topology", topology.name() + " from " + topology.source() + ": " + topology.services().size()
                + " services, " + topology.edgeCount() + " edges, " + topology.entrypoints().size() + " entry points, "
                + topology.podCount() + " pods");
        for (String ignored : topology.ignoredFields()) console.phase("topology", "ignored: " + ignored);
        for (String note : topology.notes()) console.phase("topology", "note: " + note);
        try {
            platform.check(topology, plan.modes());
        } catch (PlatformException e) {
            platform.close();
            throw e;
        }
        if (KubernetesTarget.checkOnly(plan)) {
            console.phase("check", "all prerequisites met; -Dcheck=only stops here, nothing was created");
            platform.close();
            removeEmptyRunDir();
            System.exit(0);
        }
        if (platform instanceof LocalPlatform) {
            try {
                OpenFiles.checkLimit(topology.podCount() * plan.modes().size(), console);
            } catch (InputException e) {
                platform.close();
                throw e;
            }
        }
        RunSession session = new RunSession(plan, console, topology, scenario, platform, gate);
        Runtime.getRuntime().addShutdownHook(session.interruptHook);
        // The session's hook is the one owner of teardown on Ctrl-C, for every target.
        platform.leaveShutdownToOwner();
        session.warmHarness();
        session.deployAll();
        session.measureIdle();
        session.probeFirstCalls();
        session.calibrate();
        session.buildSchedule();
        return session;
    }

    public Scenario scenario() {
        return scenario;
    }

    public List<LoadPhase> schedule() {
        return schedule;
    }

    // ---- before the load -------------------------------------------------------------------

    /**
     * Local target only: the topology, its data planes and the harness share one JVM, so the first
     * mode to use a code path would pay its class loading and JIT as "startup" or "handshake". A
     * throwaway three-service chain is deployed and driven in every mode first, on other loopback
     * addresses, then removed.
     */
    private void warmHarness() {
        if (!(platform instanceof LocalPlatform local)) return;
        long t0 = System.nanoTime();
        LocalSettings s = local.settings();
        Topology chain = WarmUp.chain();
        try (LocalPlatform scratch = new LocalPlatform(new LocalSettings(s.nodes(), s.seed(), s.maxPods(), WarmUp.ADDRESS_BLOCK))) {
            for (MeshMode mode : plan.modes()) {
                try (Deployment d = scratch.deploy(chain, mode)) {
                    for (int i = 0; i < WarmUp.REQUESTS; i++) calibrator.probe(d.entryPoints());
                    d.collectLatency();
                }
            }
        } catch (PlatformException | RuntimeException e) {
            console.warn("warming the harness failed (" + e.getMessage() + "); the first mode may pay class loading");
            return;
        }
        console.phase("warm", String.format(Locale.ROOT, "harness code paths warmed on a throwaway 3-service chain in every mode (%.1f s)",
                (System.nanoTime() - t0) / 1e9));
    }

    private void deployAll() {
        for (MeshMode mode : plan.modes()) {
            console.phase("deploy", mode + ": deploying " + topology.podCount() + " pods on " + platform.target()
                    + (!mode.meshed() ? " (no mesh)" : platform.emulated() ? " (emulated data plane, not Istio)" : ""));
            long t0 = System.nanoTime();
            try {
                Deployment d = platform.deploy(topology, mode);
                deployments.put(mode, d);
                deployScrapes.put(mode, DataPlaneScrape.before(d));
                startups.put(mode, d.podStartups());
                double p50 = d.podStartups().stream().mapToDouble(s -> s.readyMillis()).sorted()
                        .skip(d.podStartups().size() / 2).findFirst().orElse(Double.NaN);
                console.phase("deploy", String.format(Locale.ROOT, "%s: ready in %.1f s (pod startup p50 %.1f ms)",
                        mode, (System.nanoTime() - t0) / 1e9, p50));
            } catch (PlatformException | RuntimeException e) {
                failures.put(mode, "deploy failed: " + e.getMessage());
                console.warn(mode + ": deploy failed, the mode is left out: " + e.getMessage());
            }
        }
    }

    private void measureIdle() {
        if (scenario.idle().isZero() || deployments.isEmpty()) return;
        console.phase("idle", "no traffic for " + seconds(scenario.idle()) + ": idle memory and CPU of every mode");
        Map<MeshMode, ResourceWindow> windows = new LinkedHashMap<>();
        deployments.forEach((mode, d) -> windows.put(mode, d.startResourceWindow()));
        sleep(scenario.idle());
        windows.forEach((mode, w) -> idle.put(mode, w.finish()));
    }

    private void probeFirstCalls() {
        deployments.forEach((mode, d) -> {
            int failed = calibrator.probe(d.entryPoints());
            console.phase("probe", mode + ": first call on every edge (one request per entry point)"
                    + (failed > 0 ? ", " + failed + " failed" : ""));
        });
    }

    private void calibrate() {
        double asked = scenario.ratePerService();
        double entryRate = EntryRates.totalEntryRate(topology, asked);
        calibrationFacts.put("rate_per_service_asked", asked);
        if (!scenario.calibrate() || !"local".equals(platform.target()) || deployments.isEmpty()) return;
        double capacity = Double.MAX_VALUE;
        Map<String, Object> perMode = new LinkedHashMap<>();
        for (Map.Entry<MeshMode, Deployment> e : deployments.entrySet()) {
            Calibrator.Capacity c = calibrator.measure(e.getValue().entryPoints(), CALIBRATION_WARM, CALIBRATION_WINDOW,
                    CALIBRATION_IN_FLIGHT);
            perMode.put(e.getKey().id(), Math.round(c.entryRps()));
            console.phase("calibrate", String.format(Locale.ROOT, "%s: %.0f entry requests/s at full speed (%d in flight, %d failed)",
                    e.getKey(), c.entryRps(), CALIBRATION_IN_FLIGHT, c.failed()));
            if (c.completed() > 0) capacity = Math.min(capacity, c.entryRps());
        }
        calibrationFacts.put("calibrated_capacity_entry_rps", perMode);
        if (capacity == Double.MAX_VALUE) return;
        double ceiling = capacity * CALIBRATION_HEADROOM;
        if (entryRate <= ceiling) {
            console.phase("calibrate", String.format(Locale.ROOT, "asked rate %.0f entry rps fits (ceiling %.0f)", entryRate, ceiling));
            return;
        }
        if (scenario.rateExplicit()) {
            String w = String.format(Locale.ROOT, "-Drate=%s asks for %.0f entry rps, above %.0f (half of the capacity measured"
                    + " here); kept as given, modes may saturate", fmt(asked), entryRate, ceiling);
            warnings.add(w);
            console.warn(w);
            return;
        }
        double scaled = asked * ceiling / entryRate;
        scenario = scenario.withRate(scaled);
        calibrationFacts.put("rate_scaled_from", asked);
        String w = String.format(Locale.ROOT, "rate scaled down from %s to %s rps per service (%.0f entry rps): this machine"
                + " carried %.0f entry rps at full speed; the load is set to half of that. Pass -Drate= to insist.",
                fmt(asked), fmt(scaled), ceiling, capacity);
        warnings.add(w);
        console.warn(w);
    }

    private void buildSchedule() {
        int entries = topology.entrypoints().size();
        double ratePerEntry = EntryRates.totalEntryRate(topology, scenario.ratePerService()) / entries;
        Map<MeshMode, List<EntryPoint>> entryPoints = new LinkedHashMap<>();
        deployments.forEach((mode, d) -> entryPoints.put(mode, d.entryPoints()));
        schedule = LoadSchedule.build(new ArrayList<>(deployments.keySet()), entryPoints, scenario, ratePerEntry);
        Map<LoadPhase, PhaseCounters> byPhase = new IdentityHashMap<>();
        schedule.forEach(p -> byPhase.put(p, new PhaseCounters()));
        counters = Collections.unmodifiableMap(byPhase);
        console.phase("load", String.format(Locale.ROOT, "%d phases, %s of traffic at %.1f entry rps (%s rps per service), %s connections",
                schedule.size(), seconds(LoadSchedule.total(schedule)), ratePerEntry * entries,
                fmt(scenario.ratePerService()), scenario.connections().id()));
        if (schedule.isEmpty()) {
            console.warn("no mode deployed: nothing to load");
        }
        double perWindow = ratePerEntry * entries * scenario.duration().toNanos() / 1e9;
        if (!schedule.isEmpty() && perWindow < 30) {
            String w = String.format(Locale.ROOT, "only about %.0f entry requests per measured window: percentiles and"
                    + " their confidence intervals will be coarse; lengthen -Dduration or raise -Drate", perWindow);
            warnings.add(w);
            console.warn(w);
        }
    }

    // ---- during the load (called from Gatling threads; keep them short) ----------------------

    /** The first user of phase {@code index} arrived (index == schedule size: the load ended). */
    public void phaseStarting(int index) {
        int seen = currentPhase.get();
        if (index <= seen || !currentPhase.compareAndSet(seen, index)) return;
        collector.execute(() -> onPhaseStart(index));
    }

    /** Where the responses of a phase are counted; the simulation looks it up once per phase. */
    public PhaseCounters countersOf(LoadPhase phase) {
        return counters.get(phase);
    }

    public void recordSent(LoadPhase phase) {
        PhaseCounters c = counters.get(phase);
        if (c != null) c.recordSent();
    }

    public void recordResponse(LoadPhase phase, int status, boolean injected, long responseMillis) {
        PhaseCounters c = counters.get(phase);
        if (c != null) c.record(status, injected, responseMillis);
    }

    private synchronized void onPhaseStart(int index) {
        if (open != null) closeWindow();
        if (openIdle != null) closeIdle();
        if (index >= schedule.size()) {
            console.phase("load", "all phases done");
            return;
        }
        LoadPhase phase = schedule.get(index);
        if (phase.kind() == PhaseKind.IDLE) {
            console.phase("idle", "r" + phase.repetition() + ": no traffic for " + seconds(phase.duration())
                    + ": idle memory and CPU of every mode again");
            openIdleRepetition = phase.repetition();
            openIdle = new LinkedHashMap<>();
            deployments.forEach((mode, d) -> openIdle.put(mode, d.startResourceWindow()));
            return;
        }
        console.phase(phase.kind() == PhaseKind.MEASURE ? "measure" : "warm-up",
                String.format(Locale.ROOT, "%s r%d: %s at %.1f entry rps", phase.mode(), phase.repetition(),
                        seconds(phase.duration()), phase.offeredRps()));
        if (phase.kind() == PhaseKind.MEASURE) {
            Deployment d = deployments.get(phase.mode());
            open = new MeasuredWindow(phase, counters.get(phase), d.startResourceWindow(), DataPlaneScrape.before(d));
        }
    }

    private void closeIdle() {
        Map<MeshMode, ResourceUsage> usage = new LinkedHashMap<>();
        openIdle.forEach((mode, w) -> usage.put(mode, w.finish()));
        idleByRepetition.put(openIdleRepetition, usage);
        openIdle = null;
    }

    /** The idle window that belongs to a repetition: its own when one ran, else the first. */
    private ResourceUsage idleOf(MeshMode mode, int repetition) {
        Map<MeshMode, ResourceUsage> own = idleByRepetition.get(repetition);
        return own != null && own.containsKey(mode) ? own.get(mode) : idle.get(mode);
    }

    private synchronized void closeWindow() {
        MeasuredWindow w = open;
        open = null;
        MeshMode mode = w.phase.mode();
        Deployment d = deployments.get(mode);
        List<String> modeWarnings = new ArrayList<>();
        LatencyRecording cumulative = null;
        try {
            cumulative = d.collectLatency();
        } catch (PlatformException | RuntimeException e) {
            modeWarnings.add("service latency not collected: " + e.getMessage());
        }
        DataPlaneSummary dataPlane = DataPlaneScrape.after(d, w.scrapeBefore, deployScrapes.get(mode), modeWarnings);
        injectorCpu.put(mode.id() + " r" + w.phase.repetition(), Math.round(w.injectorMillicores()));
        ModeMeasurement m = w.close(cumulative, lastLatency.get(mode), d.podStartups(),
                idleOf(mode, w.phase.repetition()), dataPlane, modeWarnings);
        if (cumulative != null) lastLatency.put(mode, cumulative);
        measurements.add(m);
        if (w.phase.repetition() == scenario.repeat()) {
            // Its last window: release its pods and sockets now rather than hold them through the others'.
            deployments.remove(mode);
            try {
                d.close();
            } catch (RuntimeException e) {
                console.warn("teardown of " + mode + " failed: " + e.getMessage());
            }
        }
        console.phase("collect", String.format(Locale.ROOT, "%s r%d: %d requests, %.1f of %.1f rps achieved, %d errors%s",
                mode, w.phase.repetition(), m.requests(), m.achievedRps(), m.offeredRps(), m.errors(),
                m.serviceLatency() == null ? "" : String.format(Locale.ROOT, ", service-to-service p99 %.2f ms",
                        m.serviceLatency().merged().getValueAtPercentile(99) / 1000.0)));
    }

    // ---- after the load --------------------------------------------------------------------

    /** Collects what remains, writes results, applies the gate, tears down. Called by Gatling's after(). */
    public RunOutcome finish() {
        awaitCollector();
        String status = failures.isEmpty() && measurements.size() == expectedWindows() ? "complete" : "incomplete";
        if (measurements.isEmpty()) status = "failed";
        // Tear down first: every measurement is in memory by now, and a topology of hundreds of pods in
        // one JVM holds thousands of sockets that writing the results may need the descriptors of.
        tearDown();
        return writeResults(status);
    }

    private int expectedWindows() {
        return (int) schedule.stream().filter(p -> p.kind() == PhaseKind.MEASURE).count();
    }

    private void awaitCollector() {
        collector.shutdown();
        try {
            if (!collector.awaitTermination(2, TimeUnit.MINUTES)) {
                warnings.add("collection did not finish within 2 minutes; results hold what was collected");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (this) {
            if (open != null) closeWindow();
        }
    }

    private synchronized RunOutcome writeResults(String status) {
        if (finished) return null;
        finished = true;
        List<ModeMeasurement> all = new ArrayList<>(measurements);
        failures.forEach((mode, why) -> all.add(failedMeasurement(mode, why)));
        for (MeshMode mode : startups.keySet()) {
            if (failures.containsKey(mode) || all.stream().anyMatch(m -> m.mode() == mode)) continue;
            // Deployed, so its startup and idle figures were measured; its traffic never ran.
            all.add(failedMeasurement(mode, "not measured: the run stopped before this mode's measured window"));
        }
        RunRecord record = new RunRecord(plan.runId(), startedAt, Instant.now(), status, platform.target(),
                platform.emulated(), environment(), io.meshbench.topology.TopologySummary.summary(topology), scenarioFacts(), all, warnings);
        console.phase("report", "writing " + plan.runDir());
        RunOutcome outcome = ResultsWriter.write(plan, record, gate, console);
        try {
            Runtime.getRuntime().removeShutdownHook(interruptHook);
        } catch (IllegalStateException ignored) {
            // already shutting down
        }
        return outcome;
    }

    private ModeMeasurement failedMeasurement(MeshMode mode, String why) {
        return new ModeMeasurement(mode, 1, why, null, null, 0, 0, 0, 0, 0, null, null,
                startups.getOrDefault(mode, List.of()), idle.get(mode), null, null, List.of());
    }

    private void tearDown() {
        console.phase("teardown", "removing everything this run created");
        deployments.values().forEach(d -> {
            try {
                d.close();
            } catch (RuntimeException e) {
                console.warn("teardown of " + d.mode() + " failed: " + e.getMessage());
            }
        });
        platform.close();
    }

    /** Ctrl-C or a crash before finish(): write what was measured, marked incomplete, and clean up. */
    private void onInterrupt() {
        if (finished) return;
        console.warn("interrupted: writing what was measured so far (status incomplete) and cleaning up");
        collector.shutdownNow();
        synchronized (this) {
            if (open != null) {
                try {
                    closeWindow();   // keep the part of the window that ran
                } catch (RuntimeException e) {
                    warnings.add("the interrupted window could not be collected: " + e.getMessage());
                }
            }
        }
        tearDown();
        try {
            writeResults("incomplete");
        } catch (RuntimeException e) {
            System.err.println("meshbench: could not write partial results: " + e);
        }
    }

    private Map<String, Object> environment() {
        Map<String, Object> env = new LinkedHashMap<>(platform.environment());
        env.put("java", System.getProperty("java.version"));
        env.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version"));
        env.put("cores", Runtime.getRuntime().availableProcessors());
        env.put("gatling", io.gatling.core.Predef$.class.getPackage().getImplementationVersion());
        return env;
    }

    private Map<String, Object> scenarioFacts() {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("name", scenario.name());
        s.put("source", scenario.source());
        s.put("rate_per_service", scenario.ratePerService());
        s.put("entry_rate_rps", EntryRates.totalEntryRate(topology, scenario.ratePerService()));
        s.put("idle_s", scenario.idle().toMillis() / 1000.0);
        s.put("warmup_s", scenario.warmup().toMillis() / 1000.0);
        s.put("duration_s", scenario.duration().toMillis() / 1000.0);
        s.put("repeat", scenario.repeat());
        s.put("connections", scenario.connections().id());
        s.put("rate_explicit", scenario.rateExplicit());
        s.putAll(calibrationFacts);
        if (!injectorCpu.isEmpty()) s.put("injector_cpu_mcores", new LinkedHashMap<>(injectorCpu));
        return s;
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String seconds(Duration d) {
        return io.meshbench.load.DurationText.format(d);
    }

    private static String fmt(double v) {
        return v == Math.rint(v) ? String.valueOf((long) v) : String.format(Locale.ROOT, "%.2f", v);
    }
}
