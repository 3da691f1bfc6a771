package io.meshbench.run;

import io.meshbench.load.Calibrator;
import io.meshbench.load.EntryRates;
import io.meshbench.load.LoadPhase;
import io.meshbench.load.LoadSchedule;
import io.meshbench.load.PhaseCounters;
import io.meshbench.load.PhaseKind;
import io.meshbench.load.Scenario;
import io.meshbench.load.Slot;
import io.meshbench.load.injector.InjectorGatlingReport;
import io.meshbench.load.SlotOrder;
import io.meshbench.platform.Platform;
import io.meshbench.platform.PlatformException;
import io.meshbench.topology.Topology;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One invocation of the harness once its input is known to be good: warms the harness, decides the
 * rate, lays out the slots, and answers the simulation while Gatling runs. Phase boundaries are
 * handed to one collector thread, which brings slots up and down ({@link SlotLifecycle}) and closes
 * measured windows ({@link WindowCollector}); results are written by {@link RunResults}.
 */
public final class RunSession {
    /**
     * How long a slot's deploy phase may wait for its deployment: the target's own deploy timeouts
     * come first; this only keeps a stuck deploy from holding the simulation for ever.
     */
    static final Duration DEPLOY_BUDGET = Duration.ofMinutes(20);
    /**
     * Beyond its duration, how long a phase whose traffic the target injects may wait for it (the
     * injectors' start delay and collection come first); only keeps a stuck Job from holding the run.
     */
    static final Duration INJECTION_MARGIN = Duration.ofMinutes(10);

