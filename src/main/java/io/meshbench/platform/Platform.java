package io.meshbench.platform;

import io.meshbench.core.MeshMode;
import io.meshbench.topology.Topology;

import java.util.List;
import java.util.Map;

/**
 * The one seam between targets: the local emulation and a real Kubernetes cluster. A platform
 * deploys a topology in one mesh mode at a time; everything it reports is measured on it.
 */
public interface Platform extends AutoCloseable {

    /** "local" or "kubernetes"; written to results as {@code target}. */
    String target();

    /** True when the data plane is an emulation of the architectures rather than Istio itself. */
    boolean emulated();

    /**
     * Checks, before anything is created, that this topology and these modes can run here.
     * Reports every problem at once.
     */
    void check(Topology topology, List<MeshMode> modes) throws PlatformException;

    /** Deploys the topology in a mode and returns once every pod is ready. */
    Deployment deploy(Topology topology, MeshMode mode) throws PlatformException;

    /** Facts for the results' {@code environment}: versions, cores, nodes, node memory. Never credentials. */
    Map<String, Object> environment();

    /**
     * For an owner that stops the platform from its own shutdown hook, after it has collected what
     * the pods still hold: the platform then drops its own hook (JVM hooks run concurrently, so it
     * would race the owner's collection) and leaves teardown on Ctrl-C to the owner's {@link #close()}.
     */
    default void leaveShutdownToOwner() {
    }

    /** Removes whatever this platform created and is still up. Safe to call twice. */
    @Override
    void close();
}
