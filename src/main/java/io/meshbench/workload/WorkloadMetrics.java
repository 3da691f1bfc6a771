package io.meshbench.workload;

import io.prometheus.client.CollectorRegistry;
import io.prometheus.client.Counter;
import io.prometheus.client.Histogram;
import io.prometheus.client.exporter.common.TextFormat;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;

/**
 * One workload's Prometheus metrics, in its own registry so many workloads can share a process.
 * A call that got no HTTP response (connect error, timeout) is counted with code "0", as Envoy does.
 */
final class WorkloadMetrics {
    /** Sub-millisecond buckets: loopback calls and proxies take tenths of a millisecond. */
    private static final double[] BUCKETS = {0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025,
            0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};

    private final CollectorRegistry registry = new CollectorRegistry();
    private final Counter incoming = Counter.build("meshbench_incoming_requests_total",
            "Requests this workload answered, by status code").labelNames("service", "code").register(registry);
    private final Counter outgoing = Counter.build("meshbench_outgoing_calls_total",
            "Calls this workload made to other services, by status code (0: no response)")
            .labelNames("callee", "code").register(registry);
    private final Histogram incomingSeconds = Histogram.build("meshbench_incoming_request_duration_seconds",
            "Time from receiving a request to writing its response").labelNames("service").buckets(BUCKETS)
            .register(registry);
    private final Histogram outgoingSeconds = Histogram.build("meshbench_outgoing_call_duration_seconds",
            "Time from issuing a call (before waiting for a connection) to the last byte of its response")
            .labelNames("callee").buckets(BUCKETS).register(registry);

    void incoming(String service, int code, long nanos) {
        incoming.labels(service, Integer.toString(code)).inc();
        incomingSeconds.labels(service).observe(nanos / 1e9);
    }

    void outgoing(String callee, int code, long nanos) {
        outgoing.labels(callee, Integer.toString(code)).inc();
        outgoingSeconds.labels(callee).observe(nanos / 1e9);
    }

    CollectorRegistry registry() {
        return registry;
    }

    String text() {
        StringWriter out = new StringWriter();
        try {
            TextFormat.write004(out, registry.metricFamilySamples());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }
}
