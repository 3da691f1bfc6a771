package io.meshbench.metrics.scrape;

import com.sun.net.httpserver.HttpServer;
import io.meshbench.metrics.DataPlaneSummary;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HttpMetricsSourceTest {

    private HttpServer server;
    private final AtomicInteger opened = new AtomicInteger(10);

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/stats/prometheus", exchange -> {
            String body = "# TYPE istio_tcp_connections_opened counter\n"
                    + "istio_tcp_connections_opened_total{reporter=\"destination\"} " + opened.get() + "\n# EOF\n";
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
    }

    @Test
    void scrapesOverHttpAndFeedsTheScraper() {
        HttpMetricsSource source = new HttpMetricsSource("ztunnel-abc", "ztunnel", uri("/stats/prometheus"));
        MetricsScraper scraper = new MetricsScraper();
        ScrapeSnapshot before = scraper.scrape(List.of(source));
        opened.addAndGet(7);
        ScrapeSnapshot after = scraper.scrape(List.of(source));
        DataPlaneSummary s = scraper.summarize(before, after);
        assertEquals(7, s.counterDeltas().get("istio_tcp_connections_opened_total{reporter=\"destination\"}"));
        assertTrue(s.missingMetrics().contains(
                "istio_tcp_sent_bytes_total missing from 1 of 1 ztunnel endpoints: ztunnel-abc"), s.missingMetrics().toString());
    }

    @Test
    void aNon200AnswerIsAnErrorNamingTheUri() {
        HttpMetricsSource source = new HttpMetricsSource("z", "ztunnel", uri("/nope"));
        IOException e = assertThrows(IOException.class, source::scrape);
        assertTrue(e.getMessage().contains("/nope") && e.getMessage().contains("404"), e.getMessage());
    }
}
