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

    /** Requests in flight while settling: enough that every proxy opens more than one connection. */
    static final int CONCURRENCY = 4;
    /** Requests per round: enough for a p99 that is not just the slowest request of a few. */
    static final int REQUESTS_PER_ROUND = 40;
    /** Longest settling per deployment; a data plane not flat by then is reported, not waited for. */
    static final Duration LIMIT = Duration.ofSeconds(90);

    private DataPlaneSettling() {
    }

    /** Settles {@code d} when it runs fresh data-plane processes; null when there is nothing to settle. */
    static Calibrator.Settling settle(Calibrator client, Deployment d) {
        if (!d.freshDataPlaneProcesses() || d.entryPoints().isEmpty()) return null;
        return client.settle(d.entryPoints(), CONCURRENCY, REQUESTS_PER_ROUND, LIMIT, round -> { });
    }
}
