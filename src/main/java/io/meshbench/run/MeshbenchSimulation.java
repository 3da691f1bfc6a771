package io.meshbench.run;

import io.gatling.javaapi.core.PopulationBuilder;
import io.gatling.javaapi.core.Session;
import io.gatling.javaapi.core.Simulation;
import io.gatling.javaapi.http.HttpProtocolBuilder;
import io.meshbench.load.EntryRequest;
import io.meshbench.load.ConnectionReuse;
import io.meshbench.load.LoadPhase;
import io.meshbench.load.PhaseCounters;
import io.meshbench.load.PhaseKind;
import io.meshbench.load.Slot;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import static io.gatling.javaapi.core.CoreDsl.atOnceUsers;
import static io.gatling.javaapi.core.CoreDsl.constantUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.pause;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.http;

/**
 * The Gatling entry point of {@code mvn gatling:test}. Deliberately thin: {@link RunLauncher} has
 * validated the input, warmed the harness and decided the rate before this constructor returns;
 * this class turns the schedule into open-model injections and hands each response back.
 *
 * <p>Each phase is one population, chained with {@code andThen}, so a phase starts only when every
 * user of the previous one has finished; its first user tells the session the phase began. A
 * slot's deploy phase is one user that waits (polling, bounded in time) while the session tears the
 * previous slot down and deploys, idles and probes this one. Traffic phases look their slot's
 * entry URLs up when they run: each slot is a fresh deployment, which may have new addresses.
 * Where the target injects entry traffic itself ({@link RunSession#injectsInTarget()}), a traffic
 * phase is one waiting user, like a deploy phase.
 */
public class MeshbenchSimulation extends Simulation {
    static {
        GatlingOutput.install();   // before Gatling's console first prints: see GatlingOutput
    }

    private static final Duration POLL = Duration.ofMillis(200);
    private final RunSession session = RunLauncher.startOrExit();

    {
        HttpProtocolBuilder protocol = http
                .disableWarmUp()            // its default warm-up calls an outside host
                .disableCaching()
                .disableFollowRedirect()
                .acceptHeader("*/*")
                .userAgentHeader("meshbench");
        if (session.scenario().connections() == ConnectionReuse.SHARED) {
            protocol = protocol.shareConnections();
        }
        setUp(chain(session.schedule(), 0)).protocols(protocol);
    }

    private PopulationBuilder chain(List<LoadPhase> phases, int index) {
        if (index == phases.size()) {
            return scenario("end of load")
                    .exec(s -> mark(s, index))
                    .injectOpen(atOnceUsers(1));
        }
        return population(phases.get(index), index).andThen(chain(phases, index + 1));
    }

    private PopulationBuilder population(LoadPhase phase, int index) {
        Slot slot = phase.slot();
        if (phase.kind() == PhaseKind.DEPLOY) {
            // One user that only waits, bounded by the deploy budget: no traffic while the slot comes up.
            return scenario("deploy " + slot.label())
                    .exec(s -> mark(s, index))
                    .asLongAsDuring(s -> !session.slotSettled(slot), phase.duration())
                    .on(pause(POLL))
                    .injectOpen(atOnceUsers(1));
        }
        if (session.injectsInTarget()) {
            // The target's injectors send this phase (Kubernetes: a Job inside the cluster); one user
            // marks its start and waits, bounded, while the collector thread runs and collects them.
            return scenario(phase.kind().id() + " " + slot.label())
                    .exec(s -> mark(s, index))
                    .asLongAsDuring(s -> !session.phaseInjected(phase), phase.duration().plus(RunSession.INJECTION_MARGIN))
                    .on(pause(POLL))
                    .injectOpen(atOnceUsers(1));
        }
        PhaseCounters counters = session.countersOf(phase);
        SecondCounts seconds = session.secondsOf(phase);   // disruption scenarios only
        AtomicLong next = new AtomicLong();
        return scenario(phase.kind().id() + " " + slot.label())
                .exec(s -> mark(s, index))
                .doIf(s -> session.entries(slot) != null).then(exec(s -> {
                    counters.recordSent();
                    return s.set("entry", (int) (next.getAndIncrement() % phase.entryCount()));
                }).exec(EntryRequest.send(s -> phase.requestName(session.entries(slot).services()[s.getInt("entry")]),
                        s -> session.entries(slot).urls()[s.getInt("entry")], phase.kind().id(), counters,
                        (s, status, injected, rt) -> {
                            if (status == 0 && counters.unanswered() == 1) session.unanswered(phase);
                            if (seconds != null) {
                                SlotDeployment.EntryTable entries = session.entries(slot);
                                seconds.record(entries == null ? "?" : entries.services()[s.getInt("entry")], status,
                                        injected, rt);
                            }
                        })))
                .injectOpen(constantUsersPerSec(phase.offeredRps()).during(phase.duration()));
    }

    /** Gatling's report is written after this returns; the exit hook links it and applies the gate's verdict. */
    @Override
    public void after() {
        RunOutcome outcome = session.finish();
        if (outcome != null) GatlingOutput.divertTo(outcome.runDir().resolve(GatlingOutput.LOG_FILE));
        GatlingExit.register(outcome);
    }

    private Session mark(Session s, int phaseIndex) {
        session.phaseStarting(phaseIndex);
        return s;
    }
}
