package io.meshbench.report;

import io.meshbench.analysis.AnalysedRun;
import io.meshbench.analysis.ModeResult;
import io.prometheus.client.CollectorRegistry;
import io.prometheus.client.Gauge;
import io.prometheus.client.exporter.PushGateway;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.util.function.Function;

/**
 * Pushes a run's headline figures to a Prometheus Pushgateway (job "meshbench"), one gauge per
 * figure with labels run_id, mode and target. Unmeasured figures are not pushed. Each push replaces
 * the job's previous group, so the gateway holds the newest run; history lives in Prometheus.
 */
public final class HeadlinePush {

    public static final String JOB = "meshbench";

    private HeadlinePush() {
    }

    public static void push(String url, AnalysedRun run) {
        URL base;
        try {
            base = new URL(url);
        } catch (MalformedURLException e) {
            throw new IllegalArgumentException("pushgateway: '" + url + "' is not a URL (e.g. http://pushgateway:9091)", e);
        }
        CollectorRegistry registry = registry(run);
        try {
            new PushGateway(base).push(registry, JOB);
        } catch (IOException e) {
            throw new UncheckedIOException("pushgateway: push to " + url + " failed: " + e.getMessage(), e);
        }
    }

    static CollectorRegistry registry(AnalysedRun run) {
        CollectorRegistry registry = new CollectorRegistry();
        gauge(registry, run, "meshbench_latency_p50_microseconds", "service-to-service latency p50",
                m -> m.latency().p50() == null ? null : m.latency().p50().doubleValue());
        gauge(registry, run, "meshbench_latency_p99_microseconds", "service-to-service latency p99",
                m -> m.latency().p99() == null ? null : m.latency().p99().doubleValue());
        gauge(registry, run, "meshbench_memory_per_pod_bytes", "mesh memory per pod, idle", ModeResult::memoryPerPodBytes);
        gauge(registry, run, "meshbench_cpu_idle_per_pod_millicores", "mesh CPU per pod, idle", ModeResult::cpuIdlePerPodMcores);
        gauge(registry, run, "meshbench_startup_p50_milliseconds", "pod startup p50", m -> m.startup().p50());
        gauge(registry, run, "meshbench_handshake_p50_microseconds", "first-connection cost p50", m -> m.handshake().p50());
        gauge(registry, run, "meshbench_services_per_node", "services per node",
                m -> m.servicesPerNode() == null ? null : m.servicesPerNode().doubleValue());
        gauge(registry, run, "meshbench_achieved_rps", "achieved entry rate", ModeResult::achievedRps);
        gauge(registry, run, "meshbench_mode_ok", "1 when the mode was neither saturated nor failed", m -> m.ok() ? 1.0 : 0.0);
        return registry;
    }

    private static void gauge(CollectorRegistry registry, AnalysedRun run, String name, String help,
                              Function<ModeResult, Double> value) {
        Gauge g = Gauge.build(name, help).labelNames("run_id", "mode", "target").register(registry);
        for (ModeResult m : run.modes().values()) {
            Double v = value.apply(m);
            if (v != null) g.labels(run.record().runId(), m.mode(), run.record().target().id()).set(v);
        }
    }
}
