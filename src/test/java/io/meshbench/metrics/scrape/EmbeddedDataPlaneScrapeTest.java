package io.meshbench.metrics.scrape;

import com.sun.net.httpserver.HttpServer;
import io.meshbench.metrics.DataPlaneSummary;
import io.meshbench.platform.local.AddressBlocks;
import io.meshbench.platform.local.LocalCluster;
import io.meshbench.platform.local.LocalDataPlane;
import io.meshbench.platform.local.LocalPod;
import io.meshbench.platform.local.PodPlumbing;
import io.meshbench.platform.local.mesh.AmbientDataPlane;
import io.meshbench.platform.local.mesh.SidecarDataPlane;
import io.meshbench.workload.Route;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The scraper reads the embedded data plane's own endpoints back to the traffic actually sent:
 * calls over one keep-alive connection from a client pod to a backend pod on another node.
 */
class EmbeddedDataPlaneScrapeTest {

    private static final int CALLS = 25;
    private static final byte[] BODY = "hello".getBytes(StandardCharsets.US_ASCII);

    @Test
    void sidecarRequestCountsParseBackToTheCallsSent() throws Exception {
        try (SidecarDataPlane plane = new SidecarDataPlane()) {
            DataPlaneSummary s = sendAndScrape(plane, AddressBlocks.reserve());
            Map<String, Double> d = s.counterDeltas();
            assertEquals(2.0 * CALLS, d.get("istio_requests_total"), d.toString());
            assertEquals(CALLS, d.get("istio_requests_total{reporter=\"source\"}"));
            assertEquals(CALLS, d.get("istio_requests_total{reporter=\"destination\"}"));
            // As Istio writes it: the destination side knows the hop was mTLS, the source side says unknown.
            assertEquals(CALLS, d.get("istio_requests_total{connection_security_policy=\"mutual_tls\"}"), d.toString());
            assertEquals(CALLS, d.get("istio_requests_total{connection_security_policy=\"unknown\"}"), d.toString());
            assertEquals(2.0 * CALLS, d.get("istio_request_duration_milliseconds_count"));
            assertTrue(s.missingMetrics().isEmpty(), s.missingMetrics().toString());
            assertNotNull(s.tlsHandshakeMicros(), "the embedded sidecars export their handshakes");
            assertEquals(1, s.tlsHandshakeMicros().getTotalCount(), "the client side of the one mTLS connection, exact");
            assertEquals(DataPlaneSummary.HANDSHAKES_EXACT, s.tlsHandshakeMethod());
        }
    }

    @Test
    void ztunnelByteAndConnectionCountsParseBackToTheTrafficSent() throws Exception {
        try (AmbientDataPlane plane = new AmbientDataPlane(false)) {
            DataPlaneSummary s = sendAndScrape(plane, AddressBlocks.reserve());
            Map<String, Double> d = s.counterDeltas();
            assertEquals(1, d.get("istio_tcp_connections_opened_total{reporter=\"destination\"}"), d.toString());
            assertEquals(1, d.get("istio_tcp_connections_opened_total{reporter=\"source\"}"), d.toString());
            double requestBytes = CALLS * (double) request().length;
            double responseBytes = CALLS * (double) responseLength();
            // The destination ztunnel receives the requests and sends the responses.
            assertEquals(requestBytes, d.get("istio_tcp_received_bytes_total{reporter=\"destination\"}"), d.toString());
            assertEquals(responseBytes, d.get("istio_tcp_sent_bytes_total{reporter=\"destination\"}"), d.toString());
            assertTrue(s.missingMetrics().isEmpty(), s.missingMetrics().toString());
        }
    }

    /** Starts the plane with a client pod on node 0 and a backend pod on node 1, sends CALLS calls, scrapes. */
    private static DataPlaneSummary sendAndScrape(LocalDataPlane plane, int subnet) throws Exception {
        LocalPod client = new LocalPod("client-0", "client", "scrape", ip(subnet, 0, 10), 0);
        LocalPod backend = new LocalPod("backend-0", "backend", "scrape", ip(subnet, 1, 10), 1);
        plane.start(new LocalCluster("scrape", List.of(ip(subnet, 0, 1), ip(subnet, 1, 1)),
                Map.of("client", List.of(client), "backend", List.of(backend))));
        PodPlumbing backendPlumbing = plane.attach(backend);
        HttpServer app = HttpServer.create(backendPlumbing.appBind(), 0);
        app.createContext("/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            exchange.getResponseHeaders().set("Content-Type", "text/plain");
            exchange.sendResponseHeaders(200, BODY.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(BODY);
            }
        });
        app.start();
        try {
            Route route = plane.attach(client).router().route("backend");
            MetricsScraper scraper = new MetricsScraper();
            ScrapeSnapshot before = scraper.scrape(plane.metrics());
            try (Socket socket = new Socket()) {
                socket.bind(new InetSocketAddress(client.ip(), 0));
                socket.connect(route.connectTo(), 5_000);
                socket.setSoTimeout(10_000);
                OutputStream out = socket.getOutputStream();
                if (route.preamble() != null) out.write(route.preamble());
                InputStream in = socket.getInputStream();
                for (int i = 0; i < CALLS; i++) {
                    out.write(request());
                    out.flush();
                    readResponse(in);
                }
            }
            return scraper.summarize(before, scraper.scrape(plane.metrics()));
        } finally {
            app.stop(0);
        }
    }

    private static byte[] request() {
        return "GET / HTTP/1.1\r\nHost: backend:8080\r\nContent-Length: 0\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
    }

    private static int responseLength() {
        return lastResponseLength;
    }

    private static volatile int lastResponseLength;

    /** Reads one HTTP/1.1 response with a Content-Length body; remembers its length on the wire. */
    private static void readResponse(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0) throw new IOException("connection closed mid-response: " + head);
            head.write(b);
            matched = (b == "\r\n\r\n".charAt(matched)) ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        String headers = head.toString(StandardCharsets.US_ASCII);
        assertTrue(headers.startsWith("HTTP/1.1 200"), headers);
        int length = 0;
        for (String line : headers.split("\r\n")) {
            if (line.toLowerCase(java.util.Locale.ROOT).startsWith("content-length:")) length = Integer.parseInt(line.substring(15).trim());
        }
        byte[] body = in.readNBytes(length);
        assertEquals(length, body.length);
        lastResponseLength = head.size() + length;
    }

    private static InetAddress ip(int subnet, int third, int fourth) throws IOException {
        return InetAddress.getByAddress(new byte[]{127, (byte) subnet, (byte) third, (byte) fourth});
    }
}
