package io.meshbench.workload;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.prometheus.client.exporter.common.TextFormat;

import java.nio.charset.StandardCharsets;

/** Serves one workload's HTTP endpoints; shared by all its connections. */
@ChannelHandler.Sharable
final class InboundHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
    static final String METRICS_PATH = "/metrics";
    static final String LATENCY_PATH = "/meshbench/latency";
    static final String READY_PATH = "/healthz/ready";

    private final WorkloadServer workload;

    InboundHandler(WorkloadServer workload) {
        this.workload = workload;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
        boolean keepAlive = HttpUtil.isKeepAlive(request);
        String path = pathOf(request.uri());
        if (request.method().equals(HttpMethod.GET)) {
            switch (path) {
                case METRICS_PATH -> {
                    respond(ctx, text(HttpResponseStatus.OK, workload.metricsText(), TextFormat.CONTENT_TYPE_004), keepAlive);
                    return;
                }
                case LATENCY_PATH -> {
                    respond(ctx, text(HttpResponseStatus.OK, workload.latencyLogText(), "text/plain; charset=utf-8"), keepAlive);
                    return;
                }
                case READY_PATH -> {
                    respond(ctx, text(HttpResponseStatus.OK, "ready\n", "text/plain; charset=utf-8"), keepAlive);
                    return;
                }
                default -> {
                }
            }
        }
        long received = System.nanoTime();
        String phase = request.headers().get(Phase.HEADER);
        workload.runScript(ctx.executor(), phase).whenComplete((ok, err) -> {
            boolean succeeded = err == null && ok;
            FullHttpResponse response;
            if (!succeeded) {
                response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.BAD_GATEWAY,
                        Unpooled.EMPTY_BUFFER);
            } else if (workload.injectError()) {
                response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.INTERNAL_SERVER_ERROR,
                        Unpooled.EMPTY_BUFFER);
                response.headers().set(InjectedError.HEADER, InjectedError.VALUE);
            } else {
                response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK,
                        Payloads.body(workload.responseSizeBytes(), ctx.alloc()));
            }
            workload.recordIncoming(response.status().code(), System.nanoTime() - received);
            respond(ctx, response, keepAlive);
        });
    }

    private static String pathOf(String uri) {
        int q = uri.indexOf('?');
        return q < 0 ? uri : uri.substring(0, q);
    }

    private static FullHttpResponse text(HttpResponseStatus status, String body, String contentType) {
        ByteBuf buf = Unpooled.copiedBuffer(body, StandardCharsets.UTF_8);
        FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, buf);
        r.headers().set(HttpHeaderNames.CONTENT_TYPE, contentType);
        return r;
    }

    private static void respond(ChannelHandlerContext ctx, FullHttpResponse response, boolean keepAlive) {
        HttpUtil.setContentLength(response, response.content().readableBytes());
        if (keepAlive) {
            ctx.writeAndFlush(response);
        } else {
            HttpUtil.setKeepAlive(response, false);
            ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close();   // a peer reset or a malformed request ends only that connection
    }
}
