package io.meshbench.bench;

import io.meshbench.metrics.LatencyRecording;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpVersion;
import org.HdrHistogram.Histogram;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * An open-model load at a fixed rate over a few keep-alive connections, all on one event loop.
 * Request i is due at start + i / rate; its latency is measured from when it was due, not from
 * when a connection was free to send it, so a path that falls behind shows its queueing
 * (no coordinated omission). A backlog of more than two seconds of requests stops the run as
 * saturated.
 */
final class FixedRateLoad {

    /** What one run measured. */
    record Result(long due, long completed, long errors, boolean saturated, Histogram latencyMicros, Duration elapsed) {
        Result plus(Result other) {
            Histogram merged = latencyMicros.copy();
            merged.add(other.latencyMicros);
            return new Result(due + other.due, completed + other.completed, errors + other.errors,
                    saturated || other.saturated, merged, elapsed.plus(other.elapsed));
        }

        double achievedRps() {
            return completed / Math.max(1e-9, elapsed.toNanos() / 1e9);
        }
    }

    private final EventLoop loop;
    private final BenchTarget target;
    private final int rate;
    private final long total;
    private final int connections;

    private final List<Conn> allConns = new ArrayList<>();
    private final List<Conn> idle = new ArrayList<>();
    private final Deque<Long> backlog = new ArrayDeque<>();
    private final Histogram latency = LatencyRecording.newHistogram();
    private final CompletableFuture<Result> done = new CompletableFuture<>();
    private long startNanos;
    private long issued;
    private long completed;
    private long errors;

    private FixedRateLoad(EventLoop loop, BenchTarget target, int rate, Duration duration, int connections) {
        this.loop = loop;
        this.target = target;
        this.rate = rate;
        this.total = Math.max(1, rate * duration.toMillis() / 1000);
        this.connections = connections;
    }

    /** Runs the load to completion (bounded by its duration plus 15 s) and returns what it measured. */
    static Result run(EventLoop loop, BenchTarget target, int rate, Duration duration, int connections) throws Exception {
        FixedRateLoad load = new FixedRateLoad(loop, target, rate, duration, connections);
        List<Channel> channels = load.connectAll();
        try {
            loop.execute(load::start);
            return load.done.get(duration.toSeconds() + 15, TimeUnit.SECONDS);
        } finally {
            for (Channel c : channels) c.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
        }
    }

    private List<Channel> connectAll() throws InterruptedException {
        List<Channel> channels = new ArrayList<>();
        for (int i = 0; i < connections; i++) {
            Conn conn = new Conn();
            Bootstrap b = new Bootstrap().group(loop).channel(NioSocketChannel.class)
                    .option(ChannelOption.TCP_NODELAY, true)
                    .handler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            ch.pipeline().addLast("raw", new ChannelInboundHandlerAdapter());
                            ch.pipeline().addLast(new HttpClientCodec(), new HttpObjectAggregator(1 << 20), conn);
                        }
                    });
            ChannelFuture f = target.bindIp() == null ? b.connect(target.connectTo())
                    : b.connect(target.connectTo(), new InetSocketAddress(target.bindIp(), 0));
            f.sync();
            Channel ch = f.channel();
            if (target.preamble() != null) {
                // Straight to the socket, before the HTTP encoder: what capture would tell a proxy.
                ch.pipeline().context("raw").writeAndFlush(Unpooled.wrappedBuffer(target.preamble())).sync();
            }
            conn.channel = ch;
            channels.add(ch);
        }
        return channels;
    }

    private void start() {
        idle.addAll(allConns);
        startNanos = System.nanoTime();
        Thread pacer = new Thread(this::pace, "bench-pacer");
        pacer.setDaemon(true);
        pacer.start();
    }

    /**
     * Hands each request to the event loop at its due time. A thread parking until the due time
     * keeps the send within tens of µs of it; a 1 ms event-loop timer would add up to 1 ms to every
     * latency.
     */
    private void pace() {
        long intervalNanos = 1_000_000_000L / rate;
        for (long i = 0; i < total && !done.isDone(); i++) {
            long dueAt = startNanos + i * intervalNanos;
            long wait;
            while ((wait = dueAt - System.nanoTime()) > 0) java.util.concurrent.locks.LockSupport.parkNanos(wait);
            loop.execute(() -> issue(dueAt));
        }
    }

    /** Sends a due request on an idle connection, or queues it (its latency keeps counting). */
    private void issue(long dueAt) {
        issued++;
        if (!idle.isEmpty()) {
            idle.remove(idle.size() - 1).send(dueAt);
        } else {
            backlog.add(dueAt);
            if (backlog.size() > 2L * rate) finish(true);
        }
    }

    private void completedOne(Conn conn, long dueAt, boolean ok) {
        long now = System.nanoTime();
        if (ok) {
            completed++;
            latency.recordValue(Math.max(1, Math.min(LatencyRecording.HIGHEST_TRACKABLE_MICROS, (now - dueAt) / 1000)));
        } else {
            errors++;
        }
        if (completed + errors >= total) {
            finish(false);
            return;
        }
        Long next = backlog.poll();
        if (next != null && conn.channel.isActive()) conn.send(next);
        else if (conn.channel.isActive()) idle.add(conn);
        else if (next != null) backlog.addFirst(next);
    }

    private void finish(boolean saturated) {
        if (done.isDone()) return;
        done.complete(new Result(total, completed, errors + (saturated ? total - completed - errors : 0), saturated,
                latency, Duration.ofNanos(System.nanoTime() - startNanos)));
    }

    /** One keep-alive connection carrying one request at a time. */
    private final class Conn extends SimpleChannelInboundHandler<FullHttpResponse> {
        Channel channel;
        long dueAt = -1;

        Conn() {
            allConns.add(this);
        }

        void send(long due) {
            dueAt = due;
            FullHttpRequest request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/");
            request.headers().set(HttpHeaderNames.HOST, target.host());
            request.headers().set(HttpHeaderNames.CONTENT_LENGTH, 0);
            request.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
            channel.writeAndFlush(request);
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpResponse response) {
            long due = dueAt;
            dueAt = -1;
            if (due >= 0) completedOne(this, due, response.status().code() == 200);
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            if (dueAt >= 0) {
                long due = dueAt;
                dueAt = -1;
                completedOne(this, due, false);
            }
            idle.remove(this);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }
}
