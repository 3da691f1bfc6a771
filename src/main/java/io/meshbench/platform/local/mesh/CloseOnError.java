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
    static final int CONNECTION_WINDOW = 16 << 20;

    /** Connection-level HTTP/2 frames (SETTINGS, acks) that reach the end need nothing more. */
    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        io.netty.util.ReferenceCountUtil.release(msg);
    }

    /**
     * Once TLS is up on an HBONE connection, widens its connection-level flow-control window: the
     * HTTP/2 default (64 KiB) is shared by every stream on the one pooled connection per peer.
     */
    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt instanceof io.netty.handler.ssl.SslHandshakeCompletionEvent done && done.isSuccess()
                && ctx.pipeline().get(io.netty.handler.codec.http2.Http2FrameCodec.class) != null) {
            ctx.writeAndFlush(new io.netty.handler.codec.http2.DefaultHttp2WindowUpdateFrame(CONNECTION_WINDOW - 65_535));
        }
        super.userEventTriggered(ctx, evt);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close();
    }
}
