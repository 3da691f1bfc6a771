package io.meshbench.load.injector;

import com.sun.net.httpserver.HttpServer;
import io.meshbench.core.InjectorOrder;
import io.meshbench.metrics.InjectorGatlingLog;
import io.meshbench.metrics.InjectorResult;
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
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Real simulation.log files, written by Gatling for two injector "pods" (the pod's program run
 * in-process against a loopback server, each with its own rate and start), merged into one
 * Gatling report whose request count is their sum.
 */
@Timeout(180)
class InjectorGatlingReportTest {

    @Test
    void twoPodsLogsMakeOneGatlingReportWithEveryRequest(@TempDir Path work) throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            byte[] body = "ok".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(exchange.getRequestURI().getPath().startsWith("/b") ? 503 : 200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        List<byte[]> logs = new ArrayList<>();
        long sent = 0;
        try {
            String base = "http://127.0.0.1:" + server.getAddress().getPort();
            int[] rates = {20, 10};
            for (int pod = 0; pod < rates.length; pod++) {
                InjectorOrder order = new InjectorOrder(List.of("ambient a", "ambient b"),
                        List.of(URI.create(base + "/a"), URI.create(base + "/b")), rates[pod], Duration.ofSeconds(2),
                        System.currentTimeMillis() + 300, "measure", false);
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                assertEquals(0, InjectorMain.run(order, Files.createDirectory(work.resolve("pod-" + pod)),
                        new PrintStream(out, true, StandardCharsets.UTF_8)));
                String log = out.toString(StandardCharsets.UTF_8);
                sent += InjectorResult.fromLog(log).orElseThrow().sent();
                logs.add(InjectorGatlingLog.fromLog(log).orElseThrow());
            }
        } finally {
            server.stop(0);
        }
        assertEquals(60, sent, "20/s and 10/s for 2 s");
        long raw = logs.stream().mapToLong(b -> b.length).sum();
        long carried = logs.stream().mapToLong(b -> String.join("\n", InjectorGatlingLog.toLogLines(b)).length()).sum();
        System.out.printf(java.util.Locale.ROOT, "injector simulation.log: %.1f bytes per request, %.1f characters of pod log per request%n",
                raw / (double) sent, carried / (double) sent);

        Path gatling = Files.createDirectory(work.resolve("gatling"));
        InjectorGatlingReport.Written written = InjectorGatlingReport.write(logs, gatling);

        assertEquals(sent, written.requests(), "every pod's request records are in the merged log");
        assertTrue(Files.isRegularFile(written.folder().resolve("index.html")));
        // Gatling's own statistics table: its first row ("All Requests") is the whole run
        String index = Files.readString(written.folder().resolve("index.html"));
        Matcher all = Pattern.compile("All Requests.*?col-2\">(\\d+)<.*?col-3\">(\\d+)<.*?col-4\">(\\d+)<", Pattern.DOTALL)
                .matcher(index);
        assertTrue(all.find(), "Gatling's statistics table in " + written.folder().resolve("index.html"));
        assertEquals(60, Long.parseLong(all.group(1)), "Gatling's report counts both pods' requests");
        assertEquals(30, Long.parseLong(all.group(2)), "the /a answers (200)");
        assertEquals(30, Long.parseLong(all.group(3)), "the /b answers (503)");
    }

    @Test
    void aFileThatIsNotAGatlingLogIsRefusedByName(@TempDir Path work) throws Exception {
        Path bogus = Files.writeString(work.resolve("bogus.log"), "RUN\tnot binary");
        java.io.IOException e = assertThrows(java.io.IOException.class,
                () -> GatlingLogMerge.merge(List.of(bogus), work.resolve("out.log")));
        assertTrue(e.getMessage().contains("bogus.log"), e.getMessage());
    }
}
