package io.meshbench.platform.local;

/**
 * A pod's running workload, wherever it runs: a server in the harness JVM (embedded layout) or in
 * its node's workload host (process layout).
 */
interface PodWorkload extends AutoCloseable {

    /** What runs, for a fault's report: a restart replaces it with another instance. */
    String instance();

    /** Stops it (idempotent where it can be). */
    @Override
    void close();
}
