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

    /** A round lasts long enough for this many requests (its p99 is then not just its slowest one)… */
    static final int REQUESTS_PER_ROUND = 30;
    /** …but at least this long… */
    static final Duration MIN_ROUND = Duration.ofSeconds(3);
    /** …and at most this long (at very low rates the p99 is coarse anyway). */
    static final Duration MAX_ROUND = Duration.ofSeconds(10);
    /** The lowest entry rate whose rounds carry {@link #REQUESTS_PER_ROUND} requests: 3 per second. */
    static final double FULL_ROUND_RPS = (double) REQUESTS_PER_ROUND / MAX_ROUND.toSeconds();
    /** Longest settling of a deployment, plus {@link #LIMIT_PER_POD} for each of its pods; not steady by then is reported, not waited for. */
    static final Duration LIMIT = Duration.ofSeconds(90);
    /** Each fresh proxy JVM warms itself (classes, compiled paths, connections): more pods, longer allowed. */
    static final Duration LIMIT_PER_POD = Duration.ofMillis(750);

    private DataPlaneSettling() {
    }

    static Duration round(double entryRps) {
        long millis = Math.round(REQUESTS_PER_ROUND * 1000 / entryRps);
        return Duration.ofMillis(Math.max(MIN_ROUND.toMillis(), Math.min(MAX_ROUND.toMillis(), millis)));
    }

    /**
     * Settles {@code d} at {@code entryRps} (all entry points together) when it runs fresh
     * data-plane processes; null when there is nothing to settle.
     */
    static Calibrator.Settling settle(Calibrator client, Deployment d, double entryRps, String what, RunProgress progress) {
        if (!d.freshDataPlaneProcesses() || d.entryPoints().isEmpty() || !(entryRps > 0)) return null;
        Duration limit = limit(d.podStartups().size());
        int[] rounds = {0};
        return client.settle(d.entryPoints(), entryRps, round(entryRps), limit,
                round -> progress.settleRound(what, ++rounds[0], round, limit));
    }

    static Duration limit(int pods) {
        return LIMIT.plus(LIMIT_PER_POD.multipliedBy(pods));
    }
}
