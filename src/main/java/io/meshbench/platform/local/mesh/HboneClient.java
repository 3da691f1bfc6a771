package io.meshbench.platform.local.mesh;

import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.DefaultHttp2HeadersFrame;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.handler.codec.http2.Http2HeadersFrame;
import io.netty.handler.codec.http2.Http2MultiplexHandler;
import io.netty.handler.codec.http2.Http2Settings;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.handler.codec.http2.Http2StreamChannelBootstrap;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The client half of HBONE: one pooled HTTP/2 connection inside mTLS per peer (a node's ztunnel
 * or a waypoint), and an HTTP/2 CONNECT stream on it per tunnelled connection.
 */
public final class HboneClient {

    public static final int HBONE_PORT = 15008;
    /** Streams per connection and window sizes large enough that one connection carries a node's traffic. */
    static final Http2Settings SETTINGS = Http2Settings.defaultSettings()
            .maxConcurrentStreams(100_000).initialWindowSize(1 << 20);

    private final MeshTls tls;
    private final EventLoopGroup loops;
    private final ByteBufAllocator alloc;
    private final InetAddress localAddress;
    private final MeshTls.HandshakeRecorder handshakes;
    private final HboneCounters counters;
    private final Map<InetSocketAddress, Future<Channel>> connections = new ConcurrentHashMap<>();

    public HboneClient(MeshTls tls, EventLoopGroup loops, ByteBufAllocator alloc, InetAddress localAddress,
                       MeshTls.HandshakeRecorder handshakes, HboneCounters counters) {
        this.tls = tls;
        this.loops = loops;
        this.alloc = alloc;
        this.localAddress = localAddress;
        this.handshakes = handshakes;
        this.counters = counters;
    }

    /**
     * Opens a CONNECT stream to {@code authority} through {@code peer} (which must prove
     * {@code peerId}); completes when the peer answers 200. {@code streamHandler} is added to the
     * stream's pipeline and receives the tunnelled bytes as HTTP/2 DATA frames.
     */
    public Future<Http2StreamChannel> open(InetSocketAddress peer, String peerId, String authority,
                                           Map<String, String> headers, ChannelHandler streamHandler) {
        EventLoop loop = loops.next();
        Promise<Http2StreamChannel> result = loop.newPromise();
        connection(peer, peerId).addListener(connected -> {
            if (!connected.isSuccess()) {
                result.tryFailure(connected.cause());
                return;
            }
            Channel parent = (Channel) connected.getNow();
            ConnectResponse response = new ConnectResponse(result);
            new Http2StreamChannelBootstrap(parent).handler(new ChannelInitializer<Http2StreamChannel>() {
                @Override
                protected void initChannel(Http2StreamChannel ch) {
                    ch.pipeline().addLast(response, streamHandler);
                }
            }).open().addListener(opened -> {
                if (!opened.isSuccess()) {
                    result.tryFailure(opened.cause());
                    return;
                }
                Http2StreamChannel stream = (Http2StreamChannel) opened.getNow();
                response.stream = stream;
                counters.streamsOpened().labels(peerLabel(peer)).inc();
                Http2Headers h = new DefaultHttp2Headers().method("CONNECT").authority(authority);
                headers.forEach(h::add);
                stream.writeAndFlush(new DefaultHttp2HeadersFrame(h, false)).addListener(w -> {
                    if (!w.isSuccess()) result.tryFailure(w.cause());
                });
            });
        });
        return result;
    }

    /** The pooled connection to {@code peer}, opened (and its TLS handshake done) on first use. */
    private Future<Channel> connection(InetSocketAddress peer, String peerId) {
        return connections.compute(peer, (p, existing) -> {
            if (existing != null && (!existing.isDone() || (existing.isSuccess() && ((Channel) existing.getNow()).isActive()))) {
                return existing;
            }
            return connect(p, peerId);
        });
    }

    private Future<Channel> connect(InetSocketAddress peer, String peerId) {
        EventLoop loop = loops.next();
        Promise<Channel> ready = loop.newPromise();
        counters.connectionsOpened().labels(peerLabel(peer)).inc();
        Connectors.connect(loop, alloc, new InetSocketAddress(localAddress, 0), peer, new ChannelInitializer<SocketChannel>() {
            @Override
            protected void initChannel(SocketChannel ch) {
                SslHandler ssl = tls.clientHandler(peer, peerId, true);
                MeshTls.addTimed(ch.pipeline(), ssl, handshakes, "client");
                ch.pipeline().addLast(Http2FrameCodecBuilder.forClient().initialSettings(SETTINGS).build(),
                        new Http2MultiplexHandler(new RefuseServerStreams()), CloseOnError.INSTANCE);
                ssl.handshakeFuture().addListener(h -> {
                    if (h.isSuccess()) ready.trySuccess(ch);
                    else ready.tryFailure(h.cause());
                });
                ch.closeFuture().addListener(c -> ready.tryFailure(new IOException("HBONE connection to " + peer + " closed")));
            }
        }, true).addListener(f -> {
            if (!f.isSuccess()) ready.tryFailure(f.cause());
        });
        return ready;
    }

    private static String peerLabel(InetSocketAddress peer) {
        return peer.getAddress().getHostAddress() + ":" + peer.getPort();
    }

    public void close() {
        connections.values().forEach(f -> {
            if (f.isSuccess()) ((Channel) f.getNow()).close();
        });
        connections.clear();
    }

    /** Completes the open promise on the peer's answer to CONNECT, then steps aside. */
    private static final class ConnectResponse extends ChannelInboundHandlerAdapter {
        private final Promise<Http2StreamChannel> result;
        Http2StreamChannel stream;

        ConnectResponse(Promise<Http2StreamChannel> result) {
            this.result = result;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof Http2HeadersFrame headers) {
                CharSequence status = headers.headers().status();
                ctx.pipeline().remove(this);
                if (status != null && "200".contentEquals(status)) {
                    result.trySuccess(stream);
                } else {
                    result.tryFailure(new IOException("HBONE peer refused CONNECT with status " + status));
                    ctx.close();
                }
                return;
            }
            ReferenceCountUtil.release(msg);
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) throws Exception {
            result.tryFailure(new IOException("HBONE stream closed before the peer answered CONNECT"));
            super.channelInactive(ctx);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            result.tryFailure(cause);
            ctx.close();
        }
    }

    /** HBONE peers never push streams to the client. */
    @ChannelHandler.Sharable
    private static final class RefuseServerStreams extends ChannelInboundHandlerAdapter {
        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            ctx.close();
        }
    }
}
