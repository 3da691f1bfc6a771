package io.meshbench.platform.local.mesh;

import io.meshbench.platform.local.LocalPod;
import io.meshbench.platform.local.PodPlumbing;
import io.meshbench.platform.local.OutboundRoutes;
import io.meshbench.workload.WorkloadEventLoops;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http2.DefaultHttp2DataFrame;
import io.netty.handler.codec.http2.Http2DataFrame;
import io.netty.handler.codec.http2.Http2HeadersFrame;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.util.ByteProcessor;
import io.netty.util.ReferenceCountUtil;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One node's emulated ztunnel (L4, never parses HTTP). Outbound: its pods' connections arrive on
 * nodeIp:15001 with a one-line preamble naming the original destination (standing in for the
 * original-destination address iptables capture gives the real ztunnel); it picks a destination
 * pod per connection (round robin) and carries the bytes over HBONE to that pod's node's ztunnel
 * (or to the namespace's waypoint). Inbound: HBONE on nodeIp:15008, and each enrolled pod's
 * service port podIP:8080 is captured by an mTLS-only listener (STRICT); accepted streams are
 * relayed in plaintext to the app on podIP:18080.
 */
public final class Ztunnel implements AutoCloseable {

    public static final int OUTBOUND_PORT = 15001;
    public static final int ADMIN_PORT = 15020;
    public static final int APP_PORT = 18080;
    public static final String IDENTITY = "spiffe://cluster.local/ns/istio-system/sa/ztunnel";
    /** The preamble's keyword: "MBDST <service>:<port> <source pod>\n". */
    public static final String PREAMBLE = "MBDST";
    private static final int MAX_PREAMBLE = 512;

    /** Where a namespace's waypoint takes HBONE, and the identity it must prove. */
    public record WaypointAddress(InetSocketAddress address, String spiffeId) {
    }

    private final int node;
    private final InetAddress ip;
    private final List<InetAddress> nodeIps;
    private final IdentityIssuer ca;
    private final ServiceRegistry registry;
    private final PlaneRuntime runtime;
    private final WorkloadEventLoops loops;
    private final WaypointAddress waypoint;
    private final MeshTls tls;
    private final ZtunnelMetrics metrics = new ZtunnelMetrics();
    /**
     * HBONE clients per source identity: like Istio's ztunnel, a tunnel carries the source
     * workload's own certificate, so tunnels are pooled per (source identity, destination pod).
     */
    private final Map<String, HboneClient> hboneBySource = new ConcurrentHashMap<>();
    private final Map<String, WorkloadIdentity> sourceIdentities = new ConcurrentHashMap<>();
    private final MeshTls.HandshakeRecorder handshakes;
    private final Map<String, LocalPod> enrolled = new ConcurrentHashMap<>();
    private final List<Channel> listeners = new ArrayList<>();
    private final Map<String, Channel> podListeners = new ConcurrentHashMap<>();
    private final Map<String, InetSocketAddress> ingresses = new ConcurrentHashMap<>();
    /** Plaintext port in front of an entry pod's app for the load generator (outside the mesh). */
    public static final int INGRESS_PORT = 15080;

    /**
     * @param runtime  this ztunnel's own threads and buffer pool (it is one process per node)
     * @param waypoint where all meshed traffic goes first, or null (plain ambient)
     */
    public Ztunnel(int node, List<InetAddress> nodeIps, IdentityIssuer ca, ServiceRegistry registry, PlaneRuntime runtime,
                   WaypointAddress waypoint) {
        this.node = node;
        this.ip = nodeIps.get(node);
        this.nodeIps = nodeIps;
        this.ca = ca;
        this.registry = registry;
        this.runtime = runtime;
        this.loops = runtime.newLoops("ztunnel-node-" + node, 1);
        this.waypoint = waypoint;
        this.tls = new MeshTls(ca.issue(IDENTITY));
        this.handshakes = runtime.handshakes(metrics::handshake);
    }

    /** The HBONE client that speaks for {@code source}'s service account (one per identity, as a pool key). */
    private HboneClient hboneFor(LocalPod source) {
        return hboneBySource.computeIfAbsent(source.spiffeId(), id -> new HboneClient(
                new MeshTls(sourceIdentities.computeIfAbsent(id, ca::issue)), loops.group(), runtime.allocator(), ip,
                handshakes, metrics.hbone()));
    }

    public int node() {
        return node;
    }

    public PlaneRuntime runtime() {
        return runtime;
    }

    public WorkloadEventLoops loops() {
        return loops;
    }

    public ZtunnelMetrics metrics() {
        return metrics;
    }

    public InetSocketAddress admin() {
        return new InetSocketAddress(ip, ADMIN_PORT);
    }

    public InetSocketAddress outbound() {
        return new InetSocketAddress(ip, OUTBOUND_PORT);
    }

    public InetSocketAddress hboneAddress() {
        return new InetSocketAddress(ip, HboneClient.HBONE_PORT);
    }

    public int enrolledPods() {
        return enrolled.size();
    }

    public void start() throws InterruptedException {
        tls.prepareServer(true);
        listeners.add(Connectors.listen(loops.group(), runtime.allocator(), outbound(), new ChannelInitializer<SocketChannel>() {
            @Override
            protected void initChannel(SocketChannel ch) {
                ch.pipeline().addLast(new OutboundCapture());
            }
        }));
        listeners.add(Connectors.listen(loops.group(), runtime.allocator(), hboneAddress(),
                new HboneServer(tls, handshakes, InboundTunnel::new)));
        listeners.add(AdminServer.bind(loops.group(), runtime.allocator(), admin(), metrics::render,
                metrics::clientHandshakes));
    }

    /**
     * Enrols a pod scheduled to this node: fetches its certificate and captures its service port
     * (mTLS only). Its app then listens on podIP:18080 and its outbound calls enter on nodeIp:15001.
     */
    public PodPlumbing enrol(LocalPod pod) throws InterruptedException {
        // The pod's certificate is fetched here, on the enrolling thread, and kept for its outbound
        // tunnels too: fetching it later would block this ztunnel's event loop on the control plane.
        MeshTls podTls = new MeshTls(sourceIdentities.computeIfAbsent(pod.spiffeId(), ca::issue)).prepareServer(true);
        podListeners.put(pod.name(), Connectors.listen(loops.group(), runtime.allocator(),
                new InetSocketAddress(pod.ip(), LocalPod.SERVICE_PORT), new HboneServer(podTls, handshakes, InboundTunnel::new)));
        enrolled.put(pod.name(), pod);
        return new PodPlumbing(new InetSocketAddress(pod.ip(), APP_PORT), new OutboundRoutes.ViaZtunnel(outbound(), pod.name()));
    }

    /** Undoes {@link #enrol} (used to measure what enrolling one pod retains). */
    public void unenrol(LocalPod pod) {
        enrolled.remove(pod.name());
        Channel listener = podListeners.remove(pod.name());
        if (listener != null) listener.close().awaitUninterruptibly(5_000);
    }

    /**
     * Opens (once) a plaintext port in front of an enrolled pod's app for traffic from outside the
     * mesh (the load generator): relayed at L4 and counted with connection_security_policy="unknown" (ztunnel writes only mutual_tls or unknown).
     */
    public InetSocketAddress openIngress(LocalPod pod) {
        return ingresses.computeIfAbsent(pod.name(), name -> {
            InetSocketAddress at = new InetSocketAddress(pod.ip(), INGRESS_PORT);
            try {
                listeners.add(Connectors.listen(loops.group(), runtime.allocator(), at, new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.config().setAutoRead(false);
                        Connectors.connect(ch.eventLoop(), runtime.allocator(), null, new InetSocketAddress(pod.ip(), APP_PORT),
                                new ChannelInitializer<SocketChannel>() {
                                    @Override
                                    protected void initChannel(SocketChannel app) {
                                    }
                                }, true).addListener(f -> {
                            if (!f.isSuccess()) {
                                ch.close();
                                return;
                            }
                            Channel app = (Channel) f.getNow();
                            ZtunnelMetrics.Connection counted = metrics.open("destination", ProxyMetrics.Peer.unknown(),
                                    peerOf(pod), "none");
                            app.pipeline().addLast(new Relay.TcpPipe(ch, counted::sent, counted::closed));
                            ch.pipeline().addLast(new Relay.TcpPipe(app, counted::received, counted::closed));
                            if (!ch.isActive()) app.close();
                            ch.config().setAutoRead(true);
                        });
                    }
                }));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while opening the ingress port of " + name, e);
            }
            return at;
        });
    }

    /** The line a captured connection starts with: original destination and source pod. */
    public static byte[] preamble(String service, String sourcePod) {
        return (PREAMBLE + " " + service + ":" + LocalPod.SERVICE_PORT + " " + sourcePod + "\n").getBytes(StandardCharsets.US_ASCII);
    }

    private static ProxyMetrics.Peer peerOf(LocalPod pod) {
        return new ProxyMetrics.Peer(pod.service(), pod.namespace(), pod.spiffeId(), pod.service());
    }

    /** Pods whose plaintext ingress port this ztunnel opened. */
    public java.util.Set<String> ingressPods() {
        return java.util.Set.copyOf(ingresses.keySet());
    }

    /** Closes every listener (waiting until each is unbound, so a fresh ztunnel can bind) and tunnel. */
    @Override
    public void close() {
        listeners.forEach(c -> c.close().awaitUninterruptibly(5_000));
        podListeners.values().forEach(c -> c.close().awaitUninterruptibly(5_000));
        hboneBySource.values().forEach(HboneClient::close);
    }

    /** Reads the preamble of a captured outbound connection, then opens its tunnel. */
    private final class OutboundCapture extends ChannelInboundHandlerAdapter {
        private ByteBuf buffered;
        private boolean tunnelling;

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (!(msg instanceof ByteBuf in)) {
                ReferenceCountUtil.release(msg);
                return;
            }
            if (buffered == null) buffered = ctx.alloc().buffer();
            buffered.writeBytes(in);
            in.release();
            if (tunnelling) return;   // bytes after the preamble, while the tunnel opens
            int lf = buffered.forEachByte(ByteProcessor.FIND_LF);
            if (lf < 0) {
                if (buffered.readableBytes() > MAX_PREAMBLE) ctx.close();
                return;
            }
            String line = buffered.readCharSequence(lf - buffered.readerIndex(), StandardCharsets.US_ASCII).toString();
            buffered.skipBytes(1);
            tunnelling = true;
            ctx.channel().config().setAutoRead(false);
            openTunnel(ctx, line.trim().split(" "));
        }

        private void openTunnel(ChannelHandlerContext ctx, String[] words) {
            LocalPod source = words.length == 3 && words[0].equals(PREAMBLE) ? enrolled.get(words[2]) : null;
            String service = words.length == 3 ? ServiceRegistry.serviceOfHost(words[1]) : null;
            if (source == null) {   // not a pod of this node: nothing to capture
                ctx.close();
                return;
            }
            InetSocketAddress peer;
            String peerId;
            String authority;
            ProxyMetrics.Peer destination;
            if (waypoint != null) {
                peer = waypoint.address();
                peerId = waypoint.spiffeId();
                authority = words[1];
                destination = new ProxyMetrics.Peer("waypoint", source.namespace(), waypoint.spiffeId(), service);
            } else {
                LocalPod callee = registry.pick(service);
                if (callee == null) {
                    ctx.close();
                    return;
                }
                // To the destination pod itself, where its node's ztunnel answers with the pod's own
                // certificate (Istio's in-pod :15008; here the pod's captured service port).
                peer = new InetSocketAddress(callee.ip(), LocalPod.SERVICE_PORT);
                peerId = callee.spiffeId();
                authority = callee.ip().getHostAddress() + ":" + LocalPod.SERVICE_PORT;
                destination = peerOf(callee);
            }
            Channel tcp = ctx.channel();
            ZtunnelMetrics.Connection[] counted = new ZtunnelMetrics.Connection[1];
            Relay.StreamSide fromPeer = new Relay.StreamSide(tcp, n -> counted[0].sent(n), () -> counted[0].closed());
            hboneFor(source).open(peer, peerId, authority, HboneServer.baggageOf(source.namespace(), source.service(), source.spiffeId()), fromPeer)
                    .addListener(opened -> tcp.eventLoop().execute(() -> {
                        if (!opened.isSuccess()) {
                            tcp.close();
                            return;
                        }
                        Http2StreamChannel stream = (Http2StreamChannel) opened.getNow();
                        counted[0] = metrics.open("source", peerOf(source), destination);
                        ByteBuf early = buffered;
                        buffered = null;
                        ctx.pipeline().replace(this, "relay", new Relay.TcpSide(stream, counted[0]::received, counted[0]::closed));
                        if (early.isReadable()) {
                            counted[0].received(early.readableBytes());
                            stream.writeAndFlush(new DefaultHttp2DataFrame(early));
                        } else {
                            early.release();
                        }
                        if (!tcp.isActive()) {
                            counted[0].closed();
                            stream.close();
                        } else {
                            tcp.config().setAutoRead(true);
                        }
                    }));
        }

        @Override
        public void handlerRemoved(ChannelHandlerContext ctx) {
            if (buffered != null) {
                buffered.release();
                buffered = null;
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }

    /** One CONNECT stream arriving at this ztunnel: checks it, then relays it to the app. */
    private final class InboundTunnel extends ChannelInboundHandlerAdapter {
        private final List<Http2DataFrame> early = new ArrayList<>();
        private boolean answered;

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof Http2HeadersFrame headers && !answered) {
                answered = true;
                accept(ctx, headers);
            } else if (msg instanceof Http2DataFrame data) {
                early.add(data);
            } else {
                ReferenceCountUtil.release(msg);
            }
        }

        private void accept(ChannelHandlerContext ctx, Http2HeadersFrame headers) {
            Channel stream = ctx.channel();
            CharSequence method = headers.headers().method();
            CharSequence authority = headers.headers().authority();
            if (method == null || !"CONNECT".contentEquals(method) || authority == null) {
                HboneServer.answer(stream, 400);
                return;
            }
            String host = authority.toString();
            int colon = host.lastIndexOf(':');
            LocalPod pod = registry.podByIp(colon > 0 ? host.substring(0, colon) : host);
            if (pod == null || pod.node() != node || !enrolled.containsKey(pod.name())) {
                HboneServer.answer(stream, 503);
                return;
            }
            Map<String, String> bag = HboneServer.baggage(headers);
            String peerId = MeshTls.peerIdentity(stream.parent());
            // The principal is what the tunnel's mTLS proved; only a proxy in between (a waypoint, or
            // a ztunnel's own node listener) speaks for someone else, who is then named in baggage.
            boolean proxied = peerId == null || peerId.equals(IDENTITY) || peerId.endsWith("/sa/waypoint");
            ProxyMetrics.Peer source = new ProxyMetrics.Peer(bag.getOrDefault("k8s.deployment.name", "unknown"),
                    bag.getOrDefault("k8s.namespace.name", "unknown"),
                    proxied ? bag.getOrDefault("meshbench.principal", peerId == null ? "unknown" : peerId) : peerId,
                    bag.getOrDefault("service.name", "unknown"));
            stream.config().setAutoRead(false);
            Connectors.connect(stream.eventLoop(), runtime.allocator(), null, new InetSocketAddress(pod.ip(), APP_PORT),
                    new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                        }
                    }, false).addListener(connected -> {
                if (!connected.isSuccess()) {
                    HboneServer.answer(stream, 503);
                    releaseEarly();
                    return;
                }
                Channel tcp = (Channel) connected.getNow();
                ZtunnelMetrics.Connection counted = metrics.open("destination", source, peerOf(pod));
                tcp.pipeline().addLast(new Relay.TcpSide(stream, counted::sent, counted::closed));
                stream.pipeline().replace(this, "relay", new Relay.StreamSide(tcp, counted::received, counted::closed));
                HboneServer.answer(stream, 200);
                for (Http2DataFrame d : early) {
                    counted.received(d.content().readableBytes());
                    tcp.writeAndFlush(d.content());
                }
                early.clear();
                tcp.config().setAutoRead(true);
                stream.config().setAutoRead(true);
            });
        }

        private void releaseEarly() {
            early.forEach(ReferenceCountUtil::release);
            early.clear();
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) throws Exception {
            releaseEarly();
            super.channelInactive(ctx);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }

}
