package io.meshbench.run;

import io.meshbench.load.LoadPhase;
import io.meshbench.load.PhaseCounters;
import io.meshbench.metrics.DataPlaneSummary;
import io.meshbench.metrics.LatencyRecording;
import io.meshbench.metrics.ModeMeasurement;
import io.meshbench.metrics.scrape.ScrapeSnapshot;
import io.meshbench.platform.Deployment;
import io.meshbench.platform.PlatformException;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Opens a measured window at its first request and closes it when the next phase begins (or the
 * run is cut short): workload latency logs, data-plane scrape, resources, the load generator's
 * counts and lag, the injector's CPU.
 */
final class WindowCollector {
    private final Predicate<String> targetThread;
    private final RunProgress progress;
    private final List<ModeMeasurement> measurements = new ArrayList<>();
    private final Map<String, Object> injectorCpu = new LinkedHashMap<>();
    /** The run's disruption scenario, or null for a steady one. */
    private final Disruptions disruptions;
    private MeasuredWindow open;
    private DisruptionWindow openFault;
    private SlotDeployment warmUpSlot;
    private ScrapeSnapshot warmUpScrape;

    WindowCollector(Predicate<String> targetThread, RunProgress progress, Disruptions disruptions) {
        this.targetThread = targetThread;
        this.progress = progress;
        this.disruptions = disruptions;
    }

    /**
     * The slot's warm-up began: its data plane is scraped now, not when the measured window opens.
     * Scraping every proxy of a large mode costs seconds of CPU (measured: 2.2 s for the 105
     * sidecars of a 60-service graph on a busy 2-core machine); done at the window's start it
     * loaded the machine inside the window, and its first seconds' latency with it. The counter
     * deltas so cover the warm-up and the window.
     */
    synchronized void warmUpStarted(SlotDeployment slot) {
        warmUpScrape = DataPlaneScrape.before(slot.deployment());
        warmUpSlot = slot;
    }

    synchronized void open(LoadPhase phase, PhaseCounters counters, SlotDeployment slot) {
        boolean sameDeployment = warmUpSlot != null && warmUpSlot.slot().equals(slot.slot())
                && warmUpSlot.deployment() == slot.deployment();
        ScrapeSnapshot before = sameDeployment ? warmUpScrape : null;
        warmUpScrape = null;
        warmUpSlot = null;
        open = new MeasuredWindow(phase, counters, slot, targetThread, before);
        openFault = disruptions == null ? null : disruptions.open(phase, slot.deployment());
    }

    /** Closes the open window, if any; {@code cut} when the run stopped inside it. */
    synchronized void closeOpen(boolean cut) {
        MeasuredWindow w = open;
        open = null;
        if (w == null) return;
        DisruptionWindow fault = openFault;
        openFault = null;
        // the fault (a rollback) finishes before the window's data is collected and the slot torn down
        if (fault != null) disruptions.close(w.phase, fault);
        Deployment d = w.slot.deployment();
        List<String> warnings = new ArrayList<>();
        LatencyRecording latency = null;
        try {
            latency = d.collectLatency();
        } catch (PlatformException | RuntimeException e) {
            warnings.add("service latency not collected: " + e.getMessage());
        }
        DataPlaneSummary dataPlane = DataPlaneScrape.after(d, w.scrapeBefore, w.slot.deployScrape(), warnings);
        injectorCpu.put(w.phase.slot().label(), Math.round(w.injectorMillicores()));
        ModeMeasurement m = failedIfDataPlaneDied(w.close(latency, dataPlane, warnings, cut), d.dataPlaneFailures());
        measurements.add(m);
        progress.windowCollected(m);
    }

    /**
     * A window in which a proxy process or a workload host died is not a measurement of the mode: it is marked failed
     * with each dead process's exit status and last stderr lines (the run goes on with the next slot,
     * on a fresh deployment).
     */
    static ModeMeasurement failedIfDataPlaneDied(ModeMeasurement m, List<String> died) {
        if (died.isEmpty()) return m;
        return ModeMeasurement.failed(m.mode(), m.repetition(), "a process of the deployment (data plane or workload host) died during the window: "
                + String.join("\n", died), m.startups(), m.idle());
    }

    synchronized List<ModeMeasurement> measurements() {
        return List.copyOf(measurements);
    }

    /** Injector CPU per slot ("sidecar r2" → millicores), for the results' scenario facts. */
    synchronized Map<String, Object> injectorCpu() {
        return new LinkedHashMap<>(injectorCpu);
    }
}
