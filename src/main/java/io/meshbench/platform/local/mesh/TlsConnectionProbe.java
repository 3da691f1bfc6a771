package io.meshbench.platform.local.mesh;

import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2MultiplexHandler;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.concurrent.Future;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Measures the heap one established mTLS connection end holds in this data plane (TLS engine and
 * session, channel, pipeline and codecs): opens a batch of connections between two probe
 * identities with the plane's own pipelines, and compares used heap after full GC before and
 * after. Multiplied by the plane's live TLS connections it charges connection state to the plane,
 * which a heap delta taken at startup cannot see.
 */
final class TlsConnectionProbe {

    private static final int CONNECTIONS = 32;

    private TlsConnectionProbe() {
    }

    /**
     * @param bind   a free address to listen on for the probe (closed again before returning)
     * @param http2  HBONE pipelines (h2 codec) rather than HTTP/1.1 ones
     * @return heap bytes per connection end (half of what one client-server pair retains)
     */
    static double heapBytesPerEnd(MeshCa ca, InetSocketAddress bind, boolean http2, EventLoopGroup group,
                                  ByteBufAllocator alloc) throws Exception {
        MeshTls server = new MeshTls(ca.issue("spiffe://cluster.local/ns/meshbench-probe/sa/server")).prepareServer(http2);
        MeshTls client = new MeshTls(ca.issue("spiffe://cluster.local/ns/meshbench-probe/sa/client"));
        CountDownLatch serverEnds = new CountDownLatch(CONNECTIONS + 1);
        Channel listener = Connectors.listen(group, alloc, bind, new ChannelInitializer<SocketChannel>() {
            @Override
            protected void initChannel(SocketChannel ch) {
                SslHandler ssl = server.serverHandler(http2);
                ssl.handshakeFuture().addListener(f -> serverEnds.countDown());
                ch.pipeline().addLast(ssl);
                addCodecs(ch.pipeline(), http2, true);
            }
        });
        List<Channel> open = new ArrayList<>();
        try {
            open.addAll(connect(client, server, bind, http2, group, alloc, 1));   // warm-up: one-off initialisation
            long before = PlaneRuntime.usedHeapAfterGc();
            open.addAll(connect(client, server, bind, http2, group, alloc, CONNECTIONS));
            if (!serverEnds.await(10, TimeUnit.SECONDS)) return Double.NaN;
            long after = PlaneRuntime.usedHeapAfterGc();
            return Math.max(0, after - before) / (2.0 * CONNECTIONS);
        } finally {
            for (Channel c : open) c.close().awaitUninterruptibly(2_000);
            listener.close().awaitUninterruptibly(5_000);
        }
    }

    private static List<Channel> connect(MeshTls client, MeshTls server, InetSocketAddress to, boolean http2,
                                         EventLoopGroup group, ByteBufAllocator alloc, int count) throws Exception {
        List<Channel> channels = new ArrayList<>();
        List<Future<Channel>> handshakes = new ArrayList<>();
        String serverId = server.identity().spiffeId();
        for (int i = 0; i < count; i++) {
            Channel ch = Connectors.connect(group.next(), alloc, null, to, new ChannelInitializer<SocketChannel>() {
                @Override
                protected void initChannel(SocketChannel c) {
                    c.pipeline().addLast(client.clientHandler(to, serverId, http2));
                    addCodecs(c.pipeline(), http2, false);
                }
            }, true).get(10, TimeUnit.SECONDS);
            channels.add(ch);
            handshakes.add(ch.pipeline().get(SslHandler.class).handshakeFuture());
        }
        for (Future<Channel> h : handshakes) h.await(10, TimeUnit.SECONDS);
        return channels;
    }

    private static void addCodecs(ChannelPipeline p, boolean http2, boolean serverSide) {
        if (http2) {
            p.addLast(serverSide ? Http2FrameCodecBuilder.forServer().initialSettings(HboneClient.SETTINGS).build()
                            : Http2FrameCodecBuilder.forClient().initialSettings(HboneClient.SETTINGS).build(),
                    new Http2MultiplexHandler(new Ignore()), CloseOnError.INSTANCE);
        } else if (serverSide) {
            p.addLast(new HttpServerCodec(), new HttpObjectAggregator(Sidecar.MAX_BODY), CloseOnError.INSTANCE);
        } else {
            p.addLast(new HttpClientCodec(), new HttpObjectAggregator(Sidecar.MAX_BODY), new UpstreamExchange());
        }
    }

    @ChannelHandler.Sharable
    private static final class Ignore extends ChannelInboundHandlerAdapter {
    }
}
