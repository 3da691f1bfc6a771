package io.meshbench.platform.local.mesh;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.ssl.SslHandler;

import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.TrustManager;
import java.net.InetSocketAddress;
import java.security.GeneralSecurityException;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * TLS 1.3 with mutual authentication for one mesh identity: the server side accepts any peer of
 * this run's CA (STRICT: no plaintext, no foreign CA), the client side accepts only the expected
 * destination identity. Contexts are cached: one per server protocol, one per expected peer.
 *
 * <p>Why plain JSSE contexts under Netty's {@link SslHandler} rather than Netty's
 * {@code SslContextBuilder}: the builder's first use runs two static initialisers that a proxy
 * never needs — loading the JDK's default trust store (about 150 public CA certificates) and a
 * probe that stores a built-in RSA key in a password-protected PKCS12 key store — and it builds
 * every context's key manager the same way (PBKDF2, twice). In a freshly started proxy process
 * that code runs interpreted: measured in one JVM with the proxies' flags, the first Netty-built
 * context cost 700 ms of CPU and each later one 61 ms; a plain one costs 190 ms, then under 1 ms.
 * A sidecar process builds one at start and one per destination, so this was most of its start
 * and of its first call to each service — a cost of this emulation, not of any real proxy.
 */
public final class MeshTls {

    private static final String TLS13 = "TLSv1.3";
    private static final String[] H2 = {"h2"};
    private static final String[] TLS13_CIPHERS = {"TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384"};

    private final WorkloadIdentity identity;
    private final KeyManager[] keyManagers;
    private volatile SSLContext server;
    private final Map<String, SSLContext> clients = new ConcurrentHashMap<>();

    public MeshTls(WorkloadIdentity identity) {
        this.identity = identity;
        this.keyManagers = new KeyManager[]{new IdentityKeyManager(identity.key(), identity.certificate())};
    }

    public WorkloadIdentity identity() {
        return identity;
    }

    /** TLS handler for an accepted connection; the peer must hold any identity of this run's CA. */
    public SslHandler serverHandler(boolean http2) {
        return new SslHandler(serverEngine(http2));
    }

    private SSLEngine serverEngine(boolean http2) {
        SSLEngine engine = serverContext().createSSLEngine();
        engine.setUseClientMode(false);
        engine.setNeedClientAuth(true);
        return configure(engine, http2);
    }

    /** Builds the server context now, so a proxy is ready (certificate loaded) before it reports ready. */
    public MeshTls prepareServer(boolean http2) {
        serverContext();
        return this;
    }

    private SSLContext serverContext() {
        SSLContext ctx = server;
        if (ctx == null) {
            synchronized (this) {
                ctx = server;
                if (ctx == null) {
                    ctx = context(SpiffeTrustManager.anyMeshIdentity(identity.ca()));
                    server = ctx;
                }
            }
        }
        return ctx;
    }

    /**
     * Runs one mutual TLS handshake of this identity with itself, in memory, and a few records of
     * data each way, then discards both ends. A proxy process calls it before it reports ready.
     *
     * <p>Why: in a fresh JVM the first handshake runs the JDK's elliptic-curve and TLS code
     * interpreted. Measured in one JVM with the proxies' flags: 450 ms of CPU for the first
     * handshake (both roles), about 20 ms for each later one. Left to the first request, 259 cold
     * sidecars paid it together on the first traffic, the machine's load went past 70 and requests
     * timed out for minutes. Paid here, it is part of the proxy's start, paced by the deployment —
     * and counted in the pod's startup, where the report says it is a cost of this emulation's JVM
     * (Envoy has no JIT to warm).
     *
     * @return the CPU time it took on this thread, in nanoseconds (-1 where not measurable)
     */
    public long warmUp() {
        java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
        long cpu0 = threads.isCurrentThreadCpuTimeSupported() ? threads.getCurrentThreadCpuTime() : -1;
        SSLEngine server = serverEngine(false);
        SSLEngine client = clientEngine(null, -1, identity.spiffeId(), false);
        try {
            new InMemoryTls(client, server).handshakeAndExchange(4, 1024);
        } catch (javax.net.ssl.SSLException e) {
            throw new IllegalStateException("TLS warm-up of " + identity.spiffeId() + " failed: " + e.getMessage(), e);
        }
        return cpu0 < 0 ? -1 : threads.getCurrentThreadCpuTime() - cpu0;
    }

    /** TLS handler for a connection to {@code peer}, which must prove {@code expectedPeerId}. */
    public SslHandler clientHandler(InetSocketAddress peer, String expectedPeerId, boolean http2) {
        return new SslHandler(clientEngine(peer.getHostString(), peer.getPort(), expectedPeerId, http2));
    }

    /** {@code host}/{@code port}: the session-resumption hint (null/-1 for none). */
    private SSLEngine clientEngine(String host, int port, String expectedPeerId, boolean http2) {
        SSLContext ctx = clients.computeIfAbsent(expectedPeerId, id -> context(SpiffeTrustManager.expecting(identity.ca(), id)));
        // Mesh identity is the SPIFFE id, checked by the trust manager; pods have no DNS names, and
        // an engine checks none unless asked (no endpoint identification algorithm is set).
        SSLEngine engine = ctx.createSSLEngine(host, port);
        engine.setUseClientMode(true);
        return configure(engine, http2);
    }

    private SSLContext context(SpiffeTrustManager trust) {
        try {
            SSLContext ctx = SSLContext.getInstance(TLS13);
            ctx.init(keyManagers, new TrustManager[]{trust}, null);
            return ctx;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot build a TLS context for " + identity.spiffeId(), e);
        }
    }

    /**
     * TLS 1.3 only, AES-128-GCM first (BoringSSL's order, so Envoy's and ztunnel's; the JDK's own
     * default puts AES-256 first); HBONE's HTTP/2 is announced by ALPN as Envoy and ztunnel do.
     */
    private static SSLEngine configure(SSLEngine engine, boolean http2) {
        SSLParameters params = engine.getSSLParameters();
        params.setProtocols(new String[]{TLS13});
        params.setCipherSuites(TLS13_CIPHERS);
        if (http2) params.setApplicationProtocols(H2);
        engine.setSSLParameters(params);
        return engine;
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
