package io.meshbench.run;

import io.meshbench.load.Calibrator;
import io.meshbench.load.Scenario;
import io.meshbench.load.Slot;
import io.meshbench.metrics.PodStartup;
import io.meshbench.metrics.ResourceUsage;
import io.meshbench.metrics.ResourceWindow;
import io.meshbench.metrics.RunRecord;
import io.meshbench.platform.Deployment;
import io.meshbench.platform.Platform;
import io.meshbench.platform.PlatformException;
import io.meshbench.topology.Topology;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Brings each slot up and down: tears down the previous slot's deployment, deploys the mode fresh,
 * takes the idle window and the first-call probe, then tells the simulation the slot is ready.
 * Only one deployment is up at a time, so every mode is measured with no other mode's pods alive.
 * A rehearsal slot is brought up the same way (without the idle window) and leaves no figure.
 * Runs on the run's collector thread; the simulation only reads {@link #settled} and {@link #entries}.
 */
final class SlotLifecycle {
    private final Platform platform;
    private final Topology topology;
    private final Scenario scenario;
    private final Calibrator client;
    private final RunProgress progress;
    private final Map<Integer, SlotDeployment.EntryTable> live = new ConcurrentHashMap<>();
    private final Map<Integer, Boolean> settled = new ConcurrentHashMap<>();
    private final Map<Slot, String> failures = new LinkedHashMap<>();
    private final List<SlotDeployment> started = new ArrayList<>();
    private final List<RunRecord.ScheduledSlot> schedule = new ArrayList<>();
    private SlotDeployment current;

    SlotLifecycle(Platform platform, Topology topology, Scenario scenario, Calibrator client, RunProgress progress) {
        this.platform = platform;
        this.topology = topology;
        this.scenario = scenario;
        this.client = client;
        this.progress = progress;
    }

    /** The slot's deploy phase began: down with the previous slot, up with this one. */
    void bringUp(Slot slot) {
        tearDownCurrent();
        Instant startedAt = Instant.now();
        synchronized (this) {
            schedule.add(new RunRecord.ScheduledSlot(slot.repetition(), slot.mode(), startedAt, !slot.rehearsal()));
        }
        try {
            progress.deploying(slot, topology.podCount());
            long t0 = System.nanoTime();
            Deployment d = platform.deploy(topology, slot.mode(), ready -> progress.deployProgress(slot.label(), ready));
            List<PodStartup> startups = d.podStartups();
            progress.deployed(slot, Duration.ofNanos(System.nanoTime() - t0), medianReadyMillis(startups));
            synchronized (this) {
                current = new SlotDeployment(slot, startedAt, d, startups, DataPlaneScrape.before(d), null);
            }
            // A rehearsal measures nothing: no idle window, and its startups stay out of every figure.
            ResourceUsage idle = slot.rehearsal() ? null : idleWindow(slot, d);
            synchronized (this) {
                current = new SlotDeployment(slot, startedAt, d, startups, current.deployScrape(), idle);
                if (!slot.rehearsal()) started.add(current);
            }
            progress.probed(slot, client.probe(d.entryPoints(), (called, total) -> progress.probeProgress(slot.label(), called, total)));
            double entryRps = io.meshbench.load.EntryRates.totalEntryRate(topology, scenario.ratePerService());
            client.ramp(d.entryPoints(), entryRps);
            Calibrator.Settling settling = DataPlaneSettling.settle(client, d, entryRps, slot.label(), progress);
            if (settling != null) progress.settled(slot.label(), settling);
            live.put(slot.index(), SlotDeployment.EntryTable.of(d.entryPoints()));
        } catch (PlatformException | RuntimeException e) {
            if (slot.rehearsal()) {
                progress.warning(slot.label() + ": deploy failed, the mode's first measured repetition runs unrehearsed: "
                        + e.getMessage());
            } else {
                synchronized (this) {
                    failures.put(slot, "deploy failed: " + e.getMessage());
                }
                progress.deployFailed(slot, e.getMessage());
            }
            tearDownCurrent();
        } finally {
            settled.put(slot.index(), true);
        }
    }

    private ResourceUsage idleWindow(Slot slot, Deployment d) {
        if (scenario.idle().isZero()) return null;
        progress.idle(slot, scenario.idle());
        ResourceWindow w = d.startResourceWindow();
        try {
            Thread.sleep(scenario.idle().toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();   // interrupted run: keep what the window saw
        }
        return w.finish();
    }

    /** Lower median of the pods' ready times: the same rule as the report's startup p50. */
    static double medianReadyMillis(List<PodStartup> startups) {
        double[] ready = startups.stream().mapToDouble(PodStartup::readyMillis).sorted().toArray();
        return ready.length == 0 ? Double.NaN : ready[(ready.length - 1) / 2];
    }

    /** True once the slot's deployment is ready for traffic or has failed: its deploy phase may end. */
    boolean settled(Slot slot) {
        return settled.containsKey(slot.index());
    }

    /** The slot's entry points, or null when it has no live deployment. */
    SlotDeployment.EntryTable entries(Slot slot) {
        return live.get(slot.index());
    }

    synchronized SlotDeployment current() {
        return current;
    }

    /** Tears down the deployment that is up, if any. Safe to call from the shutdown hook. */
    void tearDownCurrent() {
        SlotDeployment down;
        synchronized (this) {
            down = current;
            current = null;
        }
        if (down == null) return;
        live.remove(down.slot().index());
        try {
            down.deployment().close();
        } catch (RuntimeException e) {
            progress.warning("teardown of " + down.slot().label() + " failed: " + e.getMessage());
        }
    }

    synchronized Map<Slot, String> failures() {
        return new LinkedHashMap<>(failures);
    }

    /** Slots whose deployment came up (their startups and idle window were measured). */
    synchronized List<SlotDeployment> started() {
        return List.copyOf(started);
    }

    synchronized List<RunRecord.ScheduledSlot> schedule() {
        return List.copyOf(schedule);
    }
}
