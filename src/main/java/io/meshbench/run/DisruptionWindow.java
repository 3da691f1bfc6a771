package io.meshbench.run;

import io.meshbench.analysis.DisruptionAnalysis;
import io.meshbench.analysis.DisruptionFigures;
import io.meshbench.analysis.DisruptionTimeline;
import io.meshbench.analysis.ErrorShareDetector;
import io.meshbench.analysis.SecondPoint;
import io.meshbench.load.Fault;
import io.meshbench.load.FaultKind;
import io.meshbench.platform.Deployment;
import io.meshbench.platform.Disruptor;
import io.meshbench.platform.FaultAction;
import io.meshbench.platform.PlatformException;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The fault of one measured window of a disruption scenario, and the per-second data it is judged
 * on. Opened with the window: the load generator's seconds start counting, the workloads' counters
 * are scraped every second ({@link ServiceSeconds}), and a thread waits until {@code fault.at} to
 * inject the fault through the deployment's {@link Disruptor}. A bad rollout is then watched live:
 * each second the scraped calls to the service feed an {@link ErrorShareDetector}, and when it
 * fires the rollout is rolled back (at the window's end if it never fires, and the figures say
 * it was not detected). Closed with the window: the timeline and its figures.
 */
final class DisruptionWindow {
    /** A live interval needs this many calls to the service before its error share is judged. */
    static final long MIN_CALLS_TO_JUDGE = 10;
    private static final Duration JOIN = Duration.ofMinutes(2);

    private final Fault fault;
    private final String service;
    private final Deployment deployment;
    private final SecondCounts entrySeconds;
    private final Duration window;
    private final long originNanos = System.nanoTime();
    private final ServiceSeconds serviceSeconds;
    private final List<FaultAction> actions = new CopyOnWriteArrayList<>();
    private final List<String> warnings = new CopyOnWriteArrayList<>();
    private final Thread thread;
    private volatile long faultNanos = -1;
    private volatile Double liveDetectS;

    /** What one window yielded. */
    record Outcome(DisruptionTimeline timeline, DisruptionFigures figures, List<FaultAction> actions, Double liveDetectS,
                   List<String> warnings) {
    }

    DisruptionWindow(Fault fault, String service, Deployment deployment, SecondCounts entrySeconds, Duration window) {
        this.fault = fault;
        this.service = service;
        this.deployment = deployment;
        this.entrySeconds = entrySeconds;
        this.window = window;
        entrySeconds.start(originNanos);
        this.serviceSeconds = new ServiceSeconds(deployment::workloadMetrics, originNanos);
        serviceSeconds.start();
        this.thread = new Thread(this::inject, "meshbench-fault");
        thread.setDaemon(true);
        thread.start();
    }

    private void inject() {
        try {
            Disruptor disruptor = deployment.disruptor().orElse(null);
            if (disruptor == null) {
                warnings.add("this target cannot inject faults: no " + fault.kind().id() + " in this window");
                return;
            }
            if (!sleepUntil(originNanos + fault.at().toNanos())) return;
            faultNanos = System.nanoTime();
            switch (fault.kind()) {
                case RESTART_POD -> actions.add(disruptor.restartPod(service));
                case RESTART_DATAPLANE -> actions.add(disruptor.restartDataPlaneOf(service));
                case BAD_ROLLOUT -> rollOutAndBack(disruptor);
            }
        } catch (PlatformException | RuntimeException e) {
            warnings.add(fault.kind().id() + " of " + service + " failed: " + e.getMessage());
        }
    }

    /** Rolls out, watches the scraped error share each second, rolls back when it crosses the threshold. */
    private void rollOutAndBack(Disruptor disruptor) throws PlatformException {
        ErrorShareDetector detector = new ErrorShareDetector(fault.thresholdPct(), MIN_CALLS_TO_JUDGE);
        long[] before = serviceSeconds.cumulative(service);
        detector.observe(before[0], before[1]);
        actions.add(disruptor.rollOut(service, fault.badVersion()));
        long end = originNanos + window.toNanos() - 1_000_000_000L;
        boolean detected = false;
        while (!detected && System.nanoTime() < end) {
            if (!sleepUntil(Math.min(end, System.nanoTime() + 1_000_000_000L))) return;
            long[] now = serviceSeconds.cumulative(service);
            detected = detector.observe(now[0], now[1]);
        }
        if (detected) {
            liveDetectS = (System.nanoTime() - faultNanos) / 1e9;
        } else {
            warnings.add("the bad rollout of " + service + " was not detected within the window (threshold "
                    + fmt(fault.thresholdPct()) + "% of calls to it per second): rolled back at the window's end");
        }
        FaultAction back = disruptor.rollBack(service);
        String why = liveDetectS == null ? "not detected within the window: rolled back at its end"
                : String.format(Locale.ROOT, "rolled back on live detection %.1f s after the rollout began: the calls to %s "
                + "scraped from its callers failed at or above %s%% in one interval", liveDetectS, service, fmt(fault.thresholdPct()));
        actions.add(new FaultAction(back.action(), back.service(), back.removed(), back.added(), back.started(), back.ready(),
                back.trafficSharePct(), back.method(), back.note() == null ? why : back.note() + "; " + why));
    }

    /** False when interrupted (the window closed first). */
    private static boolean sleepUntil(long nanos) {
        long wait;
        while ((wait = nanos - System.nanoTime()) > 0) {
            try {
                Thread.sleep(Math.max(1, wait / 1_000_000L));
            } catch (InterruptedException e) {
                return false;
            }
        }
        return true;
    }

    /** Waits for the fault to finish (a rollback must end before teardown), stops scraping, and judges the window. */
    Outcome close(String mode, int repetition) {
        try {
            thread.join(JOIN.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            thread.interrupt();
            warnings.add("the fault was still in progress when the window closed");
        }
        serviceSeconds.close();
        if (faultNanos < 0) {
            warnings.add("no fault happened in this window (it closed before " + fault.at().toSeconds() + " s)");
            return new Outcome(null, null, List.copyOf(actions), null, List.copyOf(warnings));
        }
        int seconds = (int) Math.max(1, window.toSeconds());
        Map<String, List<SecondPoint>> services = new LinkedHashMap<>(serviceSeconds.perService(seconds));
        services.putAll(entrySeconds.perService(seconds));
        double faultAt = (faultNanos - originNanos) / 1e9;
        DisruptionTimeline timeline = new DisruptionTimeline(mode, repetition, faultAt, entrySeconds.total(seconds),
                services, null, Map.of());
        DisruptionFigures figures = DisruptionAnalysis.analyse(timeline, fault.thresholdPct(),
                fault.kind() == FaultKind.BAD_ROLLOUT);
        return new Outcome(timeline, figures, List.copyOf(actions), liveDetectS, List.copyOf(warnings));
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }
}
