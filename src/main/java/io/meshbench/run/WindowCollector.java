package io.meshbench.run;

import io.meshbench.load.LoadPhase;
import io.meshbench.load.PhaseCounters;
import io.meshbench.metrics.DataPlaneSummary;
import io.meshbench.metrics.LatencyRecording;
import io.meshbench.metrics.ModeMeasurement;
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

    WindowCollector(Predicate<String> targetThread, RunProgress progress, Disruptions disruptions) {
        this.targetThread = targetThread;
        this.progress = progress;
        this.disruptions = disruptions;
    }

    synchronized void open(LoadPhase phase, PhaseCounters counters, SlotDeployment slot) {
        open = new MeasuredWindow(phase, counters, slot, targetThread);
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
        ModeMeasurement m = w.close(latency, dataPlane, warnings, cut);
        measurements.add(m);
        progress.windowCollected(m);
    }

    synchronized List<ModeMeasurement> measurements() {
        return List.copyOf(measurements);
    }

    /** Injector CPU per slot ("sidecar r2" → millicores), for the results' scenario facts. */
    synchronized Map<String, Object> injectorCpu() {
        return new LinkedHashMap<>(injectorCpu);
    }
}
