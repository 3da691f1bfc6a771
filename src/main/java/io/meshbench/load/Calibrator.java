package io.meshbench.load;

import io.meshbench.core.EntryPoint;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Finds how many entry requests per second this machine completes for a deployed mode, with a
 * closed loop that keeps a fixed number of requests in flight for a short time. The figure is a
 * ceiling: the open-model load is then set well below it so queues do not build.
 */
public final class Calibrator {
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);

    private final HttpClient client = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    /** Capacity in entry requests per second, with what was seen while measuring it. */
    public record Capacity(double entryRps, long completed, long failed, Duration measured) {
    }

    /** Sends one request to every entry point, one at a time, and returns how many failed. */
    public int probe(List<EntryPoint> entries) {
        int failed = 0;
        for (EntryPoint entry : entries) {
            try {
                HttpResponse<Void> response = client.send(request(entry, PhaseKind.PROBE), HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() >= 500 && response.headers().firstValue("x-meshbench-injected-error").isEmpty()) {
                    failed++;
                }
            } catch (Exception e) {
                if (e instanceof InterruptedException) Thread.currentThread().interrupt();
                failed++;
            }
        }
        return failed;
    }

    /**
     * Drives the entries with {@code inFlight} outstanding requests for {@code warm + window}; only
     * responses after {@code warm} count, so opening connections and handshakes (which a mesh with
     * a proxy per pod has many of) does not pass for the steady capacity.
     */
    public Capacity measure(List<EntryPoint> entries, Duration warm, Duration window, int inFlight) {
        AtomicLong completed = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        long countFrom = System.nanoTime() + warm.toNanos();
        long deadline = countFrom + window.toNanos();
        CompletableFuture<?>[] loops = new CompletableFuture<?>[inFlight];
        for (int i = 0; i < inFlight; i++) {
            loops[i] = loop(entries, i, countFrom, deadline, completed, failed);
        }
        try {
            CompletableFuture.allOf(loops).get(warm.toMillis() + window.toMillis() + REQUEST_TIMEOUT.toMillis() + 5_000,
                    java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            if (e instanceof InterruptedException) Thread.currentThread().interrupt();
            // A loop stuck past its deadline counts what it got; the capacity is what completed in time.
        }
        Duration measured = Duration.ofNanos(Math.max(1, System.nanoTime() - countFrom));
        double rps = completed.get() / (measured.toNanos() / 1e9);
        return new Capacity(rps, completed.get(), failed.get(), measured);
    }

    private CompletableFuture<Void> loop(List<EntryPoint> entries, int index, long countFrom, long deadline,
                                         AtomicLong completed, AtomicLong failed) {
        if (System.nanoTime() >= deadline) return CompletableFuture.completedFuture(null);
        EntryPoint entry = entries.get(index % entries.size());
        return client.sendAsync(request(entry, PhaseKind.CALIBRATE), HttpResponse.BodyHandlers.discarding())
                .handle((response, error) -> {
                    if (System.nanoTime() < countFrom) return null;
                    if (error == null && (response.statusCode() < 500
                            || response.headers().firstValue("x-meshbench-injected-error").isPresent())) {
                        completed.incrementAndGet();
                    } else {
                        failed.incrementAndGet();
                    }
                    return null;
                })
                .thenCompose(ignored -> loop(entries, index + 1, countFrom, deadline, completed, failed));
    }

    private static HttpRequest request(EntryPoint entry, PhaseKind phase) {
        return HttpRequest.newBuilder(URI.create(entry.url().toString()))
                .timeout(REQUEST_TIMEOUT)
                .header(PhaseKind.HEADER, phase.id())
                .GET()
                .build();
    }
}
