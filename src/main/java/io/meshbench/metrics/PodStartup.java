package io.meshbench.metrics;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * When a pod was created and how long after creation it reached each readiness phase.
 * Local target phases: listening, proxy-ready, ready. Kubernetes: PodScheduled, Initialized,
 * ContainersReady, Ready. The last phase is the pod's startup time.
 */
public record PodStartup(String pod, String service, String node, Instant created, Map<String, Double> phaseMillis) {

    public PodStartup {
        phaseMillis = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(phaseMillis));
    }

    /** Milliseconds from creation to the last phase (ready). */
    public double readyMillis() {
        double last = Double.NaN;
        for (double v : phaseMillis.values()) last = v;
        return last;
    }

    /** The pods' startup p50 (creation → ready) by {@link Percentiles}' rule, as the report shows it (pods that never got ready left out); NaN for none. */
    public static double p50ReadyMillis(List<PodStartup> startups) {
        return Percentiles.nearestRank(startups.stream().mapToDouble(PodStartup::readyMillis)
                .filter(Double::isFinite).sorted().toArray(), 50);
    }
}
