package io.meshbench.workload;

import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Coordinated omission at the caller's end: under an open model (calls leave on a fixed timetable,
 * never waiting for earlier answers), a callee that stops answering for one second must show up in
 * the caller's recorded latencies — about rate × stall calls delayed, the worst by the whole second.
 * A closed-loop caller would instead send nothing during the stall and record one slow call.
 */
class OpenModelStallTest {
    private static final int RATE = 100;          // calls per second
    private static final long STALL_MS = 1_000;
    private static final int CALLS = 300;         // three seconds of calls; the stall begins after the first second

    private final WorkloadEventLoops loops = new WorkloadEventLoops(1, "test-stall");

    @AfterEach
    void stop() {
        loops.close();
    }

    @Test
    void aOneSecondStallShowsInTheCallersPercentiles() throws Exception {
        AtomicLong stallStart = new AtomicLong();   // nanoTime the stall began, 0 before
        AtomicLong stallFrom = new AtomicLong(Long.MAX_VALUE);   // set when the timetable starts
        StallingServer server = new StallingServer(now -> {
            // The first request after one second starts the stall: it and every request arriving
            // within the next second are held until the stall ends.
            if (now >= stallFrom.get()) stallStart.compareAndSet(0, now);
            long start = stallStart.get();
            long until = start + TimeUnit.MILLISECONDS.toNanos(STALL_MS);
            return start != 0 && now < until ? until - now : 0;
        });
        try {
            OutboundClient client = new OutboundClient(loops.group(),
                    callee -> new Route(server.address(), null, "callee"), 8, Duration.ofSeconds(10));
            // Warm the client's and server's code paths and connections first: a cold JVM's first
            // calls are slow enough to build a queue of their own.
            List<CompletableFuture<CallResult>> warm = new ArrayList<>();
            for (int i = 0; i < 400; i++) {
                warm.add(client.call("callee", 0, Phase.WARMUP));
                if (i % 8 == 7) CompletableFuture.allOf(warm.toArray(new CompletableFuture<?>[0])).get(30, TimeUnit.SECONDS);
            }
            CompletableFuture.allOf(warm.toArray(new CompletableFuture<?>[0])).get(30, TimeUnit.SECONDS);
            List<CompletableFuture<CallResult>> calls = new ArrayList<>();
            long t0 = System.nanoTime();
            stallFrom.set(t0 + TimeUnit.SECONDS.toNanos(1));
            for (int k = 0; k < CALLS; k++) {
                long wait = t0 + k * 1_000_000_000L / RATE - System.nanoTime();
                if (wait > 0) TimeUnit.NANOSECONDS.sleep(wait);
                calls.add(client.call("callee", 0, Phase.MEASURE));   // non-blocking: the timetable never waits
            }
            Histogram micros = new Histogram(3);
            for (CompletableFuture<CallResult> c : calls) {
                CallResult r = c.get(30, TimeUnit.SECONDS);
                assertEquals(200, r.status(), String.valueOf(r.error()));
                micros.recordValue(Math.max(1, r.nanos() / 1_000));
            }
            client.close();

            assertTrue(stallStart.get() != 0, "the stall happened");
            assertTrue(micros.getMaxValue() >= STALL_MS * 1_000, "max " + micros.getMaxValue() + " µs: the stall's first call waited it all");
            // Calls issued during the stall waited for what was left of it: those issued in its first
            // 90% waited ≥ 100 ms. Expected ≈ rate × stall × 0.9 = 90; slack for a busy machine.
            long delayed = countAtOrAbove(micros, 100_000);
            assertTrue(delayed >= 60 && delayed <= 160, delayed + " calls delayed by ≥ 100 ms, expected about 90");
            assertTrue(micros.getValueAtPercentile(99) >= 500_000, "p99 " + micros.getValueAtPercentile(99) + " µs");
        } finally {
            server.close();
        }
    }

    /**
     * Answers each request with an empty 200 in one write (no Nagle/delayed-ACK pauses), after
     * holding it for as long as {@code holdNanos} says for its arrival time.
     */
    private static final class StallingServer implements AutoCloseable {
        private final java.net.ServerSocket socket = new java.net.ServerSocket(0, 64, java.net.InetAddress.getLoopbackAddress());
        private final java.util.function.LongUnaryOperator holdNanos;

        StallingServer(java.util.function.LongUnaryOperator holdNanos) throws java.io.IOException {
            this.holdNanos = holdNanos;
            Thread acceptor = new Thread(this::accept, "stalling-server");
            acceptor.setDaemon(true);
            acceptor.start();
        }

        InetSocketAddress address() {
            return (InetSocketAddress) socket.getLocalSocketAddress();
        }

        private void accept() {
            while (!socket.isClosed()) {
                try {
                    java.net.Socket s = socket.accept();
                    s.setTcpNoDelay(true);
                    Thread t = new Thread(() -> serve(s), "stalling-server-conn");
                    t.setDaemon(true);
                    t.start();
                } catch (java.io.IOException closed) {
                    return;
                }
            }
        }

        private void serve(java.net.Socket s) {
            byte[] end = "\r\n\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            byte[] ok = "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            try (s; InputStream in = new java.io.BufferedInputStream(s.getInputStream())) {
                int b;
                int matched = 0;
                while ((b = in.read()) >= 0) {
                    matched = b == end[matched] ? matched + 1 : (b == end[0] ? 1 : 0);
                    if (matched < end.length) continue;
                    matched = 0;   // requests here carry no body (payload 0)
                    long hold = holdNanos.applyAsLong(System.nanoTime());
                    if (hold > 0) TimeUnit.NANOSECONDS.sleep(hold);
                    s.getOutputStream().write(ok);
                    s.getOutputStream().flush();
                }
            } catch (java.io.IOException | InterruptedException closed) {
                // the client closed the connection, or the test ended
            }
        }

        @Override
        public void close() throws java.io.IOException {
            socket.close();
        }
    }

    private static long countAtOrAbove(Histogram h, long value) {
        return h.getTotalCount() - h.getCountBetweenValues(0, value - 1);
    }
}
