package io.meshbench.platform.local.mesh;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.DefaultHttp2HeadersFrame;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2HeadersFrame;
import io.netty.handler.codec.http2.Http2MultiplexHandler;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.channel.Channel;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The server half of HBONE: accepted connections must complete mTLS with a mesh identity
 * (STRICT: plaintext and foreign certificates never get a stream), then speak HTTP/2; every
 * CONNECT stream gets a fresh handler from {@code streams}.
 */
final class HboneServer extends ChannelInitializer<SocketChannel> {

    private final MeshTls tls;
    private final MeshTls.HandshakeRecorder handshakes;
    private final Supplier<ChannelHandler> streams;

    HboneServer(MeshTls tls, MeshTls.HandshakeRecorder handshakes, Supplier<ChannelHandler> streams) {
        this.tls = tls;
        this.handshakes = handshakes;
        this.streams = streams;
    }

    @Override
    protected void initChannel(SocketChannel ch) {
        MeshTls.addTimed(ch.pipeline(), tls.serverHandler(true), handshakes, "server");
        ch.pipeline().addLast(Http2FrameCodecBuilder.forServer().initialSettings(HboneClient.SETTINGS).build(),
                new Http2MultiplexHandler(new ChannelInitializer<Http2StreamChannel>() {
                    @Override
                    protected void initChannel(Http2StreamChannel stream) {
                        stream.pipeline().addLast(streams.get());
                    }
                }), CloseOnError.INSTANCE);
    }

    /** Answers a CONNECT: 200 keeps the stream open for the tunnel, anything else ends it. */
    static void answer(Channel stream, int status) {
        stream.writeAndFlush(new DefaultHttp2HeadersFrame(new DefaultHttp2Headers().status(Integer.toString(status)), status != 200));
    }

    /** The HBONE request's baggage header as key → value (source workload metadata). */
    static Map<String, String> baggage(Http2HeadersFrame frame) {
        Map<String, String> out = new HashMap<>();
        CharSequence b = frame.headers().get("baggage");
        if (b == null) return out;
        for (String pair : b.toString().split(",")) {
            int eq = pair.indexOf('=');
            if (eq > 0) out.put(pair.substring(0, eq).trim(), pair.substring(eq + 1).trim());
        }
        return out;
    }

    /** Baggage naming a source workload, as ztunnel sends it on HBONE requests. */
    static Map<String, String> baggageOf(String namespace, String workload, String principal) {
        return Map.of("baggage", "k8s.namespace.name=" + namespace + ",k8s.deployment.name=" + workload
                + ",service.name=" + workload + ",meshbench.principal=" + principal);
    }
}
