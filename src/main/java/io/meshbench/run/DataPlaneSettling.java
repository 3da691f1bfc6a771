package io.meshbench.run;

import io.meshbench.load.Calibrator;
import io.meshbench.platform.Deployment;

import java.time.Duration;

/**
 * A deployment whose proxies are fresh processes is driven to steady state before anything is
 * measured on it: a proxy JVM loads classes, compiles its hot paths and fills its connection pools
 * on its first requests, and a window that starts while that is going on measures the start, not
 * the proxy (a 6-pod sidecar run measured p99 5 s and a third of the offered rate without it).
 */
final class DataPlaneSettling {

    /** Length of one settling round: long enough for a p99 of a few dozen requests at low rates. */
    static final Duration ROUND = Duration.ofSeconds(3);
    /** Longest settling per deployment; a data plane not steady by then is reported, not waited for. */
    static final Duration LIMIT = Duration.ofSeconds(90);

    private DataPlaneSettling() {
    }

    /**
     * Settles {@code d} at {@code entryRps} (all entry points together) when it runs fresh
     * data-plane processes; null when there is nothing to settle.
     */
    static Calibrator.Settling settle(Calibrator client, Deployment d, double entryRps) {
        if (!d.freshDataPlaneProcesses() || d.entryPoints().isEmpty() || !(entryRps > 0)) return null;
        return client.settle(d.entryPoints(), entryRps, ROUND, LIMIT, round -> { });
    }
}
