package io.meshbench.platform.local.mesh;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;

import java.nio.charset.StandardCharsets;
import java.util.function.Function;

/**
 * The L7 heart of a sidecar or waypoint: takes one whole HTTP/1.1 request from downstream, asks
 * its router where it goes, sends it over a pooled upstream connection, relays the response and
 * counts it under Istio's names. One request per downstream connection at a time (the connection
 * stops reading until the response is written), which is what a keep-alive HTTP/1.1 client does.
 */
public final class HttpForwarder extends SimpleChannelInboundHandler<FullHttpRequest> {

    /** Where one request goes: the pool key, how to open a connection there, and who it is. */
    public record Target(String poolKey, UpstreamPool.Connector connector, ProxyMetrics.Peer destination) {
    }

    @FunctionalInterface
    public interface Router {
        /** The target for {@code request}, or null when no endpoint serves it (answered with 503). */
        Target route(FullHttpRequest request);
    }

    private final String reporter;
    private final Router router;
    private final UpstreamPool pool;
    private final ProxyMetrics metrics;
    private final Function<Channel, ProxyMetrics.Peer> sourceOf;
    private final String security;
    private ProxyMetrics.Peer source;

    /**
     * @param reporter "source" (sidecar outbound), "destination" (sidecar inbound) or "waypoint"
     * @param sourceOf who is calling, judged from the downstream connection
     */
    public HttpForwarder(String reporter, Router router, UpstreamPool pool, ProxyMetrics metrics,
                         Function<Channel, ProxyMetrics.Peer> sourceOf) {
        this(reporter, router, pool, metrics, sourceOf, "mutual_tls");
    }

    /** @param security connection_security_policy of the downstream side: "mutual_tls", or "none" for plaintext ingress */
    public HttpForwarder(String reporter, Router router, UpstreamPool pool, ProxyMetrics metrics,
                         Function<Channel, ProxyMetrics.Peer> sourceOf, String security) {
        this.security = security;
        this.reporter = reporter;
        this.router = router;
        this.pool = pool;
        this.metrics = metrics;
        this.sourceOf = sourceOf;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
        long start = System.nanoTime();
        if (source == null) source = sourceOf.apply(ctx.channel());
        boolean keepAlive = HttpUtil.isKeepAlive(request);
        Target target = router.route(request);
        if (target == null) {
            String host = request.headers().get(HttpHeaderNames.HOST, "");
            reply(ctx, error(HttpResponseStatus.SERVICE_UNAVAILABLE, "no healthy upstream for " + host), keepAlive,
                    start, ProxyMetrics.Peer.unknown(), "NR");
            return;
        }
        ctx.channel().config().setAutoRead(false);
        request.retain();   // held until answered, so a retry can send it again
        request.headers().remove(HttpHeaderNames.CONNECTION);
        forward(ctx, request, target, keepAlive, start, true);
    }

    /**
     * Sends {@code request} over a pooled connection. A pooled connection the upstream closed
     * while idle fails the first send; then the request is sent once more, on a fresh connection
     * if need be, as Envoy retries a reset on a reused connection.
     */
    private void forward(ChannelHandlerContext ctx, FullHttpRequest request, Target target, boolean keepAlive,
                         long start, boolean mayRetry) {
        pool.acquire(target.poolKey(), target.connector(), ctx.channel().eventLoop()).addListener(acquired -> {
            if (!acquired.isSuccess()) {
                request.release();
                boolean overflow = acquired.cause() instanceof UpstreamPool.Overflow;
                reply(ctx, error(HttpResponseStatus.SERVICE_UNAVAILABLE, overflow ? acquired.cause().getMessage()
                        : "upstream connect error: " + acquired.cause()), keepAlive, start, target.destination(), overflow ? "UO" : "UF");
                return;
            }
            Channel upstream = (Channel) acquired.getNow();
            boolean reused = UpstreamExchange.used(upstream);
            UpstreamExchange.send(upstream, request.retainedDuplicate()).addListener(answered -> {
                if (!answered.isSuccess()) {
                    upstream.close();
                    if (answered.cause() instanceof UpstreamExchange.TimedOut timedOut) {
                        // not retried: a retry would hold the caller twice as long (Envoy: 504, flag UT)
                        request.release();
                        reply(ctx, error(HttpResponseStatus.GATEWAY_TIMEOUT, timedOut.getMessage()), keepAlive, start,
                                target.destination(), "UT");
                        return;
                    }
                    if (mayRetry && reused) {
                        forward(ctx, request, target, keepAlive, start, false);
                        return;
                    }
                    request.release();
                    reply(ctx, error(HttpResponseStatus.SERVICE_UNAVAILABLE, "upstream reset: " + answered.cause()),
                            keepAlive, start, target.destination(), "UC");
                    return;
                }
                request.release();
                FullHttpResponse response = (FullHttpResponse) answered.getNow();
                if (HttpUtil.isKeepAlive(response)) pool.release(upstream);
                else upstream.close();
                response.headers().remove(HttpHeaderNames.CONNECTION);
                reply(ctx, response, keepAlive, start, target.destination(), "-");
            });
        });
    }

    /** @param flags Envoy's response_flags: "-" for an upstream answer, NR no route, UF connect failure, UO overflow, UC reset, UT timeout */
    private void reply(ChannelHandlerContext ctx, FullHttpResponse response, boolean keepAlive, long start,
                       ProxyMetrics.Peer destination, String flags) {
        int status = response.status().code();
        if (!keepAlive) response.headers().set(HttpHeaderNames.CONNECTION, "close");
        ctx.channel().eventLoop().execute(() -> {
            var written = ctx.writeAndFlush(response);
            if (!keepAlive) written.addListener(ChannelFutureListener.CLOSE);
            else ctx.channel().config().setAutoRead(true);
        });
        metrics.request(reporter, source, destination, status, (System.nanoTime() - start) / 1e6, flags, security);
    }

    private static FullHttpResponse error(HttpResponseStatus status, String text) {
        FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status,
                Unpooled.copiedBuffer(text + "\n", StandardCharsets.UTF_8));
        HttpUtil.setContentLength(r, r.content().readableBytes());
        return r;
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close();
    }
}
