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
    private MeasuredWindow open;

    WindowCollector(Predicate<String> targetThread, RunProgress progress) {
        this.targetThread = targetThread;
        this.progress = progress;
    }

    synchronized void open(LoadPhase phase, PhaseCounters counters, SlotDeployment slot) {
        open = new MeasuredWindow(phase, counters, slot, targetThread);
    }

    /** Closes the open window, if any; {@code cut} when the run stopped inside it. */
    synchronized void closeOpen(boolean cut) {
        MeasuredWindow w = open;
        open = null;
        if (w == null) return;
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
     * A window in which a proxy process died is not a measurement of the mode: it is marked failed
     * with each dead process's exit status and last stderr lines (the run goes on with the next slot,
     * on a fresh deployment).
     */
    static ModeMeasurement failedIfDataPlaneDied(ModeMeasurement m, List<String> died) {
        if (died.isEmpty()) return m;
        return ModeMeasurement.failed(m.mode(), m.repetition(), "a data-plane process died during the window: "
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
