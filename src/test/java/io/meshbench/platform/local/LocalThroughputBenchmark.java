package io.meshbench.platform.local;

import io.meshbench.platform.Deployment;
import io.meshbench.core.MeshMode;
import io.meshbench.workload.Phase;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Prints what the local target carries on this machine for the small test topology in baseline:
 * a closed loop of {@code inFlight} entry requests for a few seconds. Not a test: figures only.
 * Run: mvn -o -q test-compile exec:java -Dexec.classpathScope=test
 * -Dexec.mainClass=io.meshbench.platform.local.LocalThroughputBenchmark
 */
public final class LocalThroughputBenchmark {
    public static void main(String[] args) throws Exception {
        int inFlight = Integer.getInteger("inFlight", 32);
        Duration window = Duration.ofSeconds(Long.getLong("seconds", 5));
        try (LocalPlatform platform = new LocalPlatform(new LocalSettings(3, 1, 4000, AddressBlocks.reserve()))) {
            Deployment d = platform.deploy(LocalPlatformTest.shop(), MeshMode.BASELINE);
            HttpClient http = HttpClient.newBuilder().proxy(HttpClient.Builder.NO_PROXY)
                    .version(HttpClient.Version.HTTP_1_1).build();
            HttpRequest request = HttpRequest.newBuilder(d.entryPoints().get(0).url())
                    .header(Phase.HEADER, Phase.MEASURE).build();
            for (String phase : new String[]{"warm-up", "measured"}) {
                AtomicLong done = new AtomicLong();
                long end = System.nanoTime() + window.toNanos();
                CompletableFuture<?>[] loops = new CompletableFuture<?>[inFlight];
                long t0 = System.nanoTime();
                for (int i = 0; i < inFlight; i++) loops[i] = loop(http, request, end, done);
                CompletableFuture.allOf(loops).join();
                double secs = (System.nanoTime() - t0) / 1e9;
                System.out.printf("%s: %d entry requests in %.1f s = %.0f rps (each entry request makes 4 "
                        + "service-to-service calls)%n", phase, done.get(), secs, done.get() / secs);
            }
            var r = d.collectLatency().merged();
            System.out.printf("service-to-service latency µs: p50 %d p99 %d max %d over %d calls%n",
                    r.getValueAtPercentile(50), r.getValueAtPercentile(99), r.getMaxValue(), r.getTotalCount());
        }
    }

    private static CompletableFuture<Void> loop(HttpClient http, HttpRequest request, long end, AtomicLong done) {
        if (System.nanoTime() >= end) return CompletableFuture.completedFuture(null);
        return http.sendAsync(request, HttpResponse.BodyHandlers.discarding())
                .thenCompose(r -> {
                    done.incrementAndGet();
                    return loop(http, request, end, done);
                });
    }
}
