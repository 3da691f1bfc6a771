package io.meshbench.platform.local.mesh;

import io.meshbench.workload.WorkloadEventLoops;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.socket.SocketChannel;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * A torn-down data plane leaves no connection open behind it. Netty's event-loop shutdown alone
 * left accepted sockets open and unread: a keep-alive client (Gatling, the harness's HTTP client)
 * kept them in its pool, and the next deployment on the same address saw its first requests sent
 * into a dead socket — the probe failed after its 10 s timeout and warm-up requests hung until
 * Gatling's 60 s one.
 */
class PlaneTeardownTest {

    @Test
    void closingThePlaneClosesEveryConnectionItAccepted() throws Exception {
        int clients = 4;
        CountDownLatch accepted = new CountDownLatch(clients);
        PlaneRuntime runtime = new PlaneRuntime("teardown-test", 1);
        WorkloadEventLoops loops = runtime.newLoops("proxies", 2);
        Channel listener = Connectors.listen(loops.group(), runtime.allocator(),
                new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        accepted.countDown();   // reads nothing: like a proxy waiting for a request
                    }
                });
        List<Socket> sockets = new ArrayList<>();
        try {
            for (int i = 0; i < clients; i++) {
                Socket s = new Socket();
                s.connect(listener.localAddress(), 5_000);
                s.setSoTimeout(10_000);
                sockets.add(s);
            }
            assertTrue(accepted.await(10, TimeUnit.SECONDS), "the plane accepted the connections");

            listener.close().awaitUninterruptibly(5_000);   // what a proxy's close() does with its listeners
            runtime.close();

            for (Socket s : sockets) {
                try {
                    s.getOutputStream().write("GET / HTTP/1.1\r\nhost: x\r\n\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                    int read = s.getInputStream().read();
                    assertTrue(read == -1, "the torn-down plane answered a byte: " + read);
                } catch (SocketTimeoutException open) {
                    fail("a connection the torn-down plane accepted is still open: a pooled client would hang on it");
                } catch (IOException reset) {
                    // reset by the closed peer: closed, as it should be
                }
            }
        } finally {
            for (Socket s : sockets) s.close();
        }
    }
}
