package io.meshbench.platform.local.mesh;

import io.meshbench.platform.local.LocalPod;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.function.DoubleSupplier;

/**
 * One pod's emulated Envoy sidecar. Inbound: owns podIP:8080, TLS only (STRICT), forwards to the
 * app on podIP:18080. Outbound: the workload's calls arrive in plaintext on podIP:15001, are
 * routed by Host header to a callee pod (round robin per request) and sent over pooled mTLS
 * connections to that pod's sidecar. Admin: podIP:15090/stats/prometheus.
 */
public final class Sidecar implements AutoCloseable {

    public static final int INBOUND_PORT = LocalPod.SERVICE_PORT;
    public static final int OUTBOUND_PORT = 15001;
    public static final int ADMIN_PORT = 15090;
    public static final int APP_PORT = 18080;
    /**
     * Plaintext port in front of an entry pod's app, for the load generator, which is outside the
     * mesh (it stands in for an ingress gateway's hop into the pod's sidecar).
     */
    public static final int INGRESS_PORT = 15080;
    /** Largest request/response body a proxy buffers (Envoy's default buffer limit is 1 MiB per stream, it streams beyond). */
    static final int MAX_BODY = 64 * 1024 * 1024;

    private final LocalPod pod;
    private final MeshTls tls;
    private final ServiceRegistry registry;
    private final EventLoopGroup loops;
    private final ByteBufAllocator alloc;
    private final ProxyMetrics metrics;
    private final UpstreamPool outboundPool = new UpstreamPool();
    private final UpstreamPool inboundPool = new UpstreamPool();
    private final List<Channel> listeners = new ArrayList<>();
    /**
     * Every connection this proxy accepted or opened. Closing the listeners leaves accepted
     * connections open, and a replaced sidecar's zombie connections kept serving callers' pooled
     * requests; a proxy that goes away takes its connections with it, as a dying Envoy does.
     */
    private final io.netty.channel.group.ChannelGroup connections =
            new io.netty.channel.group.DefaultChannelGroup("sidecar", io.netty.util.concurrent.GlobalEventExecutor.INSTANCE);
    private final ProxyMetrics.Peer self;
    private volatile InetSocketAddress ingress;

    private final MeshTls.HandshakeRecorder handshakes;

    public Sidecar(LocalPod pod, MeshTls tls, ServiceRegistry registry, PlaneRuntime runtime, EventLoopGroup loops,
                   DoubleSupplier memoryBytes) {
        this.pod = pod;
        this.tls = tls;
        this.registry = registry;
        this.loops = loops;
        this.alloc = runtime.allocator();
        this.metrics = new ProxyMetrics(memoryBytes);
        this.handshakes = runtime.handshakes(metrics::handshake);
        this.self = new ProxyMetrics.Peer(pod.service(), pod.namespace(), pod.spiffeId(), pod.service());
    }

    public LocalPod pod() {
        return pod;
    }

    public ProxyMetrics metrics() {
        return metrics;
    }

    public InetSocketAddress appBind() {
        return new InetSocketAddress(pod.ip(), APP_PORT);
    }

    public InetSocketAddress outbound() {
        return new InetSocketAddress(pod.ip(), OUTBOUND_PORT);
    }

    public InetSocketAddress admin() {
        return new InetSocketAddress(pod.ip(), ADMIN_PORT);
    }

    /** Binds the inbound, outbound and admin listeners; returns when all three accept. */
    public void start() throws InterruptedException {
        tls.prepareServer(false);
        listeners.add(Connectors.listen(loops, alloc, new InetSocketAddress(pod.ip(), INBOUND_PORT), new ChannelInitializer<SocketChannel>() {
            @Override
            protected void initChannel(SocketChannel ch) {
                connections.add(ch);
                MeshTls.addTimed(ch.pipeline(), tls.serverHandler(false), handshakes, "server");
                ch.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(MAX_BODY),
                        new HttpForwarder("destination", request -> new HttpForwarder.Target("app", Sidecar.this::connectApp, self),
                                inboundPool, metrics, c -> ProxyMetrics.Peer.ofSpiffe(MeshTls.peerIdentity(c), "unknown")));
            }
        }));
        listeners.add(Connectors.listen(loops, alloc, outbound(), new ChannelInitializer<SocketChannel>() {
            @Override
            protected void initChannel(SocketChannel ch) {
                connections.add(ch);
                ch.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(MAX_BODY),
                        new HttpForwarder("source", request -> routeOutbound(request.headers().get(HttpHeaderNames.HOST)),
                                outboundPool, metrics, c -> self));
            }
        }));
        listeners.add(AdminServer.bind(loops, alloc, admin(), metrics::render,
                metrics::clientHandshakes));
    }

    synchronized boolean hasIngress() {
        return ingress != null;
    }

    /** Opens (once) the plaintext ingress port in front of this pod's app; returns its address. */
    public synchronized InetSocketAddress openIngress() throws InterruptedException {
        if (ingress != null) return ingress;
        InetSocketAddress at = new InetSocketAddress(pod.ip(), INGRESS_PORT);
        listeners.add(Connectors.listen(loops, alloc, at, new ChannelInitializer<SocketChannel>() {
            @Override
            protected void initChannel(SocketChannel ch) {
                connections.add(ch);
                ch.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(MAX_BODY),
                        new HttpForwarder("destination", request -> new HttpForwarder.Target("app", Sidecar.this::connectApp, self),
                                inboundPool, metrics, c -> ProxyMetrics.Peer.unknown(), "none"));
            }
        }));
        ingress = at;
        return at;
    }

    private HttpForwarder.Target routeOutbound(String host) {
        String service = ServiceRegistry.serviceOfHost(host);
        LocalPod callee = service == null ? null : registry.pick(service);
        if (callee == null) return null;
        ProxyMetrics.Peer destination = new ProxyMetrics.Peer(callee.service(), callee.namespace(), callee.spiffeId(), service);
        return new HttpForwarder.Target(callee.name(), loop -> connectPeer(loop, callee), destination);
    }

    private io.netty.util.concurrent.Future<Channel> connectPeer(io.netty.channel.EventLoop loop, LocalPod callee) {
        InetSocketAddress remote = new InetSocketAddress(callee.ip(), INBOUND_PORT);
        metrics.upstreamOpened(callee.name());
        return Connectors.connect(loop, alloc, new InetSocketAddress(pod.ip(), 0), remote, new ChannelInitializer<SocketChannel>() {
            @Override
            protected void initChannel(SocketChannel ch) {
                connections.add(ch);
                MeshTls.addTimed(ch.pipeline(), tls.clientHandler(remote, callee.spiffeId(), false),
                        handshakes, "client");
                ch.pipeline().addLast(new HttpClientCodec(), new HttpObjectAggregator(MAX_BODY), new UpstreamExchange());
            }
        }, true);
    }

    private io.netty.util.concurrent.Future<Channel> connectApp(io.netty.channel.EventLoop loop) {
        metrics.upstreamOpened("app");
        return Connectors.connect(loop, alloc, null, appBind(), new ChannelInitializer<SocketChannel>() {
            @Override
            protected void initChannel(SocketChannel ch) {
                connections.add(ch);
                ch.pipeline().addLast(new HttpClientCodec(), new HttpObjectAggregator(MAX_BODY), new UpstreamExchange());
            }
        }, true);
    }

    @Override
    public void close() {
        listeners.forEach(c -> c.close().awaitUninterruptibly(5_000));
        outboundPool.closeAll();
        inboundPool.closeAll();
        connections.close().awaitUninterruptibly(5_000);
    }
}
