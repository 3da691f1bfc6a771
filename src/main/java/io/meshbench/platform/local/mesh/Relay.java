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

    /**
     * On a TCP channel: every read is passed to the other side (its write form chosen by the
     * subclass); this side closing ends the other.
     */
    private abstract static class TcpForwarder extends ChannelInboundHandlerAdapter {
        final Channel other;
        private final LongConsumer bytesRead;
        private final Runnable closed;

        TcpForwarder(Channel other, LongConsumer bytesRead, Runnable closed) {
            this.other = other;
            this.bytesRead = bytesRead;
            this.closed = closed;
        }

        /** The message that carries {@code bytes} on the other side. */
        abstract Object carry(ByteBuf bytes);

        /** Tells the other side no more bytes come, then closes it. */
        abstract void end();

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (!(msg instanceof ByteBuf buf)) {
                ReferenceCountUtil.release(msg);
                return;
            }
            bytesRead.accept(buf.readableBytes());
            other.writeAndFlush(carry(buf));
            if (!other.isWritable()) ctx.channel().config().setAutoRead(false);
        }

        @Override
        public void channelWritabilityChanged(ChannelHandlerContext ctx) throws Exception {
            if (ctx.channel().isWritable()) other.config().setAutoRead(true);
            super.channelWritabilityChanged(ctx);
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) throws Exception {
            if (other.isActive()) end();
            closed.run();
            super.channelInactive(ctx);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }

    /** On the TCP channel of a tunnel: bytes read go out as DATA frames; its close ends the stream. */
    static final class TcpSide extends TcpForwarder {
        TcpSide(Channel stream, LongConsumer bytesRead, Runnable closed) {
            super(stream, bytesRead, closed);
        }

        @Override
        Object carry(ByteBuf bytes) {
            return new DefaultHttp2DataFrame(bytes);
        }

        @Override
        void end() {
            other.writeAndFlush(new DefaultHttp2DataFrame(Unpooled.EMPTY_BUFFER, true)).addListener(ChannelFutureListener.CLOSE);
        }
    }

    /** Between two TCP connections (the plaintext ingress port): bytes read are written to the other side. */
    static final class TcpPipe extends TcpForwarder {
        TcpPipe(Channel other, LongConsumer bytesRead, Runnable closed) {
            super(other, bytesRead, closed);
        }

        @Override
        Object carry(ByteBuf bytes) {
            return bytes;
        }

        @Override
        void end() {
            other.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
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
