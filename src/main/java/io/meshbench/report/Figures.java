package io.meshbench.report;

import io.meshbench.analysis.AnalysedRun;
import io.meshbench.analysis.ModeResult;
import io.meshbench.metrics.ModeMeasurement;
import io.meshbench.metrics.PodStartup;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The definition of every figure a report shows (docs/definitions.md), with how it was measured in this run —
 * taken from the measurements themselves (ResourceUsage.method, the startup phases recorded), so
 * the text cannot drift from what the target did.
 */
public final class Figures {

    /** How every comparison is tested, in one sentence shared by the definitions. */
    static final String STATISTICS = "Welch's t on ln(per-repetition values) (raw values where one is ≤ 0), its "
            + "Student-t 95% interval as the CI of the change, an exact permutation test beside it; at least "
            + io.meshbench.analysis.RepetitionStatistics.MIN_REPETITIONS + " repetitions per side for a verdict.";

    private Figures() {
    }

    public static List<Figure> of(AnalysedRun run) {
        var o = run.options();
        List<Figure> out = new ArrayList<>();
        out.add(new Figure("latency_us", "Service-to-service latency",
                "Per outbound call of a workload, from the moment the caller issues the call (before it waits for a "
                        + "connection, so queued calls are not hidden) to the last byte of the response; only calls that "
                        + "start inside the measured window. Each percentile is computed per repetition (one fresh "
                        + "deployment, all its edges merged) and the mode's figure is the geometric mean over repetitions.",
                "Workloads' own HdrHistograms (1 µs … 60 s, 3 significant digits). 95% CIs: Student t over the "
                        + "repetitions' ln(percentile). Comparisons: " + STATISTICS + " Significant = Holm-adjusted p < "
                        + o.alpha() + " across the comparisons of the run."));
        out.add(new Figure("startup_ms", "Pod startup",
                "Per pod, milliseconds from creation to the last readiness phase; p50/p95/p99/max over the pods of "
                        + "one repetition (nearest rank), geometric mean over repetitions.",
                "Phases recorded: " + phases(run) + "."));
        out.add(new Figure("handshake_us", "Connection set-up (churn probe)",
                "Per repetition: p50 of the measured calls a workload forced onto a new connection minus p50 of its "
                        + "calls on reused connections, same edges, same window (p99 likewise): what a new application connection costs through the "
                        + "data plane. On the baseline it is the TCP connect only (no TLS). On meshed modes it includes an "
                        + "mTLS handshake only when the data plane opens a new upstream connection for it; the emulated "
                        + "sidecar and ztunnel keep pooled mTLS connections (as Envoy and ztunnel do), so mostly it is "
                        + "capture, the local connect and, in ambient, a new HBONE stream and the far side's connect. The "
                        + "proxies' own handshake durations are the mTLS figure. Mean over repetitions (values may be ≤ 0).",
                "A seeded share of each workload's outbound calls bypasses its connection pool (the "
                        + "connection is closed after the call); separate HdrHistograms per edge for new and reused "
                        + "connections. The data plane's own TLS handshake durations are shown beside it where exported."));
        out.add(new Figure("first_call_us", "First call after ready",
                "Per caller→callee edge: latency of the first call after the topology became ready minus that "
                        + "edge's steady-state p50; p50 over edges per repetition. It carries the callee subtree's own "
                        + "first calls, cold code and connects, so it is a warm-up figure, not a handshake.",
                "From the workloads' first-call timings and per-edge histograms."));
        out.add(new Figure("memory_per_pod_bytes", "Per-pod memory overhead",
                "Sidecar: working set of the proxy container; ambient: ztunnel working set on the node ÷ meshed "
                        + "pods on that node (+ waypoint share when used); baseline 0. Mean over the idle window "
                        + "(no traffic), geometric mean over repetitions.",
                methods(run)));
        out.add(new Figure("cpu_idle_per_pod_mcores", "Per-pod CPU overhead (idle)",
                "Same attribution as memory, millicores averaged over the idle window; under load also shown, and "
                        + "the whole mesh's CPU per 1000 entry rps.",
                methods(run)));
        out.add(new Figure("services_per_node", "Services per node",
                "floor((node memory − per-node mesh daemons) ÷ (workload memory per pod + mesh memory per pod less its "
                        + "share of those daemons)), "
                        + "with idle-window memory; node memory " + Units.bytes((double) o.nodeMemoryBytes()) + ".",
                o.assumedWorkloadMemoryBytes() > 0
                        ? "Derived from the measured mesh memory above and an assumed workload container of "
                        + Units.bytes((double) o.assumedWorkloadMemoryBytes()) + " per pod (-Dworkload.memory): "
                        + "emulated workloads share a process (a workload host per node, or with -Dlocal.dataplane=embedded "
                        + "the harness JVM), so their own share of it would say nothing about a container."
                        : "Derived from the memory figures above."));
        out.add(new Figure("noise_floor_pct", "Noise floor",
                "Per mode and figure: the smallest % change against an identically run mode (same repetitions, same "
                        + "spread between them) whose 95% interval would exclude 0. Per comparison: that comparison's "
                        + "interval half-width. Changes below it cannot be told from deployment-to-deployment noise.",
                "Student t on ln(per-repetition values); needs at least 2 repetitions."));
        out.add(new Figure("offered_rps", "Offered / achieved rate",
                "Gatling's injected entry rate vs completed entry requests per second in the measured window; "
                        + "error ratio = failed ÷ completed entry requests, not counting errors the topology injects "
                        + "on purpose. A mode with achieved < " + Math.round(o.minAchievedRatio() * 100) + "% of offered "
                        + "or > " + Math.round(o.maxErrorRatio() * 100) + "% errors is saturated and left out of "
                        + "comparisons.",
                "Gatling open-model injection; counts from its request statistics."));
        out.add(new Figure("entry_latency_ms", "Entry latency",
                "Gatling's response time at the entry services, whole milliseconds (Gatling's resolution).",
                "Gatling."));
        return out;
    }

    private static String phases(AnalysedRun run) {
        Set<String> phases = new LinkedHashSet<>();
        for (ModeMeasurement m : run.record().modes()) {
            for (PodStartup p : m.startups()) phases.addAll(p.phaseMillis().keySet());
        }
        return phases.isEmpty() ? "none recorded" : "created → " + String.join(" → ", phases);
    }

    /** ResourceUsage.method per mode, as recorded by the target. */
    static String methods(AnalysedRun run) {
        Map<String, String> byMode = new LinkedHashMap<>();
        for (ModeResult m : run.modes().values()) {
            String method = m.idle() != null ? m.idle().method() : m.load() != null ? m.load().method() : null;
            if (method != null && !method.isBlank()) byMode.put(m.mode(), method);
        }
        if (byMode.isEmpty()) return "Not measured.";
        if (new LinkedHashSet<>(byMode.values()).size() == 1) return byMode.values().iterator().next();
        StringBuilder sb = new StringBuilder();
        byMode.forEach((k, v) -> sb.append(k).append(": ").append(v).append(" "));
        return sb.toString().trim();
    }
}
