package io.meshbench.load.injector;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One Gatling HTML report for the in-cluster injectors of a run: their {@code simulation.log}
 * files (every pod of every phase) merged into one ({@link GatlingLogMerge}) in
 * {@code <resultsFolder>/}{@value #FOLDER}{@code /}, then Gatling's reports-only mode over it, so the
 * report is Gatling's own, as a local injector's is.
 */
public final class InjectorGatlingReport {
    /** The report's folder under Gatling's results folder (the run's {@code gatling/}). */
    public static final String FOLDER = "injectors";

    private InjectorGatlingReport() {
    }

    /** What was written: the folder holding index.html and the number of requests in it. */
    public record Written(Path folder, long requests) {
    }

    /**
     * @param logs          each injector pod's simulation.log, as it carried it ({@code InjectorGatlingLog})
     * @param resultsFolder Gatling's results folder
     */
    public static Written write(List<byte[]> logs, Path resultsFolder) throws IOException {
        if (logs.isEmpty()) throw new IllegalArgumentException("no injector simulation.log to report on");
        Path folder = resultsFolder.resolve(FOLDER);
        Path parts = Files.createDirectories(folder.resolve("pods"));
        List<Path> files = new ArrayList<>();
        for (int i = 0; i < logs.size(); i++) {
            files.add(Files.write(parts.resolve(String.format(java.util.Locale.ROOT, "pod-%03d.log", i)), logs.get(i)));
        }
        long requests = GatlingLogMerge.merge(files, folder.resolve("simulation.log"));
        int status = io.gatling.app.Gatling$.MODULE$.fromArgs(new String[]{"-ro", FOLDER, "-rf", resultsFolder.toString()});
        if (!Files.isRegularFile(folder.resolve("index.html"))) {
            throw new IOException("Gatling's reports-only mode (status " + status + ") wrote no index.html in " + folder);
        }
        return new Written(folder, requests);
    }
}
