package io.meshbench.workload;

import io.meshbench.topology.Step;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.GlobalEventExecutor;
import io.netty.util.concurrent.ScheduledFuture;
import io.prometheus.client.CollectorRegistry;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One running replica of a synthetic service. For every request on any path it runs the service's
 * script, then answers with {@code responseSizeBytes} of body — or 500 with
 * {@code x-meshbench-injected-error: 1} at the service's error rate, or 502 when a downstream call
 * failed (non-2xx, no connection, or no response within 10 s). It also serves {@code GET /metrics}
 * (Prometheus), {@code GET /meshbench/latency} (see {@link EdgeLatencyLog}) and
 * {@code GET /healthz/ready}.
 */
public final class WorkloadServer implements AutoCloseable {
    public static final Duration CALL_TIMEOUT = Duration.ofSeconds(10);
    public static final int MAX_CONNECTIONS_PER_DESTINATION = 64;
    static final long INTERVAL_MILLIS = 1_000;

    private final WorkloadConfig config;
    private final WorkloadMetrics metrics = new WorkloadMetrics();
    private final EdgeLatencyLog latency = new EdgeLatencyLog();
    private final OutboundClient client;
    private final ScriptRunner scripts;
    private final Random errors;
    private final ChurnProbe churn;
    private final ChannelGroup connections = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
    private final AtomicBoolean closed = new AtomicBoolean();
    private final java.util.concurrent.atomic.AtomicLong accepted = new java.util.concurrent.atomic.AtomicLong();
    private Channel serverChannel;
    private ScheduledFuture<?> rotation;

    private WorkloadServer(WorkloadConfig config, int maxConnectionsPerDestination, double churnShare) {
        this.config = config;
        this.client = new OutboundClient(config.group(), config.router(), maxConnectionsPerDestination, CALL_TIMEOUT);
        this.scripts = new ScriptRunner(this::call);
        this.errors = new Random(config.seed());
        this.churn = new ChurnProbe(config.seed() ^ 0x636875726EL, churnShare);
    }

    /**
     * Binds and returns once listening. Call it from outside the event loops (it waits for the bind).
     */
    public static WorkloadServer start(WorkloadConfig config) throws InterruptedException {
        return start(config, MAX_CONNECTIONS_PER_DESTINATION);
    }

    /** As {@link #start(WorkloadConfig)} with another limit of pooled connections per destination. */
    public static WorkloadServer start(WorkloadConfig config, int maxConnectionsPerDestination) throws InterruptedException {
        return start(config, maxConnectionsPerDestination, ChurnProbe.DEFAULT_SHARE);
    }

    /** As above with another churn-probe share (tests: a large share so a few calls show both sides). */
    static WorkloadServer start(WorkloadConfig config, int maxConnectionsPerDestination, double churnShare)
            throws InterruptedException {
        WorkloadServer server = new WorkloadServer(config, maxConnectionsPerDestination, churnShare);
        server.bind();
        return server;
    }

    private void bind() throws InterruptedException {
        InboundHandler handler = new InboundHandler(this);
        ServerBootstrap b = new ServerBootstrap().group(config.group()).channel(Transport.serverChannel(config.group()))
                .option(ChannelOption.SO_BACKLOG, 1024)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        connections.add(ch);
                        accepted.incrementAndGet();
                        ch.pipeline().addLast(new HttpServerCodec(),
                                new HttpObjectAggregator(OutboundClient.MAX_BODY_BYTES), handler);
                    }
                });
        serverChannel = b.bind(config.bind()).sync().channel();
        rotation = config.group().next().scheduleAtFixedRate(latency::rotate,
                INTERVAL_MILLIS, INTERVAL_MILLIS, TimeUnit.MILLISECONDS);
    }

    /** Inbound connections accepted since start (tests: how many connections callers opened). */
    long acceptedConnections() {
        return accepted.get();
    }

    /** The address it listens on (the bound port when the config asked for port 0). */
    public InetSocketAddress address() {
        return (InetSocketAddress) serverChannel.localAddress();
    }

    public String pod() {
        return config.pod();
    }

    public String serviceName() {
        return config.service().name();
    }

    /** This workload's own registry (never the default one: many workloads share a process). */
    public CollectorRegistry registry() {
        return metrics.registry();
    }

    /** What {@code GET /metrics} answers. */
    public String metricsText() {
        return metrics.text();
    }

    /** What {@code GET /meshbench/latency} answers: the HdrHistogram log described in {@link EdgeLatencyLog}. */
    public String latencyLogText() {
        return latency.text();
    }

    CompletableFuture<Boolean> runScript(EventExecutor loop, String phase) {
        return scripts.run(config.service().script(), loop, phase);
    }

    boolean injectError() {
        double rate = config.service().errorRate();
        return rate > 0 && errors.nextDouble() < rate;
    }

    long responseSizeBytes() {
        return config.service().responseSizeBytes();
    }

    void recordIncoming(int code, long nanos) {
        metrics.incoming(config.service().name(), code, nanos);
    }

    private CompletableFuture<Boolean> call(Step.Call call, String phase) {
        String edge = config.service().name() + "->" + call.service();
        boolean first = latency.claimFirstCall(edge);
        boolean measured = Phase.MEASURE.equals(phase);
        // churn probe: a seeded share of measured calls (never an edge's first) on a new connection
        boolean newConnection = measured && !first && churn.nextIsNew();
        long startMillis = System.currentTimeMillis();
        return client.call(call.service(), call.payloadBytes(), phase, newConnection).thenApply(r -> {
            long micros = r.nanos() / 1_000;
            metrics.outgoing(call.service(), r.status(), r.nanos());
            if (first) latency.recordFirstCall(edge, micros, startMillis);
            if (measured && newConnection) {
                if (r.succeeded()) latency.recordNewConnection(edge, micros);
            } else if (measured) {
                latency.recordMeasured(edge, micros);
            }
            return r.succeeded();
        });
    }

    /** Stops listening, closes its connections both ways. Leaves the shared event loops running. Idempotent. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) return;
        if (rotation != null) rotation.cancel(false);
        client.close();
        if (serverChannel != null) serverChannel.close().awaitUninterruptibly(5_000);
        connections.close().awaitUninterruptibly(5_000);
    }
}
