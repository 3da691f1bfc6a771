package io.meshbench.workload;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** A plain JDK HTTP server standing in for a callee, recording what workloads send it. */
final class FakeCallee implements AutoCloseable {
    record Seen(String host, String phase, long bodyBytes) {
    }

    final List<Seen> seen = new CopyOnWriteArrayList<>();
    final AtomicInteger inFlight = new AtomicInteger();
    final AtomicInteger maxInFlight = new AtomicInteger();
    /** Requests that gave up waiting for the others of a {@link #holdUntilTogether group}. */
    final AtomicInteger aloneRequests = new AtomicInteger();
    private volatile CountDownLatch together;
    private static final long TOGETHER_TIMEOUT_SECONDS = 20;
    private final HttpServer server;
    private final ExecutorService threads = Executors.newFixedThreadPool(8);

    FakeCallee(int status, long holdMillis) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
        server.setExecutor(threads);
        server.createContext("/", exchange -> {
            int now = inFlight.incrementAndGet();
            maxInFlight.accumulateAndGet(now, Math::max);
            try (InputStream in = exchange.getRequestBody()) {
                long n = in.readAllBytes().length;
                seen.add(new Seen(exchange.getRequestHeaders().getFirst("Host"),
                        exchange.getRequestHeaders().getFirst(Phase.HEADER), n));
                CountDownLatch group = together;
                if (group != null) {
                    group.countDown();
                    if (!group.await(TOGETHER_TIMEOUT_SECONDS, TimeUnit.SECONDS)) aloneRequests.incrementAndGet();
                }
                if (holdMillis > 0) Thread.sleep(holdMillis);
                byte[] body = "ok".getBytes();
                exchange.sendResponseHeaders(status, body.length);
                exchange.getResponseBody().write(body);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                inFlight.decrementAndGet();
                exchange.close();
            }
        });
        server.start();
    }

    /**
     * From now on each request waits, before answering, until {@code requests} requests have arrived:
     * requests issued at once all get through; requests issued one after another cannot, and the first
     * gives up after a bound generous for any busy machine and counts in {@link #aloneRequests}.
     */
    void holdUntilTogether(int requests) {
        together = new CountDownLatch(requests);
    }

    InetSocketAddress address() {
        return server.getAddress();
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
