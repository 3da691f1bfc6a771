package io.meshbench.platform.local.mesh;

import io.meshbench.workload.Transport;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.buffer.ByteBufAllocator;
import io.meshbench.metrics.prometheus.NegotiatedExposition;
import io.meshbench.metrics.scrape.HandshakeTimes;
import io.meshbench.metrics.scrape.HttpMetricsSource;
import io.meshbench.core.MetricsSource;
import java.net.URI;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;

/**
 * A proxy's admin port: plain HTTP serving /stats/prometheus (Envoy :15090, ztunnel :15020) and
 * this emulation's exact client-side handshake histogram at {@link HandshakeTimes#PATH}.
 */
public final class AdminServer {

    public static final String PATH = "/stats/prometheus";

    private AdminServer() {
    }

    /** Binds {@code address} and serves {@code metrics} there; returns the bound channel. */
    public static Channel bind(EventLoopGroup group, ByteBufAllocator alloc, InetSocketAddress address,
                               Supplier<String> metrics) throws InterruptedException {
        return bind(group, alloc, address, metrics, null);
    }

    /**
     * Binds {@code address} and serves {@code metrics} at {@link #PATH} and, when not null,
     * {@code handshakes} (the proxy's client-side handshakes, {@link HandshakeTimes#encoded()}) at
     * {@link HandshakeTimes#PATH}; returns the bound channel.
     */
    public static Channel bind(EventLoopGroup group, ByteBufAllocator alloc, InetSocketAddress address,
                               Supplier<String> metrics, Supplier<String> handshakes) throws InterruptedException {
        io.netty.channel.ChannelFuture bound = new ServerBootstrap().group(group).channel(Transport.serverChannel(group))
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.ALLOCATOR, alloc)
                .handler(Connectors.tracking(group))
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(64 * 1024),
                                new SimpleChannelInboundHandler<FullHttpRequest>() {
                                    @Override
                                    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
                                        if (handshakes != null && req.uri().startsWith(HandshakeTimes.PATH)) {
                                            respond(ctx, HttpResponseStatus.OK, new NegotiatedExposition(
                                                    "text/plain; charset=utf-8", handshakes.get()));
                                            return;
                                        }
                                        boolean found = req.uri().startsWith(PATH);
                                        // text 0.0.4 or OpenMetrics, as the Accept header asks (like Istio's proxies)
                                        NegotiatedExposition exposition = found
                                                ? NegotiatedExposition.of(metrics.get(), req.headers().get(HttpHeaderNames.ACCEPT))
                                                : new NegotiatedExposition("text/plain; charset=utf-8", "not found\n");
                                        respond(ctx, found ? HttpResponseStatus.OK : HttpResponseStatus.NOT_FOUND, exposition);
                                    }
                                });
                    }
                }).bind(address).await();
        if (!bound.isSuccess()) throw Connectors.cannotListen(address, bound.cause());
        Connectors.openOn(group).add(bound.channel());
        return bound.channel();
    }

    private static void respond(ChannelHandlerContext ctx, HttpResponseStatus status, NegotiatedExposition exposition) {
        byte[] body = exposition.body().getBytes(StandardCharsets.UTF_8);
        FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, Unpooled.wrappedBuffer(body));
        r.headers().set(HttpHeaderNames.CONTENT_TYPE, exposition.contentType());
        HttpUtil.setContentLength(r, body.length);
        ctx.writeAndFlush(r).addListener(ChannelFutureListener.CLOSE);
    }

    /** A metrics source that scrapes {@code address} over HTTP, as Prometheus would. */
    public static MetricsSource source(String name, String kind, InetSocketAddress address) {
        return new HttpMetricsSource(name, kind,
                URI.create("http://" + address.getHostString() + ":" + address.getPort() + PATH));
    }
}
