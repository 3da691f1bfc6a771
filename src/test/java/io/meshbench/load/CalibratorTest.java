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

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The step test measures throughput, not latency: a server that serves one request at a time for 20 ms carries at most 50/s. */
class CalibratorTest {

    /** A server on {@code executor} that sleeps {@code sleepMs.applyAsLong(n)} ms before answering its n-th request (from 1). */
    private static HttpServer server(ExecutorService executor, java.util.function.IntToLongFunction sleepMs) throws java.io.IOException {
        java.util.concurrent.atomic.AtomicInteger served = new java.util.concurrent.atomic.AtomicInteger();
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 512);
        server.setExecutor(executor);
        server.createContext("/", exchange -> {
            try (InputStream in = exchange.getRequestBody()) {
                in.readAllBytes();
                long ms = sleepMs.applyAsLong(served.incrementAndGet());
                if (ms > 0) Thread.sleep(ms);
                exchange.sendResponseHeaders(200, -1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                exchange.close();
            }
        });
        server.start();
        return server;
    }

    @Test
    void aServerThatCarriesFiftyPerSecondIsNeverCalibratedAboveIt() throws Exception {
        ExecutorService one = Executors.newSingleThreadExecutor();
        HttpServer server = server(one, n -> 20);
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

    @Test
    void whenTheFirstRateFailsTheStepsGoDownUntilOnePassesTwice() throws Exception {
        ExecutorService one = Executors.newSingleThreadExecutor();
        HttpServer server = server(one, n -> 100);   // one at a time, 100 ms each: at most 10 per second
        try {
            List<EntryPoint> entries = List.of(new EntryPoint("slow",
                    URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/")));
            Calibrator.Capacity c = new Calibrator().stepTest(entries,
                    new Calibrator.StepPlan(640, 40, 2, Duration.ofSeconds(1), 12));
            assertTrue(c.found(), c.toString());
            assertTrue(c.entryRps() <= 10, c.toString());
            assertTrue(c.steps().get(0).offeredRps() == 40 && !c.steps().get(0).passed(), c.toString());
            assertTrue(c.steps().stream().noneMatch(s -> s.offeredRps() > 40), "never above the failed start: " + c);
        } finally {
            server.stop(0);
            one.shutdownNow();
        }
    }

    @Test
    void settlingGoesOnUntilTwoRoundsAreFlatAndKeepsEveryRound() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        HttpServer server = server(pool, n -> n <= 40 ? 200 : 0);   // a cold proxy: its first round is slow
        try {
            List<EntryPoint> entries = List.of(new EntryPoint("cold",
                    URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/")));
            List<Calibrator.Round> seen = new java.util.ArrayList<>();
            Calibrator.Settling s = new Calibrator().settle(entries, 20, Duration.ofSeconds(1), Duration.ofSeconds(60), seen::add);
            assertTrue(s.steady(), s.p99s());
            assertEquals(seen, s.rounds());
            assertTrue(s.rounds().size() >= 4, "a slow round, then three flat ones: " + s.p99s());
            assertTrue(s.rounds().get(0).p99Ms() >= 200, s.p99s());
        } finally {
            server.stop(0);
            pool.shutdownNow();
        }
    }

    /**
     * A cold plane that fails what it cannot carry yet (more than 4 requests a second until it has
     * answered 15): settling halves the rate after each round with failures, doubles it after each
     * clean one, and calls it steady only on three clean rounds at the wanted rate.
     */
    @Test
    void settlingBacksOffWhileRoundsFailAndIsSteadyOnlyAtTheWantedRate() throws Exception {
        java.util.concurrent.atomic.AtomicInteger answered = new java.util.concurrent.atomic.AtomicInteger();
        java.util.Deque<Long> recent = new java.util.ArrayDeque<>();
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 512);
        server.createContext("/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            boolean carried;
            synchronized (recent) {
                long now = System.nanoTime();
                while (!recent.isEmpty() && now - recent.peekFirst() > 1_000_000_000L) recent.removeFirst();
                carried = answered.get() >= 15 || recent.size() < 4;
                if (carried) recent.addLast(now);
            }
            if (carried) answered.incrementAndGet();
            exchange.sendResponseHeaders(carried ? 200 : 503, -1);
            exchange.close();
        });
        server.start();
        try {
            List<EntryPoint> entries = List.of(new EntryPoint("cold",
                    URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/")));
            Calibrator.Settling s = new Calibrator().settle(entries, 16, Duration.ofSeconds(1), Duration.ofSeconds(40), r -> { });
            assertTrue(s.steady(), s.p99s());
            List<Calibrator.Round> rounds = s.rounds();
            assertTrue(rounds.get(0).errors() > 0 && rounds.get(0).offeredRps() == 16, s.p99s());
            assertEquals(8, rounds.get(1).offeredRps(), 1e-9, "halved after a failing round: " + s.p99s());
            assertTrue(rounds.stream().anyMatch(r -> r.offeredRps() < 16 && r.errors() == 0), "a clean round below the rate: " + s.p99s());
            List<Calibrator.Round> last = rounds.subList(rounds.size() - Calibrator.SettleRule.ROUNDS, rounds.size());
            assertTrue(last.stream().allMatch(r -> r.offeredRps() == 16 && r.errors() == 0), "steady at the wanted rate: " + s.p99s());
            assertTrue(s.p99s().contains("at 8.00 rps"), s.p99s());
        } finally {
            server.stop(0);
        }
    }

    /** Ctrl-C interrupts the run's thread: settling stops, instead of spinning through instantly failed rounds to its limit. */
    @Test
    void anInterruptedSettlingStopsAtOnce() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        HttpServer server = server(pool, n -> 2_000);   // never steady: every answer takes 2 s
        try {
            List<EntryPoint> entries = List.of(new EntryPoint("slow",
                    URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/")));
            java.util.concurrent.atomic.AtomicReference<Calibrator.Settling> result = new java.util.concurrent.atomic.AtomicReference<>();
            Thread settler = new Thread(() -> result.set(new Calibrator().settle(entries, 4, Duration.ofSeconds(1),
                    Duration.ofSeconds(120), r -> { })));
            settler.start();
            Thread.sleep(1_500);
            settler.interrupt();
            settler.join(20_000);
            assertFalse(settler.isAlive(), "settling still running 20 s after the interrupt");
            assertFalse(result.get().steady());
            assertTrue(result.get().rounds().size() <= 3, "no burst of empty rounds: " + result.get().p99s());
        } finally {
            server.stop(0);
            pool.shutdownNow();
        }
    }

    @Test
    void theWarmUpRateHalvesOnFailuresToASixteenthAndDoublesBackToTheWantedRate() {
        assertEquals(5, Calibrator.SettleRule.nextRate(10, 10, 3), 1e-9);
        assertEquals(10, Calibrator.SettleRule.nextRate(5, 10, 0), 1e-9);
        assertEquals(10, Calibrator.SettleRule.nextRate(10, 10, 0), 1e-9, "never above the wanted rate");
        assertEquals(10.0 / 16, Calibrator.SettleRule.nextRate(0.7, 10, 1), 1e-9, "never below a sixteenth of it");
    }

    @Test
    void aFreshDeploymentIsRampedThroughRisingRatesBeforeItsWarmUp() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        java.util.Queue<Long> arrivals = new java.util.concurrent.ConcurrentLinkedQueue<>();
        HttpServer server = server(pool, n -> {
            arrivals.add(System.nanoTime());
            return 0;
        });
        try {
            List<EntryPoint> entries = List.of(new EntryPoint("fresh",
                    URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/")));
            new Calibrator().ramp(entries, 50);
            // 50 rps × (0.1, 0.3, 0.6) × 2 s = 10 + 30 + 60 requests, the first step alone in its first 1.8 s
            assertEquals(100, arrivals.size());
            long first = arrivals.stream().mapToLong(Long::longValue).min().orElseThrow();
            long early = arrivals.stream().filter(t -> t - first < 1_500_000_000L).count();
            assertTrue(early <= 10, early + " requests in the first 1.5 s: the ramp starts at a tenth of the rate");
        } finally {
            server.stop(0);
            pool.shutdownNow();
        }
    }

    @Test
    void steadyMeansThreeRoundsWithinAQuarterOrTenMillisecondsAndNoErrors() {
        assertTrue(Calibrator.SettleRule.steady(rounds(900, 110, 100, 124)));
        assertFalse(Calibrator.SettleRule.steady(rounds(100, 130, 110)), "130 is more than a quarter above 100");
        assertFalse(Calibrator.SettleRule.steady(rounds(869, 907)), "two slow rounds are not enough");
        assertTrue(Calibrator.SettleRule.steady(rounds(4, 13, 8)), "10 ms of noise");
        List<Calibrator.Round> withError = new java.util.ArrayList<>(rounds(100, 100));
        withError.add(new Calibrator.Round(100, 1, 10));
        assertFalse(Calibrator.SettleRule.steady(withError));
    }

    private static List<Calibrator.Round> rounds(double... p99s) {
        return java.util.Arrays.stream(p99s).mapToObj(p -> new Calibrator.Round(p, 0, 10)).toList();
    }
}
