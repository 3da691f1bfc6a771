package io.meshbench.platform.local.mesh;

import io.meshbench.metrics.process.ProcessSample;
import io.meshbench.platform.local.LocalCluster;
import io.meshbench.platform.local.LocalPod;
import io.meshbench.platform.local.PodPlumbing;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.DoubleSupplier;

/**
 * Brings a proxy process's request path to compiled code before the run sends it traffic: a
 * throwaway twin of the proxy on scratch loopback addresses, on the real proxy's buffers, carries
 * {@code requests} calls from a stand-in client to a stand-in app and is then closed. A sidecar's
 * twin takes them through its outbound listener, over mTLS to its own inbound listener; a
 * ztunnel's twin through its outbound capture, over HBONE (HTTP/2 CONNECT in mTLS) to the pod it
 * enrolled. The twin's metrics are its own, so no figure of the real proxy counts the calls.
 *
 * <p>Why: each proxy JVM compiles its own code, and a method is compiled only after some hundred
 * calls. On a 142-service graph each of 259 sidecars sees a few requests a second, so for about ten
 * minutes of traffic the request path ran interpreted in most of them (the compile log showed
 * compilations per minute still falling eleven minutes after ready), and a request crossing a dozen
 * of them took seconds. Envoy and ztunnel are compiled ahead of time and have nothing to warm; this
 * is a cost of the emulation's JVM, paid after the pods' startups are timed and before anything is
 * measured, by every kind of proxy alike.
 */
final class ProxyWarmUp {

    /** Body bytes each way per call, as a workload's call of the default scenarios carries. */
    static final int BODY_BYTES = 512;
    private static final int SOCKET_TIMEOUT_MILLIS = 10_000;
    /** A warm-up is bounded in time as well as in calls: on a loaded machine it stops early. */
    static final long BUDGET_NANOS = 60_000_000_000L;

    private ProxyWarmUp() {
    }

    /** What one warm-up did: calls made and answered 200, the process's CPU over all of them and per call in the first and last tenth. */
    record Result(int requests, int ok, long cpuMillis, long firstTenthCpuMicros, long lastTenthCpuMicros, long wallMillis) {
        String reply() {
            return String.format(Locale.ROOT, "requests=%d ok=%d cpu_ms=%d first_tenth_cpu_us_per_call=%d last_tenth_cpu_us_per_call=%d wall_ms=%d",
                    requests, ok, cpuMillis, firstTenthCpuMicros, lastTenthCpuMicros, wallMillis);
        }
    }

    /**
     * A sidecar's warm-up for {@code pod}'s identity at {@code scratch} (an address nothing else of
     * the run binds), on {@code loops} with {@code runtime}'s buffers.
     */
    static Result sidecar(LocalPod pod, InetAddress scratch, int requests, MeshTls tls, PlaneRuntime runtime,
                          EventLoopGroup loops, DoubleSupplier memory) throws IOException, InterruptedException {
        checkRequests(requests);
        LocalPod twin = new LocalPod(pod.name(), pod.service(), pod.namespace(), scratch, pod.node());
        Sidecar sidecar = new Sidecar(twin, tls, alone(twin, scratch), runtime, loops, memory);
        Channel app = null;
        try {
            app = Connectors.listen(loops, runtime.allocator(), sidecar.appBind(), new StandInApp());
            sidecar.start();
            return drive(sidecar.outbound(), null, pod.service(), requests);
        } finally {
            sidecar.close();
            if (app != null) app.close().awaitUninterruptibly(5_000);
        }
    }

