package io.meshbench.platform;

import io.meshbench.core.EntryPoint;
import io.meshbench.core.MeshMode;
import io.meshbench.core.Target;
import io.meshbench.topology.Topology;

import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The one seam between targets: the local emulation and a real Kubernetes cluster. A platform
 * deploys a topology in one mesh mode at a time; everything it reports is measured on it.
 *
 * <p>Every capability the run needs from a target is a method here, with a default that fits a
 * remote target (no harness warm-up, no calibration, nothing running in this JVM), so the run
 * never asks which target it has.
 */
public interface Platform extends AutoCloseable {

    /** Written to results as {@code target}. */
    Target target();

    /** True when the data plane is an emulation of the architectures rather than Istio itself. */
    boolean emulated();

    /**
     * Checks, before anything is created, that this topology and these modes can run here (limits
     * of this machine included). Reports every problem at once.
     */
    void check(Topology topology, List<MeshMode> modes) throws PlatformException;

    /**
     * What {@link #check} found worth saying without refusing (a limit close to what the run may
     * need). Empty by default.
     */
    default List<String> checkWarnings(Topology topology, List<MeshMode> modes) {
        return List.of();
    }

    /** Deploys the topology in a mode and returns once every pod is ready. */
    Deployment deploy(Topology topology, MeshMode mode) throws PlatformException;

    /**
     * As {@link #deploy(Topology, MeshMode)}, telling {@code progress} how many pods are ready as they
     * become ready (from any thread). The default reports nothing: a target that cannot count pods
     * while it waits need not.
     */
    default Deployment deploy(Topology topology, MeshMode mode, Consumer<DeployProgress> progress) throws PlatformException {
        return deploy(topology, mode);
    }

    /** Facts for the results' {@code environment}: versions, cores, nodes, node memory. Never credentials. */
    Map<String, Object> environment();

    /**
     * Runs the target's code paths once before anything is measured, in every mode, calling
     * {@code exercise} with the entry points of a throwaway deployment. A target whose data plane
     * runs in this JVM needs it (class loading and JIT would otherwise count as the first mode's
     * startup); a remote one does not, so the default does nothing. Returns false when it did nothing.
     */
    default boolean warmHarness(List<MeshMode> modes, Consumer<List<EntryPoint>> exercise) throws PlatformException {
        return false;
    }

    /**
     * Whether the run should measure what this target carries and scale the asked rate to it.
     * True where load generator and data plane share one machine; a cluster is sized by its owner.
     */
    default boolean calibratesRate() {
        return false;
    }

    /**
     * The run's own shutdown hook tears this platform down, after it has collected what the
     * deployments still hold; a platform that registered a hook of its own removes it here (hooks
     * run concurrently, so two owners would race).
     */
    default void leaveShutdownToOwner() {
    }

    /**
     * True for a thread of this JVM that belongs to the target (workloads, proxies), not to the
     * load generator; the run counts the rest of the Java threads as the injector's CPU. A remote
     * target runs no threads here.
     */
    default boolean ownsThread(String threadName) {
        return false;
    }

    /**
     * True when the target's deployments send the load phases' entry traffic themselves
     * ({@link Deployment#entryInjection()}); the simulation then only waits out those phases.
     * False by default: Gatling in this JVM sends it.
     */
    default boolean injectsEntryTraffic() {
        return false;
    }

    /**
     * The Gatling {@code simulation.log} of every injector the target ran for this run so far
     * (where {@link #injectsEntryTraffic()}), for one Gatling report of the run; empty otherwise.
     */
    default java.util.List<byte[]> injectorGatlingLogs() {
        return java.util.List.of();
    }

    /** Removes whatever this platform created and is still up. Safe to call twice. */
    @Override
    void close();
}
