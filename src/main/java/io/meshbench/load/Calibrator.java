package io.meshbench.load;

import io.meshbench.core.EntryPoint;
import io.meshbench.workload.InjectedError;
import io.meshbench.workload.Phase;
import org.HdrHistogram.Histogram;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The harness's own HTTP client to a deployment's entry points, for what happens outside Gatling:
 * the first-call probe, warm-up requests, and calibration.
 *
 * <p>Calibration is an open-loop step test: requests leave on a fixed timetable at rising rates,
 * whatever the answers do, so the figure is a throughput the system carried (Little's law makes a
 * closed loop measure latency instead). A step passes when at least {@link StepRule#MIN_ACHIEVED}
 * of the offered rate completed and its median stayed near the unloaded median. Neither a pass nor
 * a failure is trusted on one sample: a failed step is run once more before the rise stops, and the
 * highest passing step is run again before it becomes the capacity.
 */
public final class Calibrator {
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);

    private final HttpClient client = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    /**
     * How steps rise and how long each lasts. When the first rate fails, steps go down by the same
     * factor (to an eighth of the start at most) until one passes: a busy machine's capacity may lie
     * below the start, and running at the asked rate because nothing passed would saturate the run.
     */
    public record StepPlan(double targetRps, double startRps, double factor, Duration stepDuration, int maxSteps) {
        /** The lowest rate a descent tries. */
        public double floorRps() {
            return startRps / 8;
        }

        /** Up to the wanted rate in doublings from a sixteenth of it, two seconds a step. */
        public static StepPlan towards(double targetRps) {
            return new StepPlan(targetRps, Math.max(1, targetRps / 16), 2, Duration.ofSeconds(2), 12);
        }
    }

    /** Whether a step kept up, judged against the unloaded latency. */
    public static final class StepRule {
        /** Achieved over offered at or above this: the step kept up. */
        public static final double MIN_ACHIEVED = 0.95;

        private StepRule() {
        }

        /**
         * Queueing shows as a median that grows without bound; on a shared two-core machine the
         * median also wanders by tens of ms with no queue at all. A step may be three times the
         * unloaded median, or 20 ms above it, whichever is more.
         */
        public static double latencyCeilingMs(double unloadedP50Ms) {
            return Math.max(3 * unloadedP50Ms, unloadedP50Ms + 20);
        }
    }

    /** One step as run. */
    public record Step(double offeredRps, long sent, long completed, double achievedRps, double p50Ms, boolean passed,
                       String why) {
    }

    /**
     * What the step test found.
     *
     * @param entryRps   the highest rate that passed twice (or the wanted rate when it did), NaN when none did
     * @param reachedTarget the wanted rate itself passed twice: nothing to scale
     * @param certainty  in words, for the console and the results: what passed, what failed, what was repeated
     */
    public record Capacity(double entryRps, boolean reachedTarget, double unloadedP50Ms, List<Step> steps,
                           String certainty) {
        public boolean found() {
            return !Double.isNaN(entryRps);
        }
    }

    /**
     * What the first-call probe saw.
     *
     * @param firstFailure the first failed request and why (its URL, the status or error, how long
     *                     it took), or null when none failed
     */
    public record Probe(int called, int failed, String firstFailure) {
    }

    /** Sends one request to every entry point, one at a time. */
    public Probe probe(List<EntryPoint> entries) {
        return probe(entries, (done, total) -> { });
    }

    /** As {@link #probe(List)}, telling {@code done} how many entry points were called so far (0 first). */
    public Probe probe(List<EntryPoint> entries, java.util.function.BiConsumer<Integer, Integer> done) {
        int failed = 0;
        int called = 0;
        String firstFailure = null;
        done.accept(0, entries.size());
        for (EntryPoint entry : entries) {
            Sent sent = send(entry, PhaseKind.PROBE);
            if (sent.failure() != null) {
                failed++;
                if (firstFailure == null) firstFailure = sent.failure();
            }
            done.accept(++called, entries.size());
        }
        return new Probe(called, failed, firstFailure);
    }

    /** One request: its round trip in ms, and why it did not complete ({@link Completion}), or null. */
    private record Sent(double millis, String failure) {
    }

    /**
     * How settling decides that a fresh data plane is steady: its last {@link #ROUNDS} rounds had no
     * errors and their p99s lie within a quarter of the smallest, or 10 ms (the noise of a shared
     * 2-core machine), whichever is more. Three, not two: two rounds of a still-cold plane can agree
     * by chance (p99 869 and 907 ms passed a two-round rule on an ambient plane whose unloaded
     * median was 37 ms).
     */
    public static final class SettleRule {
        public static final int ROUNDS = 3;

        private SettleRule() {
        }

        public static boolean steady(List<Round> rounds) {
            if (rounds.size() < ROUNDS) return false;
            List<Round> last = rounds.subList(rounds.size() - ROUNDS, rounds.size());
            if (last.stream().anyMatch(r -> r.errors() > 0 || Double.isNaN(r.p99Ms()))) return false;
            double min = last.stream().mapToDouble(Round::p99Ms).min().orElseThrow();
            double max = last.stream().mapToDouble(Round::p99Ms).max().orElseThrow();
            return max - min <= Math.max(0.25 * min, 10);
        }

        /** The lowest share of the wanted rate a warm-up backs off to. */
        public static final double FLOOR_SHARE = 1.0 / 16;

        /**
         * The rate of the next round: half the last one after a round with failures (down to a
         * sixteenth of the wanted rate), twice it after a clean one (up to the wanted rate). Cold
         * proxy processes that cannot keep up only pile up abandoned requests at the full rate (259
         * fresh sidecar JVMs on 2 cores reached a load average of 180 and answered none); at a
         * rate they carry they warm up, and only rounds at the wanted rate can be called steady.
         */
        public static double nextRate(double lastRps, double wantedRps, int lastErrors) {
            return lastErrors > 0 ? Math.max(wantedRps * FLOOR_SHARE, lastRps / 2) : Math.min(wantedRps, lastRps * 2);
        }
    }

    /** One settling round: its requests' p99, how many failed, and the entry rate it offered. */
    public record Round(double p99Ms, int errors, double offeredRps) {
    }

    /** What settling did: every round's p99 in order, whether the last rounds were steady ({@link SettleRule}), and how long it took. */
    public record Settling(List<Round> rounds, boolean steady, Duration took) {
        public String p99s() {
            // The first round runs at the rate being settled for; only a backed-off round names its rate.
            double wanted = rounds.isEmpty() ? Double.NaN : rounds.get(0).offeredRps();
            return String.join(" → ", rounds.stream().map(r -> String.format(Locale.ROOT, "%.0f%s%s", r.p99Ms(),
                    r.errors() > 0 ? " (" + r.errors() + " errors)" : "",
                    r.offeredRps() < wanted ? String.format(Locale.ROOT, " at %.2f rps", r.offeredRps()) : "")).toList()) + " ms";
        }
    }

    /** The fractions of the run's entry rate a fresh deployment is ramped through ({@link #ramp}). */
    public static final double[] RAMP_FRACTIONS = {0.1, 0.3, 0.6};
    /** How long each ramp step sends. */
    public static final Duration RAMP_STEP = Duration.ofSeconds(2);

    /**
     * Ramps a fresh deployment up to {@code entryRps} before its warm-up: open-loop warm-up
     * requests at {@link #RAMP_FRACTIONS} of the rate, {@link #RAMP_STEP} each, each step waiting for
     * its answers (bounded by the request timeout). Why: a fresh deployment has empty connection
     * pools, and met at once by the full rate it opens a connection and an mTLS handshake per
     * waiting request; a 259-pod sidecar deployment driven straight at the rate its calibration
     * deployment had carried failed 40% of its warm-up requests (502/503/504, 20-s timeouts) on a
     * busy 2-core machine. Load tests ramp for the same reason. No figure includes these requests.
     */
    public void ramp(List<EntryPoint> entries, double entryRps) {
        if (entries.isEmpty() || !(entryRps > 0)) return;
        for (double f : RAMP_FRACTIONS) {
            if (Thread.currentThread().isInterrupted()) return;
            sendOpenLoop(entries, entryRps * f, RAMP_STEP, PhaseKind.WARMUP);
        }
    }

    /**
     * Brings a fresh data plane to steady state before its warm-up and window: rounds of open-loop
     * warm-up requests at {@code entryRps} (the load it is about to carry, so it opens the
     * connections and compiles the paths that load needs), {@code round} long each, until
     * {@link SettleRule#steady} holds for the rounds at {@code entryRps} or {@code limit} has passed.
     * A request that does not complete counts as an error of its round, and a round with errors
     * halves the next one's rate ({@link SettleRule#nextRate}). Its requests carry the warm-up
     * phase: no figure includes them.
     */
    public Settling settle(List<EntryPoint> entries, double entryRps, Duration round, Duration limit,
                           java.util.function.Consumer<Round> roundDone) {
        long t0 = System.nanoTime();
        long end = t0 + limit.toNanos();
        List<Round> rounds = new ArrayList<>();
        List<Round> atRate = new ArrayList<>();   // the trailing rounds at entryRps: only they can be steady
        double rps = entryRps;
        // An interrupted run (Ctrl-C) ends settling: its rounds would otherwise return at once, each one failed.
        while (System.nanoTime() < end && !Thread.currentThread().isInterrupted()) {
            OpenLoop r = sendOpenLoop(entries, rps, round, PhaseKind.WARMUP);
            int errors = (int) (r.sent() - r.completed());
            Round done = new Round(r.percentileMs(99), errors, rps);
            rounds.add(done);
            roundDone.accept(done);
            if (rps == entryRps) atRate.add(done);
            else atRate.clear();
            if (SettleRule.steady(atRate)) return new Settling(List.copyOf(rounds), true, Duration.ofNanos(System.nanoTime() - t0));
            rps = SettleRule.nextRate(rps, entryRps, errors);
            if (rps != entryRps) atRate.clear();
        }
        return new Settling(List.copyOf(rounds), false, Duration.ofNanos(System.nanoTime() - t0));
    }

    /** Round-trip of one request in ms, or -1 when it did not complete. */
    private double sendOnce(EntryPoint entry, PhaseKind phase) {
        Sent sent = send(entry, phase);
        return sent.failure() == null ? sent.millis() : -1;
    }

    private Sent send(EntryPoint entry, PhaseKind phase) {
        long t0 = System.nanoTime();
        try {
            HttpResponse<Void> response = client.send(request(entry, phase), HttpResponse.BodyHandlers.discarding());
            boolean injected = response.headers().firstValue(InjectedError.HEADER).isPresent();
            double ms = (System.nanoTime() - t0) / 1e6;
            return Completion.completed(response.statusCode(), injected) ? new Sent(ms, null)
                    : new Sent(ms, String.format(Locale.ROOT, "%s answered HTTP %d after %.0f ms", entry.url(),
                    response.statusCode(), ms));
        } catch (Exception e) {
            if (e instanceof InterruptedException) Thread.currentThread().interrupt();
            double ms = (System.nanoTime() - t0) / 1e6;
            String why = e instanceof java.net.http.HttpTimeoutException
                    ? "no answer within the " + REQUEST_TIMEOUT.toSeconds() + " s request timeout"
                    : e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
            return new Sent(ms, String.format(Locale.ROOT, "%s failed after %.0f ms: %s", entry.url(), ms, why));
        }
    }

    /** The median of sequential requests on an otherwise idle deployment: what "unloaded" means. */
    public double unloadedP50Ms(List<EntryPoint> entries, int requests) {
        Histogram h = new Histogram(3);
        for (int i = 0; i < requests; i++) {
            double ms = sendOnce(entries.get(i % entries.size()), PhaseKind.CALIBRATE);
            if (ms >= 0) h.recordValue(Math.max(1, Math.round(ms * 1000)));
        }
        return h.getTotalCount() == 0 ? Double.NaN : h.getValueAtPercentile(50) / 1000.0;
    }

    /**
     * Rises from {@code plan.startRps()} by {@code plan.factor()} until a step fails or the wanted
     * rate passes; then repeats the best passing step (and, after a failed repeat, the ones below
     * it) until one passes twice. Bounded by {@code plan.maxSteps()} steps in all.
     */
    public Capacity stepTest(List<EntryPoint> entries, StepPlan plan) {
        return stepTest(entries, plan, step -> { });
    }

    /** As {@link #stepTest(List, StepPlan)}, telling {@code stepDone} of each step as it ends. */
    public Capacity stepTest(List<EntryPoint> entries, StepPlan plan, java.util.function.Consumer<Step> stepDone) {
        double unloaded = unloadedP50Ms(entries, 20);
        List<Step> steps = new ArrayList<>();
        if (Double.isNaN(unloaded)) {
            return new Capacity(Double.NaN, false, unloaded, steps, "no request completed on the idle deployment");
        }
        double ceiling = StepRule.latencyCeilingMs(unloaded);
        double rate = Math.min(plan.startRps(), plan.targetRps());
        double best = Double.NaN;
        double failedAt = Double.POSITIVE_INFINITY;   // the lowest rate that failed twice, once descending
        boolean retried = false;
        while (steps.size() < plan.maxSteps()) {
            Step s = runStep(entries, rate, plan.stepDuration(), ceiling);
            steps.add(s);
            stepDone.accept(s);
            if (!s.passed()) {
                // One failure on a busy machine is not yet a limit: the same step once more decides.
                if (!retried) {
                    retried = true;
                    continue;
                }
                if (!Double.isNaN(best) || rate / plan.factor() < plan.floorRps() * 0.999) break;
                failedAt = rate;
                rate = rate / plan.factor();   // nothing passed yet: the capacity lies lower
                retried = false;
                continue;
            }
            retried = false;
            best = rate;
            if (rate >= plan.targetRps() || rate * plan.factor() >= failedAt * 0.999) break;
            rate = Math.min(plan.targetRps(), rate * plan.factor());
        }
        // Confirm: the best passing step again; when the repeat fails, the next lower step.
        while (!Double.isNaN(best) && steps.size() < plan.maxSteps()) {
            Step again = runStep(entries, best, plan.stepDuration(), ceiling);
            steps.add(again);
            stepDone.accept(again);
            if (again.passed()) {
                boolean reached = best >= plan.targetRps();
                return new Capacity(best, reached, unloaded, steps, describe(best, steps, true, reached));
            }
            double lower = best / plan.factor();
            best = lower < plan.floorRps() * 0.999 ? Double.NaN : lower;
        }
        return new Capacity(Double.NaN, false, unloaded, steps, describe(Double.NaN, steps, false, false));
    }

    /** How sure the estimate is, in words: what passed twice, what failed and why, how many steps. */
    private static String describe(double rate, List<Step> steps, boolean confirmed, boolean reached) {
        StringBuilder sb = new StringBuilder();
        if (!confirmed) {
            sb.append("not reliable: no step passed twice");
        } else if (reached) {
            sb.append(String.format(Locale.ROOT, "sure: the asked %.1f entry rps passed twice", rate));
        } else {
            sb.append(String.format(Locale.ROOT, "%.1f entry rps passed twice", rate));
        }
        List<Step> failed = steps.stream().filter(s -> !s.passed()).toList();
        if (!failed.isEmpty()) {
            Step worst = failed.get(failed.size() - 1);
            sb.append(String.format(Locale.ROOT, "; %d of %d steps failed, last at %.1f rps (%s)", failed.size(),
                    steps.size(), worst.offeredRps(), worst.why()));
            // The highest confirmed rate and the lowest failed rate above it bracket the capacity.
            double above = failed.stream().mapToDouble(Step::offeredRps).filter(r -> r > rate).min().orElse(Double.NaN);
            if (confirmed && !reached && !Double.isNaN(above)) {
                sb.append(String.format(Locale.ROOT, "; the capacity lies between %.1f and %.1f entry rps", rate, above));
            }
        } else {
            sb.append(String.format(Locale.ROOT, "; %d steps, none failed", steps.size()));
        }
        return sb.toString();
    }

    /** One open-loop step: requests leave on a fixed timetable whatever the answers do. */
    private Step runStep(List<EntryPoint> entries, double rate, Duration duration, double latencyCeilingMs) {
        OpenLoop r = sendOpenLoop(entries, rate, duration, PhaseKind.CALIBRATE);
        double offered = r.sent() / (duration.toNanos() / 1e9);
        double active = Math.max(duration.toNanos(), r.lastDoneNanos() - r.startNanos()) / 1e9;
        double achieved = r.completed() / active;
        double p50 = r.percentileMs(50);
        boolean keptUp = offered > 0 && achieved / offered >= StepRule.MIN_ACHIEVED;
        boolean fast = !Double.isNaN(p50) && p50 <= latencyCeilingMs;
        String why = !keptUp ? String.format(Locale.ROOT, "achieved %.2f of offered", offered > 0 ? achieved / offered : 0)
                : !fast ? String.format(Locale.ROOT, "median %.1f ms above %.1f ms", p50, latencyCeilingMs) : "kept up";
        return new Step(rate, r.sent(), r.completed(), achieved, p50, keptUp && fast, why);
    }

    /** What an open-loop burst got back: requests sent and completed, their latencies (µs), when the last answered. */
    private record OpenLoop(long sent, long completed, Histogram latencyMicros, long startNanos, long lastDoneNanos) {
        double percentileMs(double p) {
            return latencyMicros.getTotalCount() == 0 ? Double.NaN : latencyMicros.getValueAtPercentile(p) / 1000.0;
        }
    }

    /** Sends {@code rate} requests a second for {@code duration} on a fixed timetable, then waits for the answers. */
    private OpenLoop sendOpenLoop(List<EntryPoint> entries, double rate, Duration duration, PhaseKind phase) {
        long count = Math.max(1, Math.round(rate * duration.toNanos() / 1e9));
        AtomicLong completed = new AtomicLong();
        AtomicLong lastDone = new AtomicLong();
        Histogram latencyMicros = new Histogram(3);
        List<CompletableFuture<?>> inFlight = new ArrayList<>();
        long start = System.nanoTime();
        for (long k = 0; k < count; k++) {
            long due = start + (long) (k * 1e9 / rate);
            long wait = due - System.nanoTime();
            if (wait > 0) {
                try {
                    TimeUnit.NANOSECONDS.sleep(wait);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
            long sentAt = System.nanoTime();
            EntryPoint entry = entries.get((int) (k % entries.size()));
            inFlight.add(client.sendAsync(request(entry, phase), HttpResponse.BodyHandlers.discarding())
                    .handle((response, error) -> {
                        long now = System.nanoTime();
                        boolean ok = error == null && Completion.completed(response.statusCode(),
                                response.headers().firstValue(InjectedError.HEADER).isPresent());
                        if (ok) {
                            completed.incrementAndGet();
                            lastDone.accumulateAndGet(now, Math::max);
                            synchronized (latencyMicros) {
                                latencyMicros.recordValue(Math.max(1, (now - sentAt) / 1_000));
                            }
                        }
                        return null;
                    }));
        }
        try {
            CompletableFuture.allOf(inFlight.toArray(new CompletableFuture<?>[0]))
                    .get(REQUEST_TIMEOUT.toMillis() + 1_000, TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            if (e instanceof InterruptedException) Thread.currentThread().interrupt();
            // what did not answer in time counts as not completed
        }
        synchronized (latencyMicros) {
            return new OpenLoop(inFlight.size(), completed.get(), latencyMicros.copy(), start, lastDone.get());
        }
    }

    private static HttpRequest request(EntryPoint entry, PhaseKind phase) {
        return HttpRequest.newBuilder(URI.create(entry.url().toString()))
                .timeout(REQUEST_TIMEOUT)
                .header(Phase.HEADER, phase.id())
                .GET()
                .build();
    }
}
