package io.meshbench.load.injector;

import io.gatling.javaapi.core.Simulation;
import io.meshbench.core.InjectorOrder;
import io.meshbench.load.EntryRequest;
import io.meshbench.load.PhaseCounters;

import java.util.concurrent.atomic.AtomicLong;

import static io.gatling.javaapi.core.CoreDsl.constantUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.http;

/**
 * One injector pod's share of a phase: the same open-model request as the harness's own
 * simulation sends (round-robin over the entry points, the phase header, 200 or an injected 500
 * counts as completed), at this pod's rate, counted into {@link PhaseCounters}. Gatling creates
 * simulations by class name, so {@link InjectorMain} hands the order and the counters over through
 * {@link #prepare} before it starts Gatling.
 */
public class InjectorSimulation extends Simulation {
    private static volatile InjectorOrder order;
    private static volatile PhaseCounters counters;

    static void prepare(InjectorOrder nextOrder, PhaseCounters nextCounters) {
        order = nextOrder;
        counters = nextCounters;
    }

    {
        InjectorOrder o = order;
        PhaseCounters c = counters;
        if (o == null || c == null) throw new IllegalStateException("InjectorSimulation runs only from InjectorMain");
        String[] names = o.requestNames().toArray(String[]::new);
        String[] urls = o.urls().stream().map(Object::toString).toArray(String[]::new);
        AtomicLong next = new AtomicLong();
        setUp(scenario("injector")
                .exec(s -> {
                    c.recordSent();
                    return s.set("entry", (int) (next.getAndIncrement() % urls.length));
                })
                .exec(EntryRequest.send(s -> names[s.getInt("entry")], s -> urls[s.getInt("entry")], o.phase(), c))
                .injectOpen(constantUsersPerSec(o.ratePerInjector()).during(o.duration())))
                .protocols(http.disableWarmUp().disableCaching().disableFollowRedirect()
                        .acceptHeader("*/*").userAgentHeader("meshbench-injector"));
    }
}
