package io.meshbench.load.injector;

import io.meshbench.core.InjectorOrder;
import io.meshbench.load.PhaseCounters;
import io.meshbench.metrics.InjectorGatlingLog;
import io.meshbench.metrics.InjectorResult;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The injector container's entry point: reads its {@link InjectorOrder} from the environment,
 * waits for the shared start time, runs its share of the phase with Gatling (no HTML report: the
 * harness merges every pod's counts and histograms), prints one {@link InjectorResult} line on
 * stdout for the harness to read through the API server, then Gatling's own {@code simulation.log}
 * as {@link InjectorGatlingLog} lines (the container's files are gone once it exits; its log is
 * not), and in sidecar mode asks the Istio sidecar to exit so the Job's pod can complete.
 */
public final class InjectorMain {
    /** Istio's pilot-agent: a POST here stops the sidecar (the documented way for Jobs). */
    static final URI QUIT_SIDECAR = URI.create("http://127.0.0.1:15020/quitquitquit");
    /** The file Gatling writes in its run folder under {@code -rf}. */
    static final String SIMULATION_LOG = "simulation.log";

    private InjectorMain() {
    }

    public static void main(String[] args) throws Exception {
        InjectorOrder order;
        try {
            order = InjectorOrder.fromEnv(System.getenv());
        } catch (IllegalArgumentException e) {
            System.err.println("meshbench injector: " + e.getMessage());
            System.exit(2);
            return;
        }
        int status = run(order, Files.createTempDirectory("gatling"), System.out);
        if (order.quitSidecar()) quitSidecar();
        System.exit(status);
    }

    /** Runs the order and prints the result line to {@code out}; returns Gatling's status. */
    static int run(InjectorOrder order, Path resultsFolder, PrintStream out) throws InterruptedException {
        long wait = order.startAtEpochMillis() - System.currentTimeMillis();
        String index = System.getenv().getOrDefault("JOB_COMPLETION_INDEX", "0");
        if (wait > 0) Thread.sleep(wait);
        else if (order.startAtEpochMillis() > 0) {
            out.println("meshbench injector " + index + ": started " + (-wait) + " ms after the shared start");
        }
        PhaseCounters counters = new PhaseCounters(order.ratePerInjector(), order.duration());
        long epochMicrosAtNanoZero = System.currentTimeMillis() * 1000 - System.nanoTime() / 1000;
        InjectorSimulation.prepare(order, counters);
        int status = io.gatling.app.Gatling$.MODULE$.fromArgs(new String[]{
                "-s", InjectorSimulation.class.getName(), "-rf", resultsFolder.toString(), "-nr"});
        out.println(counters.toResult(epochMicrosAtNanoZero).toLogLine());
        out.flush();
        printGatlingLog(resultsFolder, out);
        return status;
    }

    /** Prints the run's simulation.log as {@link InjectorGatlingLog} lines; a run without one says so on stderr. */
    private static void printGatlingLog(Path resultsFolder, PrintStream out) {
        try (Stream<Path> files = Files.find(resultsFolder, 2, (p, a) -> a.isRegularFile()
                && p.getFileName().toString().equals(SIMULATION_LOG))) {
            Optional<Path> log = files.findFirst();
            if (log.isEmpty()) {
                System.err.println("meshbench injector: Gatling wrote no " + SIMULATION_LOG + " under " + resultsFolder);
                return;
            }
            for (String line : InjectorGatlingLog.toLogLines(Files.readAllBytes(log.get()))) out.println(line);
            out.flush();
        } catch (IOException e) {
            System.err.println("meshbench injector: could not read Gatling's " + SIMULATION_LOG + " (" + e.getMessage() + ")");
        }
    }

    private static void quitSidecar() {
        try {
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build()
                    .send(HttpRequest.newBuilder(QUIT_SIDECAR).timeout(Duration.ofSeconds(5))
                            .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.discarding());
        } catch (IOException e) {
            System.err.println("meshbench injector: could not stop the sidecar (" + e.getMessage() + "); the Job waits for it");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
