package io.meshbench.platform.local.mesh;

import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslProvider;

import javax.net.ssl.SSLException;
import javax.net.ssl.SSLPeerUnverifiedException;
import java.net.InetSocketAddress;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * TLS 1.3 with mutual authentication for one mesh identity: the server side accepts any peer of
 * this run's CA (STRICT: no plaintext, no foreign CA), the client side accepts only the expected
 * destination identity. Client contexts are cached per expected peer.
 */
public final class MeshTls {

    private static final String TLS13 = "TLSv1.3";

    private final WorkloadIdentity identity;
    private volatile SslContext server;
    private volatile SslContext h2Server;
    private final Map<String, SslContext> clients = new ConcurrentHashMap<>();
    private final Map<String, SslContext> h2Clients = new ConcurrentHashMap<>();

    public MeshTls(WorkloadIdentity identity) {
        this.identity = identity;
    }

    public WorkloadIdentity identity() {
        return identity;
    }

    /** TLS handler for an accepted connection; the peer must hold any identity of this run's CA. */
    public SslHandler serverHandler(ByteBufAllocator alloc, boolean http2) {
        return serverContext(http2).newHandler(alloc);
    }

    /** Builds the server context now, so a proxy is ready (certificate loaded) before it reports ready. */
    public MeshTls prepareServer(boolean http2) {
        serverContext(http2);
        return this;
    }

    /** Built on first use: a sidecar needs only the HTTP/1.1 one, an HBONE listener only the h2 one. */
    private SslContext serverContext(boolean http2) {
        SslContext ctx = http2 ? h2Server : server;
        if (ctx == null) {
            synchronized (this) {
                ctx = http2 ? h2Server : server;
                if (ctx == null) {
                    ctx = serverContext(http2 ? h2() : null);
                    if (http2) h2Server = ctx;
                    else server = ctx;
                }
            }
        }
        return ctx;
    }

    /** TLS handler for a connection to {@code peer}, which must prove {@code expectedPeerId}. */
    public SslHandler clientHandler(ByteBufAllocator alloc, InetSocketAddress peer, String expectedPeerId, boolean http2) {
        Map<String, SslContext> cache = http2 ? h2Clients : clients;
        SslContext ctx = cache.computeIfAbsent(expectedPeerId, id -> clientContext(id, http2 ? h2() : null));
        return ctx.newHandler(alloc, peer.getHostString(), peer.getPort());
    }

    /**
     * Adds TLS to {@code pipeline} with a timer in front that records the handshake's duration
     * (from the connection becoming active to the handshake completing) into {@code handshakes}.
     */
    public static void addTimed(ChannelPipeline pipeline, SslHandler ssl, HandshakeRecorder handshakes, String role) {
        pipeline.addLast("handshake-timer", new HandshakeTimer(ssl, handshakes, role));
        pipeline.addLast("tls", ssl);
    }

    /** The SPIFFE id the peer proved on {@code channel}'s TLS session, or null. */
    public static String peerIdentity(Channel channel) {
        SslHandler ssl = channel.pipeline().get(SslHandler.class);
        if (ssl == null) return null;
        try {
            Certificate[] chain = ssl.engine().getSession().getPeerCertificates();
            return chain.length == 0 ? null : SpiffeTrustManager.spiffeIdOf((X509Certificate) chain[0]);
        } catch (SSLPeerUnverifiedException e) {
            return null;
        }
    }

    private SslContext serverContext(ApplicationProtocolConfig alpn) {
        try {
            return SslContextBuilder.forServer(identity.key(), identity.certificate())
                    .sslProvider(SslProvider.JDK)
                    .protocols(TLS13)
                    .clientAuth(ClientAuth.REQUIRE)
                    .trustManager(SpiffeTrustManager.anyMeshIdentity(identity.ca()))
                    .applicationProtocolConfig(alpn)
                    .build();
        } catch (SSLException e) {
            throw new IllegalStateException("cannot build TLS server context for " + identity.spiffeId(), e);
        }
    }

    private SslContext clientContext(String expectedPeerId, ApplicationProtocolConfig alpn) {
        try {
            return SslContextBuilder.forClient()
                    .sslProvider(SslProvider.JDK)
                    .protocols(TLS13)
                    .keyManager(identity.key(), identity.certificate())
                    .trustManager(SpiffeTrustManager.expecting(identity.ca(), expectedPeerId))
                    // Mesh identity is the SPIFFE id, checked by the trust manager; pods have no DNS names.
                    .endpointIdentificationAlgorithm(null)
                    .applicationProtocolConfig(alpn)
                    .build();
        } catch (SSLException e) {
            throw new IllegalStateException("cannot build TLS client context for " + identity.spiffeId(), e);
        }
    }

    private static ApplicationProtocolConfig h2() {
        return new ApplicationProtocolConfig(ApplicationProtocolConfig.Protocol.ALPN,
                ApplicationProtocolConfig.SelectorFailureBehavior.NO_ADVERTISE,
                ApplicationProtocolConfig.SelectedListenerFailureBehavior.ACCEPT,
                ApplicationProtocolNames.HTTP_2);
    }

    /** Where handshake durations go, with the connection they were for. */
    @FunctionalInterface
    public interface HandshakeRecorder {
        void record(Channel channel, String role, double seconds, boolean ok);
    }

    /** A proxy's own handshake histogram. */
    @FunctionalInterface
    public interface HandshakeSink {
        void handshake(String role, double seconds, boolean ok);
    }

    /** Times the TLS handshake from channelActive; sits in front of the SslHandler. */
    private static final class HandshakeTimer extends ChannelInboundHandlerAdapter {
        private final SslHandler ssl;
        private final HandshakeRecorder recorder;
        private final String role;

        HandshakeTimer(SslHandler ssl, HandshakeRecorder recorder, String role) {
            this.ssl = ssl;
            this.recorder = recorder;
            this.role = role;
        }

        @Override
        public void channelActive(ChannelHandlerContext ctx) throws Exception {
            long start = System.nanoTime();
            ssl.handshakeFuture().addListener(f ->
                    recorder.record(ctx.channel(), role, (System.nanoTime() - start) / 1e9, f.isSuccess()));
            ctx.pipeline().remove(this);
            super.channelActive(ctx);
        }
    }
}
