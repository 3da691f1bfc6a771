package io.meshbench.platform.local.mesh;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http2.DefaultHttp2DataFrame;
import io.netty.handler.codec.http2.Http2DataFrame;
import io.netty.util.ReferenceCountUtil;

import java.util.function.LongConsumer;

/**
 * Carries raw bytes between a TCP connection and an HBONE stream without looking at them (L4),
 * with backpressure both ways (a side stops reading while the other cannot keep up) and a count
 * of the bytes in each direction.
 */
final class Relay {

    private Relay() {
    }

    /** On the TCP channel: bytes read go out as DATA frames; its close ends the stream. */
    static final class TcpSide extends ChannelInboundHandlerAdapter {
        private final Channel stream;
        private final LongConsumer bytesRead;
        private final Runnable closed;

        TcpSide(Channel stream, LongConsumer bytesRead, Runnable closed) {
            this.stream = stream;
            this.bytesRead = bytesRead;
            this.closed = closed;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (!(msg instanceof ByteBuf buf)) {
                ReferenceCountUtil.release(msg);
                return;
            }
            bytesRead.accept(buf.readableBytes());
            stream.writeAndFlush(new DefaultHttp2DataFrame(buf));
            if (!stream.isWritable()) ctx.channel().config().setAutoRead(false);
        }

        @Override
        public void channelWritabilityChanged(ChannelHandlerContext ctx) throws Exception {
            if (ctx.channel().isWritable()) stream.config().setAutoRead(true);
            super.channelWritabilityChanged(ctx);
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) throws Exception {
            if (stream.isActive()) {
                stream.writeAndFlush(new DefaultHttp2DataFrame(Unpooled.EMPTY_BUFFER, true))
                        .addListener(ChannelFutureListener.CLOSE);
            }
            closed.run();
            super.channelInactive(ctx);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }

    /** On the stream channel: DATA frames go out as bytes on TCP; the stream ending closes TCP. */
    static final class StreamSide extends ChannelInboundHandlerAdapter {
        private final Channel tcp;
        private final LongConsumer bytesRead;
        private final Runnable closed;

        StreamSide(Channel tcp, LongConsumer bytesRead, Runnable closed) {
            this.tcp = tcp;
            this.bytesRead = bytesRead;
            this.closed = closed;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (!(msg instanceof Http2DataFrame data)) {
                ReferenceCountUtil.release(msg);
                return;  // headers/trailers carry nothing for the tunnel; a reset ends it via channelInactive
            }
            boolean end = data.isEndStream();
            int n = data.content().readableBytes();
            bytesRead.accept(n);
            if (n > 0) tcp.writeAndFlush(data.content());
            else data.release();
            if (end) {
                tcp.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
                ctx.close();
            } else if (!tcp.isWritable()) {
                ctx.channel().config().setAutoRead(false);
            }
        }

        @Override
        public void channelWritabilityChanged(ChannelHandlerContext ctx) throws Exception {
            if (ctx.channel().isWritable()) tcp.config().setAutoRead(true);
            super.channelWritabilityChanged(ctx);
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) throws Exception {
            if (tcp.isActive()) tcp.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
            closed.run();
            super.channelInactive(ctx);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }
}
