package io.meshbench.platform.local;

import io.meshbench.platform.local.process.JvmCommand;

/**
 * How the local target lays out a run.
 *
 * @param nodes        virtual nodes pods are spread over (ambient runs one ztunnel per node)
 * @param seed         seeds everything random on the target (error injection per pod)
 * @param maxPods      the most pods one mode may have; more are refused before anything starts
 * @param addressBlock second octet of the first mode's pod addresses (127.&lt;block+mode&gt;.x.y); node
 *                     addresses use block + 10. Tests pick another block so concurrent test JVMs on
 *                     one machine do not collide on the same loopback addresses.
 * @param layout       proxies inside the harness JVM, or a process per proxy ({@code -Dlocal.dataplane})
 * @param runId        the run's id, carried by every child process ({@code -Dmeshbench.run=<id>}) and in
 *                     its log folder's name
 */
public record LocalSettings(int nodes, long seed, int maxPods, int addressBlock, DataPlaneLayout layout, String runId) {
    public static final int DEFAULT_NODES = 3;
    public static final int DEFAULT_MAX_PODS = 4000;
    public static final int DEFAULT_ADDRESS_BLOCK = 10;
    /** Pod addresses per mode: third octet 0..255, fourth 1..250. */
    public static final int ADDRESSABLE_PODS = 256 * 250;
    /**
     * {@code -Dlocal.proxyWarmUp=<calls>}, process layout: calls each sidecar process and each node's
     * ztunnel carries through a throwaway twin of itself once the pods are ready, so that its
     * request path runs compiled before anything is measured; 0 turns the warm-up off.
     */
    public static final String PROXY_WARM_UP_OPTION = "local.proxyWarmUp";
    /** Past the JIT's call threshold (a few hundred calls) for the per-request methods. */
    public static final int DEFAULT_PROXY_WARM_UP_CALLS = 400;
    /** More calls than this only add minutes to every sidecar deploy. */
    public static final int MAX_PROXY_WARM_UP_CALLS = 10_000;

    public LocalSettings {
        if (nodes < 1 || nodes > 250) throw new IllegalArgumentException("nodes must be 1..250, got " + nodes + " (-Dnodes)");
        if (maxPods < 1 || maxPods > ADDRESSABLE_PODS) {
            throw new IllegalArgumentException("maxPods must be 1.." + ADDRESSABLE_PODS + ", got " + maxPods + " (-DmaxPods)");
        }
        if (addressBlock < 1 || addressBlock + 10 + 3 > 254) {
            throw new IllegalArgumentException("addressBlock must be 1..240, got " + addressBlock);
        }
        if (layout == null) layout = DataPlaneLayout.EMBEDDED;
        if (runId == null || runId.isBlank()) runId = JvmCommand.standaloneRunId();
    }

    /** A platform outside a run (tests, benchmarks): its children carry {@link JvmCommand#standaloneRunId()}. */
    public LocalSettings(int nodes, long seed, int maxPods, int addressBlock, DataPlaneLayout layout) {
        this(nodes, seed, maxPods, addressBlock, layout, null);
    }

    public LocalSettings(int nodes, long seed, int maxPods) {
        this(nodes, seed, maxPods, DEFAULT_ADDRESS_BLOCK);
    }

    public LocalSettings(int nodes, long seed, int maxPods, int addressBlock) {
        this(nodes, seed, maxPods, addressBlock, DataPlaneLayout.EMBEDDED);
    }

    /** The same settings on another loopback block (a scratch platform beside the measured one). */
    public LocalSettings withAddressBlock(int block) {
        return new LocalSettings(nodes, seed, maxPods, block, layout, runId);
    }
}