    private final RunPlan plan;
    private final Topology topology;
    private final Platform platform;
    private final RunProgress progress;
    private final RunResults results;
    private final Scenario scenario;
    /** The measured slots, in balanced order (the rehearsals run before them and are not among them). */
    private final List<Slot> slots;
    private final List<LoadPhase> schedule;
    /** The rehearsal whose traffic window is running; its console line is said when the next phase begins. */
    private LoadPhase rehearsing;
    /** Filled once before Gatling starts and only read afterwards, so Gatling's threads need no lock. */
    private final Map<LoadPhase, PhaseCounters> counters;
    private final SlotLifecycle lifecycle;
    private final WindowCollector windows;
    /** The disruption scenario's fault and per-second data; null for a steady scenario. */
    private final Disruptions disruptions;
    private final AtomicInteger currentPhase = new AtomicInteger(-1);
    /** Slot and window bookkeeping runs here, off Gatling's threads, one step at a time. */
    private final ExecutorService collector = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "meshbench-collector");
        t.setDaemon(true);
        return t;
    });
    private final RunShutdown shutdown;
    /** Phases whose in-target injection is over (sent, failed or skipped); read by Gatling's waiting user. */
    private final java.util.Set<LoadPhase> injected = java.util.concurrent.ConcurrentHashMap.newKeySet();

    private RunSession(RunPlan plan, Topology topology, Platform platform, RunProgress progress, RunResults results,
                       Scenario scenario, Calibrator client) {
        this.plan = plan;
        this.topology = topology;
        this.platform = platform;
        this.progress = progress;
        this.results = results;
        this.scenario = scenario;
        List<Slot> measured = SlotOrder.balanced(plan.modes(), scenario.repeat(), plan.orderSeed());
        Duration rehearsal = plan.rehearsalWindow(scenario.duration());
        List<Slot> allSlots = rehearsal.isZero() ? measured : SlotOrder.withRehearsals(measured);
        this.slots = allSlots.stream().filter(s -> !s.rehearsal()).toList();
        int entries = topology.entrypoints().size();
        double ratePerEntry = EntryRates.totalEntryRate(topology, scenario.ratePerService()) / entries;
        this.schedule = LoadSchedule.build(allSlots, entries, scenario, ratePerEntry, DEPLOY_BUDGET, rehearsal);
        Map<LoadPhase, PhaseCounters> byPhase = new IdentityHashMap<>();
        schedule.forEach(p -> byPhase.put(p, new PhaseCounters(p.offeredRps(), p.duration())));
        this.counters = Collections.unmodifiableMap(byPhase);
        this.lifecycle = new SlotLifecycle(platform, topology, scenario, client, progress);
        this.disruptions = Disruptions.of(scenario, topology, schedule, progress);
        this.windows = new WindowCollector(platform::ownsThread, progress, disruptions);
        this.shutdown = new RunShutdown(() -> GatlingExit.interrupted(interrupted()));
        progress.scheduled(allSlots, schedule, ratePerEntry * entries);
        double perWindow = ratePerEntry * entries * scenario.duration().toNanos() / 1e9;
        if (perWindow < 30) {
            results.warn(String.format(Locale.ROOT, "only about %.0f entry requests per measured window: percentiles and"
                    + " their confidence intervals will be coarse; lengthen -Dduration or raise -Drate", perWindow));
        }
    }

    /**
     * Before Gatling: the run's hook takes over teardown, the harness is warmed, the rate decided;
     * then the slots are laid out. Every deployment after this is made inside the simulation.
     */
    static RunSession start(RunPlan plan, Topology topology, Scenario scenario, Platform platform, RunGate gate,
                            RunProgress progress, Console console, List<String> warnings) {
        Instant startedAt = Instant.now();
        platform.leaveShutdownToOwner();
        Calibrator client = new Calibrator();
        warmHarness(plan, platform, client, progress);
        Map<String, Object> facts = new LinkedHashMap<>();
        RateDecision rate = new RateCalibration(platform, topology, client, progress).decide(scenario, plan.modes(), facts);
        Scenario run = scenario.withRate(rate.runPerService());
        RunResults results = new RunResults(plan, topology, run, platform, gate, progress, console, startedAt, facts, rate);
        warnings.forEach(results::warn);
        if (rate.warning()) results.keepWarning(rate.why());
        return new RunSession(plan, topology, platform, progress, results, run, client);
    }

    private static void warmHarness(RunPlan plan, Platform platform, Calibrator client, RunProgress progress) {
        long t0 = System.nanoTime();
        try {
            if (platform.warmHarness(plan.modes(), client::probe)) {
                progress.harnessWarmed(Duration.ofNanos(System.nanoTime() - t0));
            }
        } catch (PlatformException | RuntimeException e) {
            progress.warning("warming the harness failed (" + e.getMessage() + "); the first mode may pay class loading");
        }
    }

    public Scenario scenario() {
        return scenario;
    }

    public List<LoadPhase> schedule() {
        return schedule;
    }

    // ---- during the load (called from Gatling threads; keep them short) ----------------------

    /** The first user of phase {@code index} arrived (index == schedule size: the load ended). */
    public void phaseStarting(int index) {
        int seen = currentPhase.get();
        if (index <= seen || !currentPhase.compareAndSet(seen, index)) return;
        try {
            collector.execute(() -> onPhaseStart(index));
        } catch (java.util.concurrent.RejectedExecutionException shuttingDown) {
            // the run is being interrupted: nothing more is collected
        }
    }

    /**
     * The phase's first request that got no answer at all: said on the console at once, so a stuck
     * deployment is never only a silent wait (Gatling's request timeout is set in gatling.conf).
     */
    public void unanswered(LoadPhase phase) {
        progress.warning(phase.kind().id() + " " + phase.slot().label() + ": a request got no answer (connection refused"
                + " or reset, or no response within Gatling's " + GATLING_REQUEST_TIMEOUT.toSeconds() + " s request"
                + " timeout); it counts as an error, details in gatling.log");
    }

    /** gatling.http.requestTimeout in src/test/resources/gatling.conf, above the proxies' own 15 s upstream timeout. */
    static final Duration GATLING_REQUEST_TIMEOUT = Duration.ofSeconds(20);

    /** Where the responses of a phase are counted; the simulation looks it up once per phase. */
    public PhaseCounters countersOf(LoadPhase phase) {
        return counters.get(phase);
    }

    /** Where a disruption scenario counts the phase's responses per second; null otherwise. */
    SecondCounts secondsOf(LoadPhase phase) {
        return disruptions == null ? null : disruptions.secondsOf(phase);
    }

    /** True once the slot's deployment is ready or has failed: its deploy phase may end. */
    public boolean slotSettled(Slot slot) {
        return lifecycle.settled(slot);
    }

    /** True when the target sends the entry traffic itself: the simulation's traffic phases only wait. */
    public boolean injectsInTarget() {
        return platform.injectsEntryTraffic();
    }

    /** True once the target's injection of this phase is over (or was skipped): its waiting user may end. */
    public boolean phaseInjected(LoadPhase phase) {
        return injected.contains(phase);
    }

    /** The slot's entry points, or null when it has no live deployment (its traffic is skipped). */
    SlotDeployment.EntryTable entries(Slot slot) {
        return lifecycle.entries(slot);
    }

    private void onPhaseStart(int index) {
        windows.closeOpen(false);
        if (rehearsing != null) {
            progress.rehearsed(rehearsing.slot(), counters.get(rehearsing));
            rehearsing = null;
        }
        if (index >= schedule.size()) {
            progress.loadEnded();
            lifecycle.tearDownCurrent();
            return;
        }
        LoadPhase phase = schedule.get(index);
        progress.phaseStarted(phase);
        switch (phase.kind()) {
            case DEPLOY -> lifecycle.bringUp(phase.slot());
            case WARMUP -> {
                SlotDeployment live = lifecycle.current();
                if (live != null && live.slot().equals(phase.slot())) windows.warmUpStarted(live);
                if (phase.slot().rehearsal()) rehearsing = phase;
            }
            case MEASURE -> {
                SlotDeployment live = lifecycle.current();
                if (live != null && live.slot().equals(phase.slot())) windows.open(phase, counters.get(phase), live);
            }
            default -> { }
        }
        if (phase.kind() != PhaseKind.DEPLOY && platform.injectsEntryTraffic()) injectInTarget(phase);
    }

    /**
     * Runs the phase's entry traffic through the target's injectors, on this (the collector) thread,
     * and adds their merged counts to the phase's counters before the window is closed.
     */
    private void injectInTarget(LoadPhase phase) {
        try {
            SlotDeployment live = lifecycle.current();
            if (live == null || !live.slot().equals(phase.slot())) return;   // no deployment: nothing is sent
            var injection = live.deployment().entryInjection();
            if (injection.isEmpty()) {
                progress.warning(phase.slot().label() + ": the target sends no entry traffic for this deployment");
                return;
            }
            counters.get(phase).absorb(injection.get().inject(phase::requestName, phase.offeredRps(), phase.duration(),
                    phase.kind().id()));
        } catch (PlatformException | RuntimeException e) {
            progress.warning(phase.slot().label() + " " + phase.kind().id() + ": the in-target injectors failed: " + e.getMessage());
        } finally {
            injected.add(phase);
        }
    }

    // ---- after the load --------------------------------------------------------------------

    /** Collects what remains, tears down, writes results. Called by Gatling's after(). */
    public RunOutcome finish() {
        collector.shutdown();
        try {
            if (!collector.awaitTermination(2, TimeUnit.MINUTES)) {
                results.keepWarning("collection did not finish within 2 minutes; results hold what was collected");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        windows.closeOpen(false);
        tearDown();
        writeInjectorGatlingReport();
        RunOutcome outcome = results.write(windows, lifecycle, slots, false, disruptionResult());
        shutdown.release();
        return outcome;
    }

    /**
     * Ctrl-C or a crash before finish(): keep the part of the open window that ran, clean up, write.
     * Returns what was written (null if finish() had written already).
     */
    RunOutcome interrupted() {
        progress.interrupted();
        collector.shutdownNow();
        try {
            collector.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            windows.closeOpen(true);
        } catch (RuntimeException e) {
            results.keepWarning("the interrupted window could not be collected: " + e.getMessage());
        }
        tearDown();
        return results.write(windows, lifecycle, slots, true, disruptionResult());
    }

    /**
     * Where the target ran the injectors, Gatling's own report of this JVM shows only the waiting
     * users: build one from the injectors' simulation.log files instead, beside it in gatling/.
     */
    private void writeInjectorGatlingReport() {
        List<byte[]> logs = platform.injectorGatlingLogs();
        if (logs.isEmpty()) return;
        Path gatling = plan.runDir().resolve("gatling");
        progress.writing(gatling.resolve(InjectorGatlingReport.FOLDER));
        try {
            InjectorGatlingReport.write(logs, gatling);
        } catch (java.io.IOException | RuntimeException e) {
            results.keepWarning("the injectors' Gatling report could not be built: " + e.getMessage()
                    + " (meshbench's figures do not depend on it)");
        }
    }

    private io.meshbench.analysis.RunDisruption disruptionResult() {
        return disruptions == null ? null : disruptions.result();
    }

    private void tearDown() {
        progress.tearingDown();
        lifecycle.tearDownCurrent();
        platform.close();
    }

    RunPlan plan() {
        return plan;
    }

    Topology topology() {
        return topology;
    }
}
