package io.meshbench.load.injector;

import com.sun.net.httpserver.HttpServer;
import io.meshbench.core.InjectorOrder;
import io.meshbench.metrics.InjectorGatlingLog;
import io.meshbench.metrics.InjectorResult;
import io.meshbench.workload.Phase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The injector pod's program, run here against a loopback server: Gatling sends, the result line counts. */
@Timeout(120)
class InjectorMainTest {

    @Test
    void injectsItsShareFromTheSharedStartAndPrintsOneResultLine(@TempDir Path results) throws Exception {
        AtomicInteger withPhase = new AtomicInteger();
        AtomicInteger toB = new AtomicInteger();
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            if ("measure".equals(exchange.getRequestHeaders().getFirst(Phase.HEADER))) withPhase.incrementAndGet();
            boolean b = exchange.getRequestURI().getPath().startsWith("/b");
            if (b) toB.incrementAndGet();
            byte[] body = "ok".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(b ? 503 : 200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        try {
            String base = "http://127.0.0.1:" + server.getAddress().getPort();
            long startAt = System.currentTimeMillis() + 500;
            InjectorOrder order = new InjectorOrder(List.of("ambient a", "ambient b"),
                    List.of(URI.create(base + "/a"), URI.create(base + "/b")), 30, Duration.ofSeconds(2), startAt, "measure", false);
            ByteArrayOutputStream out = new ByteArrayOutputStream();

            int status = InjectorMain.run(order, results, new PrintStream(out, true, StandardCharsets.UTF_8));

            assertEquals(0, status, out.toString(StandardCharsets.UTF_8));
            InjectorResult r = InjectorResult.fromLog(out.toString(StandardCharsets.UTF_8)).orElseThrow();
            assertEquals(60, r.sent(), "30 arrivals per second for 2 s");
            assertEquals(60, withPhase.get(), "every request carries the phase header");
            assertEquals(30, toB.get(), "round-robin over the entry points");
            assertEquals(30, r.errors(), "the 503s");
            assertEquals(30, r.completed());
            assertEquals(60, r.entryLatencyMillis().getTotalCount(), "every response's time is recorded");
            assertEquals(60, r.sendLagMicros().getTotalCount());
            assertEquals(30.0, r.offeredRps(), 1e-9);
            assertTrue(r.firstSentEpochMicros() >= startAt * 1000, "nothing is sent before the shared start");
            assertTrue(r.lastResponseEpochMicros() > r.firstSentEpochMicros());

            byte[] carried = InjectorGatlingLog.fromLog(out.toString(StandardCharsets.UTF_8)).orElseThrow();
            try (var files = Files.find(results, 2, (p, a) -> p.getFileName().toString().equals("simulation.log"))) {
                assertArrayEquals(Files.readAllBytes(files.findFirst().orElseThrow()), carried,
                        "the log lines carry Gatling's simulation.log byte for byte");
            }
        } finally {
            server.stop(0);
        }
    }
}
