package io.meshbench.run;

import io.gatling.javaapi.core.PopulationBuilder;
import io.gatling.javaapi.core.Session;
import io.gatling.javaapi.core.Simulation;
import io.gatling.javaapi.http.HttpProtocolBuilder;
import io.meshbench.core.EntryPoint;
import io.meshbench.load.ConnectionReuse;
import io.meshbench.load.LoadPhase;
import io.meshbench.load.PhaseCounters;
import io.meshbench.load.PhaseKind;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import static io.gatling.javaapi.core.CoreDsl.atOnceUsers;
import static io.gatling.javaapi.core.CoreDsl.constantUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.responseTimeInMillis;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.header;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

/**
 * The Gatling entry point of {@code mvn gatling:test}. Deliberately thin: {@link RunSession} has
 * validated the input, deployed every mode and calibrated before this constructor returns; this
 * class turns the schedule into open-model injections and hands each response back.
 *
 * <p>Each phase is one population at the phase's total entry rate, cycling over the entry points;
 * phases are chained with {@code andThen}, so a phase starts only when every user of the previous
 * one has finished, and its first user tells the session where the window begins.
 */
public class MeshbenchSimulation extends Simulation {
    static {
        GatlingOutput.install();   // before Gatling's console first prints: see GatlingOutput
    }

    private final RunSession session = RunSession.prepareOrExit();

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
        if (phase.kind() == PhaseKind.IDLE) {
            // One user that only waits: no traffic while the session samples idle memory and CPU.
            return scenario("idle r" + phase.repetition())
                    .exec(s -> mark(s, index))
                    .pause(phase.duration())
                    .injectOpen(atOnceUsers(1));
        }
        List<EntryPoint> entries = phase.entries();
        // Names, URLs and counters are fixed per phase: work it out once, not on every request.
        String[] names = entries.stream().map(phase::requestName).toArray(String[]::new);
        String[] urls = entries.stream().map(e -> e.url().toString()).toArray(String[]::new);
        PhaseCounters counters = session.countersOf(phase);
        AtomicLong next = new AtomicLong();
        return scenario(phase.kind().id() + " " + phase.mode().id() + " r" + phase.repetition())
                .exec(s -> {
                    counters.recordSent();
                    return mark(s, index).set("entry", (int) (next.getAndIncrement() % entries.size()));
                })
                .exec(http(s -> names[s.getInt("entry")])
                        .get(s -> urls[s.getInt("entry")])
                        .header(PhaseKind.HEADER, phase.kind().id())
                        .check(status().saveAs("status"),
                                responseTimeInMillis().saveAs("rt"),
                                header("x-meshbench-injected-error").optional().saveAs("injected"),
                                status().in(200, 500)))
                .exec(s -> {
                    int status = s.contains("status") ? s.getInt("status") : 0;
                    long rt = s.contains("rt") ? s.getLong("rt") : -1;
                    counters.record(status, s.contains("injected"), rt);
                    return s;
                })
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
