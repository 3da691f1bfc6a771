package io.meshbench.workload;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OutboundClientTest {
    private final WorkloadEventLoops loops = new WorkloadEventLoops(1, "test-client");

    @AfterEach
    void stop() {
        loops.close();
    }

    /** Accepts connections and answers each HTTP request with an empty 200; keeps what each connection sent. */
    static final class RawServer implements AutoCloseable {
        final ServerSocket socket = new ServerSocket(0, 16, java.net.InetAddress.getLoopbackAddress());
        final List<ByteArrayOutputStream> connections = new CopyOnWriteArrayList<>();
        private final Thread acceptor = new Thread(this::acceptLoop, "raw-server");

        RawServer() throws IOException {
            acceptor.setDaemon(true);
            acceptor.start();
        }

        private void acceptLoop() {
            while (!socket.isClosed()) {
                try {
                    Socket s = socket.accept();
                    ByteArrayOutputStream seen = new ByteArrayOutputStream();
                    connections.add(seen);
                    Thread t = new Thread(() -> serve(s, seen));
                    t.setDaemon(true);
                    t.start();
                } catch (IOException closed) {
                    return;
                }
            }
        }

        private static void serve(Socket s, ByteArrayOutputStream seen) {
            try (s; InputStream in = s.getInputStream()) {
                int b;
                int matched = 0;
                byte[] end = "\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
                while ((b = in.read()) >= 0) {
                    synchronized (seen) {
                        seen.write(b);
                    }
                    matched = b == end[matched] ? matched + 1 : (b == end[0] ? 1 : 0);
                    if (matched == end.length) {   // requests here carry no body (payload 0)
                        matched = 0;
                        s.getOutputStream().write("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                        s.getOutputStream().flush();
                    }
                }
            } catch (IOException ignored) {
                // the client closed the connection
            }
        }

        InetSocketAddress address() {
            return (InetSocketAddress) socket.getLocalSocketAddress();
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    @Test
    void writesThePreambleOnceOnEachNewConnectionBeforeAnyHttp() throws Exception {
        try (RawServer server = new RawServer()) {
            byte[] preamble = "ORIGINAL-DST cart:8080\n".getBytes(StandardCharsets.US_ASCII);
            OutboundClient client = new OutboundClient(loops.group(),
                    callee -> new Route(server.address(), preamble, "node-1"), 4, Duration.ofSeconds(5));
            for (int i = 0; i < 3; i++) {
                CallResult r = client.call("cart", 0, Phase.MEASURE).get();
                assertEquals(200, r.status(), String.valueOf(r.error()));
            }
            client.close();
            assertEquals(1, server.connections.size(), "sequential calls reuse one keep-alive connection");
            String sent;
            synchronized (server.connections.get(0)) {
                sent = server.connections.get(0).toString(StandardCharsets.US_ASCII);
            }
            assertTrue(sent.startsWith("ORIGINAL-DST cart:8080\nPOST / HTTP/1.1\r\n"), sent);
            assertEquals(1, sent.split("ORIGINAL-DST", -1).length - 1, "preamble written once per connection");
            assertEquals(3, sent.split("POST / HTTP/1.1", -1).length - 1);
            assertTrue(sent.toLowerCase(java.util.Locale.ROOT).contains("host: cart"), sent);
        }
    }

    @Test
    void manyConcurrentCallsShareABoundedPool() throws Exception {
        try (RawServer server = new RawServer()) {
            OutboundClient client = new OutboundClient(loops.group(),
                    callee -> new Route(server.address(), null, "k"), 4, Duration.ofSeconds(10));
            List<java.util.concurrent.CompletableFuture<CallResult>> calls = new java.util.ArrayList<>();
            for (int i = 0; i < 300; i++) calls.add(client.call("svc", 0, null));
            for (var c : calls) assertEquals(200, c.get().status(), String.valueOf(c.get().error()));
            client.close();
            assertTrue(server.connections.size() <= 4, server.connections.size() + " connections for a pool of 4");
        }
    }

    @Test
    void aCallWithoutResponseInTimeEndsWithStatusZeroAndItsQueuedSuccessorToo() throws Exception {
        try (FakeCallee hanging = new FakeCallee(200, 1_500)) {
            OutboundClient client = new OutboundClient(loops.group(),
                    callee -> new Route(hanging.address(), null, "one"), 1, Duration.ofMillis(300));
            var first = client.call("hanging", 0, Phase.MEASURE);
            var queued = client.call("hanging", 0, Phase.MEASURE);
            for (CallResult r : List.of(first.get(), queued.get())) {
                assertEquals(0, r.status());
                assertTrue(r.error() instanceof java.util.concurrent.TimeoutException, String.valueOf(r.error()));
                assertTrue(r.nanos() >= 300_000_000L, "timed from issue: " + r.nanos());
            }
            client.close();
        }
    }

    @Test
    void dnsRouterCachesAResolvedName() {
        DnsRouter router = new DnsRouter(8080);
        Route first = router.route("localhost");
        assertEquals(8080, first.connectTo().getPort());
        assertEquals("localhost", first.poolKey());
        assertSame(first, router.route("localhost"));
    }
}
