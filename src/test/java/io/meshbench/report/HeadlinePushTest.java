package io.meshbench.report;

import com.sun.net.httpserver.HttpServer;
import io.meshbench.analysis.Analysis;
import io.meshbench.analysis.SyntheticRun;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HeadlinePushTest {

    @Test
    void pushesHeadlineFiguresWithRunLabelsToAPushgateway() throws Exception {
        List<String> requests = new CopyOnWriteArrayList<>();
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            requests.add(exchange.getRequestMethod() + " " + exchange.getRequestURI() + "\n"
                    + new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            exchange.sendResponseHeaders(202, -1);
            exchange.close();
        });
        server.start();
        try {
            var run = Analysis.analyse(SyntheticRun.record("nightly-42", List.of(SyntheticRun.sidecar(1), SyntheticRun.ambient(2)), 1, 200));
            HeadlinePush.push("http://127.0.0.1:" + server.getAddress().getPort(), run);
        } finally {
            server.stop(0);
        }
        assertEquals(1, requests.size());
        String req = requests.get(0);
        assertTrue(req.startsWith("PUT /metrics/job/meshbench"), req);
        assertTrue(req.contains("meshbench_latency_p99_microseconds{run_id=\"nightly-42\",mode=\"ambient\",target=\"local\",}"), req);
        assertTrue(req.contains("meshbench_memory_per_pod_bytes{run_id=\"nightly-42\",mode=\"sidecar\",target=\"local\",}"), req);
    }

    @Test
    void badUrlIsExplained() {
        var run = Analysis.analyse(SyntheticRun.record("x", List.of(SyntheticRun.sidecar(1)), 1, 50));
        var e = assertThrows(IllegalArgumentException.class, () -> HeadlinePush.push("pushgateway:9091", run));
        assertTrue(e.getMessage().contains("pushgateway:9091"), e.getMessage());
    }
}