    /**
     * A ztunnel's warm-up: a twin ztunnel on {@code scratchNode} enrols a twin of {@code pod} (one
     * of its node's pods: the twin's certificate is that pod's identity, from {@code ca}) at
     * {@code scratchPod}, and the calls go from the twin pod to its own service.
     */
    static Result ztunnel(LocalPod pod, InetAddress scratchNode, InetAddress scratchPod, int requests, IdentityIssuer ca,
                          PlaneRuntime runtime) throws IOException, InterruptedException {
        checkRequests(requests);
        LocalPod twinPod = new LocalPod(pod.name(), pod.service(), pod.namespace(), scratchPod, 0);
        Ztunnel twin = new Ztunnel(0, List.of(scratchNode), ca, alone(twinPod, scratchNode), runtime, null);
        Channel app = null;
        try {
            twin.start();
            PodPlumbing plumbing = twin.enrol(twinPod);
            app = Connectors.listen(twin.loops().group(), runtime.allocator(), plumbing.appBind(), new StandInApp());
            return drive(twin.outbound(), Ztunnel.preamble(pod.service(), twinPod.name()), pod.service(), requests);
        } finally {
            twin.close();
            if (app != null) app.close().awaitUninterruptibly(5_000);
            twin.loops().group().shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS).awaitUninterruptibly(5_000);
        }
    }

    private static void checkRequests(int requests) {
        if (requests < 1) throw new IllegalArgumentException("warm-up requests must be at least 1, got " + requests);
    }

    /** A registry of one service whose one pod is {@code twin}. */
    private static ServiceRegistry alone(LocalPod twin, InetAddress node) {
        return new ServiceRegistry(new LocalCluster(twin.namespace(), List.of(node), Map.of(twin.service(), List.of(twin))));
    }

    /** Sends {@code requests} keep-alive calls to {@code entry} (after {@code preamble}, if any), measuring this process's CPU. */
    private static Result drive(InetSocketAddress entry, byte[] preamble, String host, int requests) throws IOException {
        long t0 = System.nanoTime();
        long cpu0 = ProcessSample.now().cpuNanos();
        int ok = 0;
        int sent = 0;
        long firstTenth = -1;
        long lastTenthStart = -1;
        int tenth = Math.max(1, requests / 10);
        byte[] body = new byte[BODY_BYTES];
        java.util.Arrays.fill(body, (byte) 'w');
        try (Socket socket = new Socket()) {
            socket.connect(entry, SOCKET_TIMEOUT_MILLIS);
            socket.setSoTimeout(SOCKET_TIMEOUT_MILLIS);
            socket.setTcpNoDelay(true);
            OutputStream out = socket.getOutputStream();
            InputStream in = new BufferedInputStream(socket.getInputStream());
            if (preamble != null) out.write(preamble);
            long deadline = t0 + BUDGET_NANOS;
            for (; sent < requests && System.nanoTime() < deadline; sent++) {
                if (sent == requests - tenth) lastTenthStart = ProcessSample.now().cpuNanos();
                if (call(out, in, host, body) == 200) ok++;
                if (sent == tenth - 1) firstTenth = ProcessSample.now().cpuNanos() - cpu0;
            }
        }
        long cpu = ProcessSample.now().cpuNanos();
        long last = lastTenthStart < 0 ? -1 : (cpu - lastTenthStart) / 1_000 / tenth;
        return new Result(sent, ok, (cpu - cpu0) / 1_000_000, firstTenth < 0 ? -1 : firstTenth / 1_000 / tenth, last,
                (System.nanoTime() - t0) / 1_000_000);
    }

    /** One keep-alive POST and its whole answer; the status. */
    private static int call(OutputStream out, InputStream in, String host, byte[] body) throws IOException {
        out.write(("POST /warm-up HTTP/1.1\r\nHost: " + host + "\r\nContent-Length: " + body.length + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        out.write(body);
        out.flush();
        String status = line(in);
        long length = 0;
        for (String h = line(in); !h.isEmpty(); h = line(in)) {
            int colon = h.indexOf(':');
            if (colon > 0 && h.substring(0, colon).trim().equalsIgnoreCase("content-length")) {
                length = Long.parseLong(h.substring(colon + 1).trim());
            }
        }
        in.skipNBytes(length);
        return status.startsWith("HTTP/1.1 ") && status.length() >= 12 ? Integer.parseInt(status.substring(9, 12)) : 0;
    }

    private static String line(InputStream in) throws IOException {
        StringBuilder s = new StringBuilder();
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0) throw new IOException("connection closed mid-answer");
            if (b != '\r') s.append((char) b);
        }
        return s.toString();
    }

    /** Answers every request with 200 and a body as long as the request's. */
    private static final class StandInApp extends ChannelInitializer<SocketChannel> {
        @Override
        protected void initChannel(SocketChannel ch) {
            ch.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(Sidecar.MAX_BODY),
                    new SimpleChannelInboundHandler<FullHttpRequest>() {
                        @Override
                        protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
                            FullHttpResponse response = new DefaultFullHttpResponse(request.protocolVersion(), HttpResponseStatus.OK,
                                    Unpooled.wrappedBuffer(new byte[request.content().readableBytes()]));
                            HttpUtil.setContentLength(response, response.content().readableBytes());
                            boolean keepAlive = HttpUtil.isKeepAlive(request);
                            var written = ctx.writeAndFlush(response);
                            if (!keepAlive) written.addListener(ChannelFutureListener.CLOSE);
                        }
                    });
        }
    }
}
