package io.meshbench.workload;

import io.meshbench.topology.Step;
import io.netty.util.concurrent.EventExecutor;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * Runs a service's script for one request without blocking any thread: sleeps are timers on the
 * request's event loop, calls are asynchronous, a concurrent group continues when its slowest
 * step ends. The script stops at the first failed call; the result says whether every call succeeded.
 */
final class ScriptRunner {

    /** Issues one downstream call and completes with whether it succeeded (2xx). */
    @FunctionalInterface
    interface Caller {
        CompletableFuture<Boolean> call(Step.Call call, String phase);
    }

    private final Caller caller;

    ScriptRunner(Caller caller) {
        this.caller = caller;
    }

    CompletableFuture<Boolean> run(List<Step> script, EventExecutor loop, String phase) {
        return runFrom(script, 0, loop, phase);
    }

    private CompletableFuture<Boolean> runFrom(List<Step> steps, int index, EventExecutor loop, String phase) {
        if (index >= steps.size()) return CompletableFuture.completedFuture(true);
        return runStep(steps.get(index), loop, phase)
                .thenCompose(ok -> ok ? runFrom(steps, index + 1, loop, phase) : CompletableFuture.completedFuture(false));
    }

    private CompletableFuture<Boolean> runStep(Step step, EventExecutor loop, String phase) {
        if (step instanceof Step.Sleep sleep) {
            CompletableFuture<Boolean> done = new CompletableFuture<>();
            long nanos = sleep.duration().toNanos();
            if (nanos == 0) return CompletableFuture.completedFuture(true);
            loop.schedule(() -> done.complete(true), nanos, TimeUnit.NANOSECONDS);
            return done;
        }
        if (step instanceof Step.Call call) {
            // isotope's probability: this share of requests makes the call, the others skip it.
            if (call.probabilityPercent() < 100
                    && ThreadLocalRandom.current().nextInt(100) >= call.probabilityPercent()) {
                return CompletableFuture.completedFuture(true);
            }
            return caller.call(call, phase);
        }
        Step.Concurrent group = (Step.Concurrent) step;
        List<CompletableFuture<Boolean>> all = group.steps().stream().map(s -> runStep(s, loop, phase)).toList();
        return CompletableFuture.allOf(all.toArray(CompletableFuture[]::new))
                .thenApply(v -> all.stream().allMatch(CompletableFuture::join));
    }
}
