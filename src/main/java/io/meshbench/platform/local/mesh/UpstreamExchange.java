package io.meshbench.platform.local.mesh;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;

import java.io.IOException;

/** The last handler of an upstream HTTP/1.1 connection: one request, one response at a time. */
public final class UpstreamExchange extends ChannelInboundHandlerAdapter {

    private Promise<FullHttpResponse> pending;
    private volatile boolean used;

    /** True once a request has been sent on {@code channel} (it came from the pool, not fresh). */
    public static boolean used(Channel channel) {
        UpstreamExchange exchange = channel.pipeline().get(UpstreamExchange.class);
        return exchange != null && exchange.used;
    }

    /**
     * How long an upstream may take to answer before the request fails with {@link TimedOut}: Envoy's
     * default route timeout. Without it a peer that never answers held the caller (and the load
     * generator's request) until the caller's own timeout, silently.
     */
    public static final java.time.Duration RESPONSE_TIMEOUT = java.time.Duration.ofSeconds(15);

    /** The upstream did not answer within {@link #RESPONSE_TIMEOUT}; the connection was closed. */
    public static final class TimedOut extends IOException {
        TimedOut() {
            super("upstream request timeout: no response within " + RESPONSE_TIMEOUT.toSeconds() + " s");
        }
    }

    /** Sends {@code request} (ownership passes) and completes with the upstream's response. */
    public static Future<FullHttpResponse> send(Channel channel, FullHttpRequest request) {
        UpstreamExchange exchange = channel.pipeline().get(UpstreamExchange.class);
        Promise<FullHttpResponse> promise = channel.eventLoop().newPromise();
        if (exchange == null) {   // the connection closed and its pipeline is gone
            ReferenceCountUtil.release(request);
            return promise.setFailure(new IOException("upstream connection closed"));
        }
        channel.eventLoop().execute(() -> {
            if (!channel.isActive()) {
                ReferenceCountUtil.release(request);
                promise.tryFailure(new IOException("upstream connection closed"));
                return;
            }
            if (exchange.pending != null && !exchange.pending.isDone()) {
                ReferenceCountUtil.release(request);
                promise.tryFailure(new IllegalStateException("upstream connection is busy"));
                return;
            }
            exchange.pending = promise;
            exchange.used = true;
            var timer = channel.eventLoop().schedule(() -> {
                if (promise.tryFailure(new TimedOut())) channel.close();
            }, RESPONSE_TIMEOUT.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
            promise.addListener(done -> timer.cancel(false));
            channel.writeAndFlush(request).addListener(f -> {
                if (!f.isSuccess()) promise.tryFailure(f.cause());
            });
        });
        return promise;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof FullHttpResponse response && pending != null && pending.trySuccess(response)) {
            return;
        }
        ReferenceCountUtil.release(msg);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        if (pending != null) pending.tryFailure(new IOException("upstream closed the connection"));
        super.channelInactive(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (pending != null) pending.tryFailure(cause);
        ctx.close();
    }
}
