package io.meshbench.workload;

import io.meshbench.topology.Step;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.util.List;

import static io.meshbench.workload.WorkloadHarness.call;
import static io.meshbench.workload.WorkloadHarness.service;
import static io.meshbench.workload.WorkloadHarness.sleep;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WorkloadScriptTest {
    private final WorkloadHarness h = new WorkloadHarness();

    @AfterEach
    void stop() {
        h.close();
    }

    @Test
    void sleepHoldsTheResponseAtLeastThatLong() throws Exception {
        WorkloadServer leaf = h.start(service("leaf", 0, 10, sleep(120)));
        long t0 = System.nanoTime();
        HttpResponse<byte[]> r = h.get(leaf, "/", null);
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertEquals(200, r.statusCode());
        assertTrue(ms >= 120, "answered after " + ms + " ms, before its 120 ms sleep ended");
    }

    @Test
    void sequentialCallsRunOneAfterAnotherAndConcurrentOnesAtOnce() throws Exception {
        try (FakeCallee slow = new FakeCallee(200, 150)) {
            h.addresses.put("slow", slow.address());
            WorkloadServer seq = h.start(service("seq", 0, 0, call("slow"), call("slow"), call("slow")));
            assertEquals(200, h.get(seq, "/", null).statusCode());
            assertEquals(3, slow.seen.size());
            assertEquals(1, slow.maxInFlight.get(), "sequential calls overlapped");

            // Structural, not timed: the callee answers none of the group until all three have arrived.
            slow.maxInFlight.set(0);
            slow.holdUntilTogether(3);
            WorkloadServer par = h.start(service("par", 0, 0,
                    new Step.Concurrent(List.of(call("slow"), call("slow"), call("slow"))), sleep(1)));
            assertEquals(200, h.get(par, "/", null).statusCode());
            assertEquals(6, slow.seen.size());
            assertEquals(0, slow.aloneRequests.get(), "a concurrent group must issue all its calls at once");
            assertEquals(3, slow.maxInFlight.get());
            assertEquals(0, slow.inFlight.get(), "answered before the slowest call of the group ended");
        }
    }

    @Test
    void sendsPayloadAndHostAndAnswersWithResponseSize() throws Exception {
        try (FakeCallee callee = new FakeCallee(200, 0)) {
            h.addresses.put("cart", callee.address());
            WorkloadServer s = h.start(service("web", 0, 3000, new Step.Call("cart", 70_000)));
            HttpResponse<byte[]> r = h.get(s, "/anything?x=1", null);
            assertEquals(200, r.statusCode());
            assertEquals(3000, r.body().length);
            assertEquals(new FakeCallee.Seen("cart", null, 70_000), callee.seen.get(0));
        }
    }

    @Test
    void propagatesThePhaseHeaderToEveryDownstreamCall() throws Exception {
        try (FakeCallee callee = new FakeCallee(200, 0)) {
            h.addresses.put("db", callee.address());
            h.start(service("mid", 0, 0, call("db"), call("db")));
            WorkloadServer front = h.start(service("front", 0, 0, call("mid")));
            for (String phase : List.of("warmup", "measure", "calibrate", "probe")) {
                assertEquals(200, h.get(front, "/", phase).statusCode());
            }
            List<String> phases = callee.seen.stream().map(FakeCallee.Seen::phase).toList();
            assertEquals(List.of("warmup", "warmup", "measure", "measure", "calibrate", "calibrate", "probe", "probe"), phases);
        }
    }

    @Test
    void injectsErrorsAtTheServiceRateWithTheirHeader() throws Exception {
        WorkloadServer s = h.start(service("flaky", 0.3, 5));
        int injected = 0;
        int n = 400;
        for (int i = 0; i < n; i++) {
            HttpResponse<byte[]> r = h.get(s, "/", null);
            if (r.statusCode() == 500) {
                assertEquals("1", r.headers().firstValue(InjectedError.HEADER).orElse(null));
                injected++;
            } else {
                assertEquals(200, r.statusCode());
            }
        }
        // Binomial(400, 0.3): mean 120, sd ≈ 9.2; ±5 sd is far outside any seed's luck.
        assertTrue(injected > 74 && injected < 166, "injected " + injected + " errors of " + n);
        assertTrue(s.metricsText().contains("meshbench_incoming_requests_total{service=\"flaky\",code=\"500\",} " + injected + ".0"),
                s.metricsText());
    }

    @Test
    void answers502WhenADownstreamCallFailsOrCannotConnect() throws Exception {
        try (FakeCallee broken = new FakeCallee(503, 0); ServerSocket reserved = new ServerSocket(0)) {
            h.addresses.put("broken", broken.address());
            int closedPort = reserved.getLocalPort();
            reserved.close();
            h.addresses.put("gone", new InetSocketAddress("127.0.0.1", closedPort));

            WorkloadServer a = h.start(service("a", 0, 10, call("broken")));
            HttpResponse<byte[]> r = h.get(a, "/", null);
            assertEquals(502, r.statusCode());
            assertFalse(r.headers().firstValue(InjectedError.HEADER).isPresent());

            WorkloadServer b = h.start(service("b", 1.0, 10, call("gone"), call("broken")));
            HttpResponse<byte[]> r2 = h.get(b, "/", null);
            assertEquals(502, r2.statusCode(), "a failed call wins over the injected error");
            assertNull(r2.headers().firstValue(InjectedError.HEADER).orElse(null));
            assertEquals(1, broken.seen.size(), "the script stops at the first failed call");
            assertTrue(b.metricsText().contains("meshbench_outgoing_calls_total{callee=\"gone\",code=\"0\",} 1.0"),
                    b.metricsText());
        }
    }

    @Test
    void servesMetricsAndReadiness() throws Exception {
        WorkloadServer leaf = h.start(service("leaf", 0, 1));
        assertEquals(200, h.get(leaf, "/healthz/ready", null).statusCode());
        h.get(leaf, "/", "measure");
        String metrics = new String(h.get(leaf, "/metrics", null).body());
        assertTrue(metrics.contains("meshbench_incoming_requests_total{service=\"leaf\",code=\"200\",} 1.0"), metrics);
        assertTrue(metrics.contains("meshbench_incoming_request_duration_seconds_bucket"), metrics);
    }
}
