package io.meshbench.workload;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.concurrent.ScheduledFuture;

import java.nio.channels.ClosedChannelException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A workload's HTTP/1.1 client for downstream calls: keep-alive connections pooled per
 * {@link Route#poolKey()}. Every call is timed from the moment it is issued — before routing,
 * before waiting for a pooled connection, before connecting — to the last byte of the response,
 * so a slow callee cannot hide the calls queued behind it (no coordinated omission).
 */
final class OutboundClient {
    static final int MAX_BODY_BYTES = 256 * 1024 * 1024;

    private final EventLoopGroup group;
    private final OutboundRouter router;
    private final int maxConnectionsPerKey;
    private final Duration timeout;
    private final Bootstrap bootstrap;
    private final Map<String, ConnectionPool> pools = new ConcurrentHashMap<>();
    private volatile boolean closed;

    OutboundClient(EventLoopGroup group, OutboundRouter router, int maxConnectionsPerKey, Duration timeout) {
        this.group = group;
        this.router = router;
        this.maxConnectionsPerKey = maxConnectionsPerKey;
        this.timeout = timeout;
        this.bootstrap = new Bootstrap().group(group).channel(Transport.socketChannel(group))
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) timeout.toMillis())
                .handler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        ch.pipeline().addLast(new HttpClientCodec(), new HttpObjectAggregator(MAX_BODY_BYTES),
                                new ResponseHandler());
                    }
                });
    }

    /** Calls {@code callee}; never fails exceptionally: a call without response has status 0. */
    CompletableFuture<CallResult> call(String callee, long payloadBytes, String phase) {
        return call(callee, payloadBytes, phase, false);
    }

    /**
     * As above; with {@code newConnection} the call gets a connection of its own, opened for it and
     * closed after it (the churn probe), timed the same way — from issue, connect included.
     */
    CompletableFuture<CallResult> call(String callee, long payloadBytes, String phase, boolean newConnection) {
        long issued = System.nanoTime();
        CompletableFuture<CallResult> result = new CompletableFuture<>();
        if (closed) {
            result.complete(new CallResult(0, 0, new IllegalStateException("workload stopped")));
            return result;
        }
        ConnectionPool pool;
        try {
            Route route = router.route(callee);
            pool = pools.computeIfAbsent(route.poolKey(), k -> new ConnectionPool(bootstrap, route, maxConnectionsPerKey));
        } catch (RuntimeException e) {
            result.complete(new CallResult(0, System.nanoTime() - issued, e));
            return result;
        }
        AtomicReference<Channel> inUse = new AtomicReference<>();
        CompletableFuture<Channel> acquired = newConnection ? pool.acquireNew() : pool.acquire();
        ScheduledFuture<?> timer = group.next().schedule(() -> {
            TimeoutException e = new TimeoutException("no response from " + callee + " within " + timeout.toMillis() + " ms");
            acquired.completeExceptionally(e);
            result.complete(new CallResult(0, System.nanoTime() - issued, e));
            Channel ch = inUse.get();
            if (ch != null) ch.close();   // a late response must not reach the next call on it
        }, timeout.toNanos(), TimeUnit.NANOSECONDS);
        result.whenComplete((r, e) -> timer.cancel(false));

        acquired.whenComplete((ch, err) -> {
            if (err != null) {
                result.complete(new CallResult(0, System.nanoTime() - issued, err));
                return;
            }
            inUse.set(ch);
            if (result.isDone()) {       // timed out just as the connection arrived
                giveBack(pool, ch, false, newConnection);
                return;
            }
            send(ch, callee, payloadBytes, phase).whenComplete((response, failure) -> {
                long elapsed = System.nanoTime() - issued;
                if (failure != null) {
                    giveBack(pool, ch, false, newConnection);
                    result.complete(new CallResult(0, elapsed, failure));
                } else {
                    giveBack(pool, ch, response.keepAlive() && !result.isDone(), newConnection);
                    result.complete(new CallResult(response.status(), elapsed, null));
                }
            });
        });
        return result;
    }

    /** A pooled connection goes back to its pool; a probe's own connection is closed. */
    private static void giveBack(ConnectionPool pool, Channel ch, boolean reusable, boolean newConnection) {
        if (newConnection) ch.close();
        else pool.release(ch, reusable);
    }

    private CompletableFuture<Response> send(Channel ch, String callee, long payloadBytes, String phase) {
        CompletableFuture<Response> response = new CompletableFuture<>();
        ResponseHandler handler = ch.pipeline().get(ResponseHandler.class);
        if (handler == null) {
            response.completeExceptionally(new ClosedChannelException());
            return response;
        }
        ByteBufAllocator alloc = ch.alloc();
        ByteBuf body = Payloads.body(payloadBytes, alloc);
        DefaultFullHttpRequest request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, "/", body);
        request.headers().set(HttpHeaderNames.HOST, callee);
        HttpUtil.setContentLength(request, body.readableBytes());
        if (phase != null) request.headers().set(Phase.HEADER, phase);
        handler.expect(response);
        ch.writeAndFlush(request).addListener(w -> {
            if (!w.isSuccess()) response.completeExceptionally(w.cause());
        });
        return response;
    }

    void close() {
        closed = true;
        List.copyOf(pools.values()).forEach(ConnectionPool::close);
        pools.clear();
    }

    private record Response(int status, boolean keepAlive) {
    }

    /** Completes the one call in flight on its connection. */
    private static final class ResponseHandler extends SimpleChannelInboundHandler<FullHttpResponse> {
        private volatile CompletableFuture<Response> pending;

        void expect(CompletableFuture<Response> next) {
            pending = next;
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpResponse msg) {
            CompletableFuture<Response> p = pending;
            pending = null;
            if (p != null) p.complete(new Response(msg.status().code(), HttpUtil.isKeepAlive(msg)));
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) throws Exception {
            fail(new ClosedChannelException());
            super.channelInactive(ctx);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            fail(cause);
            ctx.close();
        }

        private void fail(Throwable cause) {
            CompletableFuture<Response> p = pending;
            pending = null;
            if (p != null) p.completeExceptionally(cause);
        }
    }
}
