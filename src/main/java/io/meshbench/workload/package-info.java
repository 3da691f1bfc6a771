/**
 * The synthetic workload: one Netty service implementation that runs a topology service's script.
 *
 * <p>Endpoints of a running {@link io.meshbench.workload.WorkloadServer}:
 * <ul>
 *   <li>any path — runs the script (sleep, sequential calls, concurrent groups) and answers with
 *       {@code responseSizeBytes} of body; HTTP 500 with {@code x-meshbench-injected-error: 1} at the
 *       service's error rate; HTTP 502 when a downstream call failed (non-2xx, no connection, or no
 *       response within 10 s; the script stops at the first failed call). The request header
 *       {@code x-meshbench-phase} (warmup|measure|calibrate|probe) is passed on to every downstream call.</li>
 *   <li>{@code GET /metrics} — Prometheus text from the workload's own registry:
 *       {@code meshbench_incoming_requests_total{service,code}},
 *       {@code meshbench_outgoing_calls_total{callee,code}} (code 0: no response),
 *       {@code meshbench_incoming_request_duration_seconds{service}},
 *       {@code meshbench_outgoing_call_duration_seconds{callee}} (histograms, sub-ms buckets).</li>
 *   <li>{@code GET /meshbench/latency} — an HdrHistogram interval log (absolute timestamps,
 *       BaseTime 0) of measured-phase calls, one tag per edge {@code caller->callee}, ~1 s intervals,
 *       µs values; plus one comment line per edge for the very first call made on it, any phase:
 *       {@code #[FirstCall: edge=a->b micros=1234 startMillis=...]}. {@link io.meshbench.workload.LatencyLogs}
 *       merges many of them into a {@link io.meshbench.metrics.LatencyRecording}.</li>
 *   <li>{@code GET /healthz/ready} — 200 once listening.</li>
 * </ul>
 *
 * <p>Latency is measured by the caller, per outbound call, from the moment the call is issued —
 * before it waits for one of the (at most 64 per destination) pooled keep-alive connections or for
 * a connect — to the last byte of the response, so queueing behind a slow callee is counted (no
 * coordinated omission). Every call is recorded, failed ones included, with the time it took.
 */
package io.meshbench.workload;
