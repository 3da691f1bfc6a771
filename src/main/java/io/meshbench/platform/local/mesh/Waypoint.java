package io.meshbench.platform.local.mesh;

import io.meshbench.platform.local.LocalPod;
import io.meshbench.workload.WorkloadEventLoops;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http2.Http2HeadersFrame;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.DoubleSupplier;

/**
 * A namespace's emulated waypoint (an L7 proxy, Envoy in Istio): ztunnels send it every meshed
 * connection over HBONE; it parses the HTTP inside, picks a destination pod per request (round
 * robin) and sends the request over HBONE to that pod's node's ztunnel, pooling those streams.
 * It has no pod IP of its own here: it listens on node 0's address, HBONE on 15009 and metrics
 * on 15021 (ports next to the ztunnel's, which holds 15008 and 15020 there).
 */
public final class Waypoint implements AutoCloseable {

    public static final int HBONE_PORT = 15009;
    public static final int ADMIN_PORT = 15021;

    private final String namespace;
    private final InetAddress ip;
    private final List<InetAddress> nodeIps;
    private final ServiceRegistry registry;
    private final PlaneRuntime runtime;
    private final WorkloadEventLoops loops;
    private final MeshTls tls;
    private final ProxyMetrics metrics;
    private final HboneClient hbone;
    private final MeshTls.HandshakeRecorder handshakes;
    private final UpstreamPool pool = new UpstreamPool();
    private final List<Channel> listeners = new ArrayList<>();

    public Waypoint(String namespace, List<InetAddress> nodeIps, IdentityIssuer ca, ServiceRegistry registry, PlaneRuntime runtime,
                    DoubleSupplier memoryBytes) {
        this.namespace = namespace;
        this.ip = nodeIps.get(0);
        this.nodeIps = nodeIps;
        this.registry = registry;
        this.runtime = runtime;
        this.loops = runtime.newLoops("waypoint-" + namespace, 1);
        this.tls = new MeshTls(ca.issue(spiffeId(namespace)));
        this.metrics = new ProxyMetrics(memoryBytes);
        this.handshakes = runtime.handshakes(metrics::handshake);
        this.hbone = new HboneClient(tls, loops.group(), runtime.allocator(), ip, handshakes, metrics.hbone());
    }

    public static String spiffeId(String namespace) {
        return "spiffe://cluster.local/ns/" + namespace + "/sa/waypoint";
    }

    public Ztunnel.WaypointAddress address() {
        return new Ztunnel.WaypointAddress(new InetSocketAddress(ip, HBONE_PORT), spiffeId(namespace));
    }

    public InetSocketAddress admin() {
        return new InetSocketAddress(ip, ADMIN_PORT);
    }

    public ProxyMetrics metrics() {
        return metrics;
    }

    public PlaneRuntime runtime() {
        return runtime;
    }

    public int liveTlsConnections() {
        return runtime.liveTlsConnections();
    }

    public void start() throws InterruptedException {
        tls.prepareServer(true);
        listeners.add(Connectors.listen(loops.group(), runtime.allocator(), address().address(),
                new HboneServer(tls, handshakes, DownstreamStream::new)));
        listeners.add(AdminServer.bind(loops.group(), runtime.allocator(), admin(), metrics::render,
                metrics::clientHandshakes));
    }

    private HttpForwarder.Target route(String host) {
        String service = ServiceRegistry.serviceOfHost(host);
        LocalPod pod = service == null ? null : registry.pick(service);
        if (pod == null) return null;
        ProxyMetrics.Peer destination = new ProxyMetrics.Peer(pod.service(), pod.namespace(), pod.spiffeId(), service);
        return new HttpForwarder.Target(pod.name(), loop -> openUpstream(loop, pod), destination);
    }

    /** An HTTP/1.1 exchange over a CONNECT stream to the pod's node's ztunnel. */
    private Future<Channel> openUpstream(EventLoop loop, LocalPod pod) {
        metrics.upstreamOpened(pod.name());
        Promise<Channel> result = loop.newPromise();
        hbone.open(new InetSocketAddress(nodeIps.get(pod.node()), HboneClient.HBONE_PORT), Ztunnel.IDENTITY,
                pod.ip().getHostAddress() + ":" + LocalPod.SERVICE_PORT,
                HboneServer.baggageOf(namespace, "waypoint", spiffeId(namespace)),
                new ChannelInitializer<Http2StreamChannel>() {
                    @Override
                    protected void initChannel(Http2StreamChannel ch) {
                        ch.pipeline().addLast(new StreamBytes(), new HttpClientCodec(),
                                new HttpObjectAggregator(Sidecar.MAX_BODY), new UpstreamExchange());
                    }
                }).addListener(f -> {
            if (f.isSuccess()) result.trySuccess((Channel) f.getNow());
            else result.tryFailure(f.cause());
        });
        return result;
    }

    @Override
    public void close() {
        listeners.forEach(c -> c.close().awaitUninterruptibly(5_000));
        pool.closeAll();
        hbone.close();
    }

    /** A ztunnel's CONNECT stream: accepted, then read as HTTP/1.1. */
    private final class DownstreamStream extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (!(msg instanceof Http2HeadersFrame headers)) {
                ReferenceCountUtil.release(msg);
                return;
            }
            CharSequence method = headers.headers().method();
            if (method == null || !"CONNECT".contentEquals(method)) {
                HboneServer.answer(ctx.channel(), 400);
                return;
            }
            Map<String, String> bag = HboneServer.baggage(headers);
            String peerId = MeshTls.peerIdentity(ctx.channel().parent());
            ProxyMetrics.Peer source = new ProxyMetrics.Peer(bag.getOrDefault("k8s.deployment.name", "unknown"),
                    bag.getOrDefault("k8s.namespace.name", "unknown"),
                    bag.getOrDefault("meshbench.principal", peerId == null ? "unknown" : peerId), "unknown");
            ctx.pipeline().replace(this, "bytes", new StreamBytes());
            ctx.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(Sidecar.MAX_BODY),
                    new HttpForwarder("waypoint", req -> route(req.headers().get(HttpHeaderNames.HOST)), pool, metrics,
                            c -> source));
            HboneServer.answer(ctx.channel(), 200);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }
}
