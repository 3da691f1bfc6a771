package io.meshbench.platform.local.mesh;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http2.DefaultHttp2DataFrame;
import io.netty.handler.codec.http2.Http2DataFrame;
import io.netty.handler.codec.http2.Http2ResetFrame;
import io.netty.util.ReferenceCountUtil;

/**
 * Makes an HBONE stream look like a plain byte connection to the handlers above it (an HTTP/1.1
 * codec in the waypoint): DATA frames in become bytes, bytes out become DATA frames, and the
 * peer ending or resetting the stream closes it.
 */
final class StreamBytes extends ChannelDuplexHandler {

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof Http2DataFrame data) {
            boolean end = data.isEndStream();
            if (data.content().isReadable()) ctx.fireChannelRead(data.content());
            else data.release();
            if (end) ctx.close();
        } else {
            ReferenceCountUtil.release(msg);
            if (msg instanceof Http2ResetFrame) ctx.close();
        }
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (msg instanceof ByteBuf buf) {
            if (!buf.isReadable()) {
                buf.release();
                promise.setSuccess();
                return;
            }
            ctx.write(new DefaultHttp2DataFrame(buf), promise);
        } else {
            ctx.write(msg, promise);
        }
    }
}
