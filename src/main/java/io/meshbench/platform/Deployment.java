package io.meshbench.platform;

import io.meshbench.core.MetricsSource;
import io.meshbench.core.EntryPoint;
import io.meshbench.core.MeshMode;
import io.meshbench.metrics.LatencyRecording;
import io.meshbench.metrics.PodStartup;
import io.meshbench.metrics.ResourceWindow;

import java.util.List;
import java.util.Optional;

/** A topology running in one mesh mode on a platform. Closing it tears down what it created. */
public interface Deployment extends AutoCloseable {

    MeshMode mode();

    /** When each pod was created and reached each readiness phase, in phase order. */
    List<PodStartup> podStartups();

    /** Where Gatling sends traffic: one base URL per entry-point service. */
    List<EntryPoint> entryPoints();

    /** Starts sampling memory and CPU of workloads and data plane; finish the window to read it. */
    ResourceWindow startResourceWindow();

    /** The data plane's own metrics endpoints (ztunnels, sidecars, waypoints) to scrape. */
    List<MetricsSource> dataPlaneMetrics();

    /**
     * Each running workload pod's own Prometheus endpoint ({@code meshbench_outgoing_calls_total} by
     * callee and code, and its duration histogram), as it is now: the per-second, per-service
     * timelines of the disruption scenarios are scraped from these. Empty where the target does not
     * reach them (those timelines then hold the entry services only).
     */
    default List<MetricsSource> workloadMetrics() {
        return List.of();
    }

    /** The workloads' outbound-call histograms recorded so far (measured phase only), per edge. */
    LatencyRecording collectLatency() throws PlatformException;

    /**
     * Whether the data plane (or the workloads' hosts) runs in processes started with this
     * deployment, which reach steady state only after some traffic (class loading, JIT, connection
     * pools): the run then settles it before the slot's warm-up.
     */
    default boolean freshDataPlaneProcesses() {
        return false;
    }

    /**
     * Data-plane processes (and, on the local target's process layout, workload-host processes)
     * that died without being told to, each with its exit status and last stderr lines; empty
     * while all run (and where the target does not run them itself).
     */
    default List<String> dataPlaneFailures() {
        return List.of();
    }

    /**
     * How disruption scenarios inject faults into this deployment; empty where the target cannot
     * (the run then refuses a disruption scenario for it, naming the target).
     */
    default Optional<Disruptor> disruptor() {
        return Optional.empty();
    }

    /**
     * How the target injects entry traffic itself, where it does ({@link Platform#injectsEntryTraffic()});
     * empty where Gatling in this JVM sends it to {@link #entryPoints()}.
     */
    default Optional<EntryInjection> entryInjection() {
        return Optional.empty();
    }

    @Override
    void close();
}
