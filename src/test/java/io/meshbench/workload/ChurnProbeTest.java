package io.meshbench.workload;

import io.meshbench.metrics.LatencyRecording;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.meshbench.workload.WorkloadHarness.call;
import static io.meshbench.workload.WorkloadHarness.service;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ChurnProbeTest {
    private final WorkloadHarness h = new WorkloadHarness();

    @AfterEach
    void stop() {
        h.close();
    }

    @Test
    void probedCallsOpenTheirOwnConnectionAndAreRecordedApartFromPooledOnes() throws Exception {
        WorkloadServer leaf = h.start(service("leaf", 0, 0));
        WorkloadServer caller = h.start(service("caller", 0, 0, call("leaf")), WorkloadServer.MAX_CONNECTIONS_PER_DESTINATION, 0.3);
        int requests = 40;
        for (int i = 0; i < requests; i++) assertEquals(200, h.get(caller, "/", Phase.MEASURE).statusCode());
        h.get(caller, "/", Phase.WARMUP);   // outside the measured phase: never probed, never recorded

        LatencyRecording r = LatencyLogs.parse(List.of(new String(h.get(caller, InboundHandler.LATENCY_PATH, null).body())));
        Histogram fresh = r.newConnectionPerEdge().get("caller->leaf");
        Histogram reused = r.reusedConnectionPerEdge().get("caller->leaf");
        assertTrue(fresh.getTotalCount() > 0 && reused.getTotalCount() > 0,
                "both sides recorded: new " + fresh.getTotalCount() + ", reused " + reused.getTotalCount());
        assertEquals(requests, fresh.getTotalCount() + reused.getTotalCount());
        // the pooled calls are the edge's latency; the probe's calls stay out of it and out of the intervals
        assertSame(r.perEdge().get("caller->leaf"), reused);
        assertEquals(reused.getTotalCount(), r.intervals().stream().mapToLong(Histogram::getTotalCount).sum());
        // sequential calls: one pooled connection, plus one of its own for every probed call
        assertEquals(1 + fresh.getTotalCount(), leaf.acceptedConnections());
    }

    @Test
    void withoutAShareNothingIsProbed() throws Exception {
        h.start(service("leaf", 0, 0));
        WorkloadServer caller = h.start(service("caller", 0, 0, call("leaf")));
        for (int i = 0; i < 5; i++) h.get(caller, "/", Phase.MEASURE);
        LatencyRecording r = LatencyLogs.parse(List.of(new String(h.get(caller, InboundHandler.LATENCY_PATH, null).body())));
        assertNull(r.newConnectionPerEdge().get("caller->leaf"));
        assertEquals(5, r.perEdge().get("caller->leaf").getTotalCount());
    }

    @Test
    void theShareIsSeededAndHeld() {
        ChurnProbe a = new ChurnProbe(7, ChurnProbe.DEFAULT_SHARE);
        ChurnProbe b = new ChurnProbe(7, ChurnProbe.DEFAULT_SHARE);
        int probed = 0;
        int n = 200_000;
        for (int i = 0; i < n; i++) {
            boolean x = a.nextIsNew();
            assertEquals(x, b.nextIsNew(), "same seed, same choices");
            if (x) probed++;
        }
        double share = (double) probed / n;
        // binomial SD at 2% of 200,000 is 0.0003
        assertTrue(Math.abs(share - ChurnProbe.DEFAULT_SHARE) < 0.0015, "share " + share);
        assertFalse(new ChurnProbe(1, 0).nextIsNew());
        assertTrue(new ChurnProbe(1, 1).nextIsNew());
    }
}
