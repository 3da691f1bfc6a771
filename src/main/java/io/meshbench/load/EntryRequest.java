package io.meshbench.load;

import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.Session;
import io.meshbench.workload.InjectedError;
import io.meshbench.workload.Phase;

import java.util.function.Function;

import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.responseTimeInMillis;
import static io.gatling.javaapi.http.HttpDsl.header;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

/**
 * The one request an entry point gets, whoever sends it (the harness's simulation or an injector
 * pod): a GET carrying the phase header, its status, response time and injected-error mark counted
 * into the phase's {@link PhaseCounters} by the one rule of {@link Completion}.
 */
public final class EntryRequest {
    private EntryRequest() {
    }

    /** Sees each entry response after it was counted (a disruption window's per-second data). */
    @FunctionalInterface
    public interface ResponseObserver {
        void observed(Session session, int status, boolean injected, long responseMs);
    }

    public static ChainBuilder send(Function<Session, String> requestName, Function<Session, String> url,
                                    String phase, PhaseCounters counters) {
        return send(requestName, url, phase, counters, null);
    }

    public static ChainBuilder send(Function<Session, String> requestName, Function<Session, String> url,
                                    String phase, PhaseCounters counters, ResponseObserver observer) {
        return exec(http(requestName).get(url)
                .header(Phase.HEADER, phase)
                .check(status().saveAs("status"),
                        responseTimeInMillis().saveAs("rt"),
                        header(InjectedError.HEADER).optional().saveAs("injected"),
                        status().in(200, 500)))
                .exec(s -> {
                    int status = s.contains("status") ? s.getInt("status") : 0;
                    long rt = s.contains("rt") ? s.getLong("rt") : -1;
                    counters.record(status, s.contains("injected"), rt);
                    if (observer != null) observer.observed(s, status, s.contains("injected"), rt);
                    return s;
                });
    }
}
