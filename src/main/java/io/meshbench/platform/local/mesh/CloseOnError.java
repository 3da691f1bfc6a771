package io.meshbench.platform.local.mesh;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

/**
 * Last handler of a connection whose failures are expected traffic (a plaintext client on a
 * STRICT port, a peer with a foreign certificate): closes it without logging a stack trace.
 * Also drops connection-level HTTP/2 frames nothing else consumes.
 */
@ChannelHandler.Sharable
final class CloseOnError extends ChannelInboundHandlerAdapter {

    static final CloseOnError INSTANCE = new CloseOnError();

    /** Connection-level HTTP/2 frames (SETTINGS, acks) that reach the end need nothing more. */
    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        io.netty.util.ReferenceCountUtil.release(msg);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close();
    }
}
