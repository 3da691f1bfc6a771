package io.meshbench.load;

import com.sun.net.httpserver.HttpServer;
import io.meshbench.core.EntryPoint;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The step test measures throughput, not latency: a server that serves one request at a time for 20 ms carries at most 50/s. */
class CalibratorTest {

    @Test
    void aServerThatCarriesFiftyPerSecondIsNeverCalibratedAboveIt() throws Exception {
        ExecutorService one = Executors.newSingleThreadExecutor();
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 512);
        server.setExecutor(one);
        server.createContext("/", exchange -> {
            try (InputStream in = exchange.getRequestBody()) {
                in.readAllBytes();
                Thread.sleep(20);
                exchange.sendResponseHeaders(200, -1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                exchange.close();
            }
        });
        server.start();
        try {
            List<EntryPoint> entries = List.of(new EntryPoint("slow",
                    URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/")));
            Calibrator.Capacity c = new Calibrator().stepTest(entries,
                    new Calibrator.StepPlan(400, 25, 2, Duration.ofSeconds(1), 8));
            assertFalse(c.reachedTarget(), c.toString());
            // 100 rps and above cannot be carried: at most half of it completes.
            assertTrue(c.steps().stream().filter(s -> s.offeredRps() >= 100).noneMatch(Calibrator.Step::passed), c.toString());
            assertTrue(!c.found() || c.entryRps() <= 50, c.toString());
            assertTrue(c.certainty().contains("failed"), c.certainty());
        } finally {
            server.stop(0);
            one.shutdownNow();
        }
    }
}
