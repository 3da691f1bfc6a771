package io.meshbench.report;

import com.fasterxml.jackson.databind.JsonNode;
import io.meshbench.analysis.AnalysedRun;
import io.meshbench.analysis.Analysis;
import io.meshbench.analysis.AnalysisOptions;
import io.meshbench.analysis.RunDisruption;
import io.meshbench.analysis.GateResult;
import io.meshbench.metrics.ModeMeasurement;
import io.meshbench.metrics.RunRecord;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A run's folder: writes results.json, the HdrHistogram logs and report.html from a RunRecord, and
 * reads the record back from those files, so a report can be re-rendered (or a run used as a gate
 * baseline) with exactly the same numbers.
 *
 * <pre>
 *   AnalysedRun run = RunStore.write(runDir, record);   // what the orchestrator calls after the last mode
 *   RunRecord again = RunStore.read(runDir);            // same record, from the stored files
 * </pre>
 */
public final class RunStore {

    private RunStore() {
    }

    /** Analyses the record with default options and writes every file of the run; returns the analysis. */
    public static AnalysedRun write(Path runDir, RunRecord record) {
        return write(runDir, record, AnalysisOptions.defaults());
    }

    public static AnalysedRun write(Path runDir, RunRecord record, AnalysisOptions options) {
        return write(runDir, record, options, null);
    }

    /** As {@link #write(Path, RunRecord, AnalysisOptions)}, with a disruption scenario's figures (null: none). */
    public static AnalysedRun write(Path runDir, RunRecord record, AnalysisOptions options, RunDisruption disruption) {
        AnalysedRun run = Analysis.analyse(record, options).withDisruption(disruption);
        try {
            Files.createDirectories(runDir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + runDir, e);
        }
        Map<String, List<ModeMeasurement>> byMode = new LinkedHashMap<>();
        for (ModeMeasurement m : record.modes()) byMode.computeIfAbsent(m.mode().id(), k -> new ArrayList<>()).add(m);
        byMode.forEach((mode, reps) -> HlogFiles.write(runDir, mode, reps));
        writeOutputs(runDir, run, null);
        RunIndex.tryWrite(runDir.toAbsolutePath().getParent());
        return run;
    }

    /** (Re)writes results.json and report.html of an analysed run, with the gate's outcome when given. */
    public static void writeOutputs(Path runDir, AnalysedRun run, GateResult gate) {
        ResultsJson.write(runDir, run, gate);
        HtmlReport.write(runDir, run, gate);
    }

    /** The RunRecord as stored in {@code runDir} (results.json + .hlog files). */
    public static RunRecord read(Path runDir) {
        return ResultsJson.readRecord(runDir);
    }

    /** Reads a stored run and analyses it again with the options it was analysed with. */
    public static AnalysedRun reanalyse(Path runDir) {
        RunRecord record = read(runDir);
        return Analysis.analyse(record, storedOptions(runDir)).withDisruption(storedDisruption(runDir));
    }

    /** Re-renders report.html (with the stored gate outcome, if any) and results/index.html from the stored files. */
    public static AnalysedRun render(Path runDir) {
        AnalysedRun run = reanalyse(runDir);
        HtmlReport.write(runDir, run, ResultsJson.readGate(runDir));
        RunIndex.tryWrite(runDir.toAbsolutePath().getParent());
        return run;
    }

    /**
     * The options a stored run was analysed with. Read field by field over the defaults, so runs
     * stored by earlier versions (which had other knobs) stay readable: unknown fields are ignored,
     * missing ones take the default.
     */
    static AnalysisOptions storedOptions(Path runDir) {
        JsonNode a = ResultsJson.readTree(runDir.resolve(ResultsJson.FILE)).path("analysis");
        AnalysisOptions d = AnalysisOptions.defaults();
        if (!a.isObject()) return d;
        try {
            return new AnalysisOptions(a.path("nodeMemoryBytes").asLong(d.nodeMemoryBytes()),
                    a.path("permutationSamples").asInt(d.permutationSamples()), a.path("seed").asLong(d.seed()),
                    a.path("alpha").asDouble(d.alpha()), a.path("minAchievedRatio").asDouble(d.minAchievedRatio()),
                    a.path("maxErrorRatio").asDouble(d.maxErrorRatio()),
                    a.path("assumedWorkloadMemoryBytes").asLong(d.assumedWorkloadMemoryBytes()));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(runDir.resolve(ResultsJson.FILE) + ": field 'analysis' is unreadable ("
                    + e.getMessage() + ")", e);
        }
    }

    /** The disruption figures a stored run's results.json holds, or null. */
    static RunDisruption storedDisruption(Path runDir) {
        return DisruptionJson.read(ResultsJson.readTree(runDir.resolve(ResultsJson.FILE)));
    }

    /** A run folder, or the folder of a results.json path. */
    public static Path runDirOf(Path path) {
        if (Files.isRegularFile(path) && path.getFileName().toString().endsWith(".json")) return path.toAbsolutePath().getParent();
        if (Files.isDirectory(path)) {
            if (!Files.isRegularFile(path.resolve(ResultsJson.FILE))) {
                throw new IllegalArgumentException(path + ": no " + ResultsJson.FILE + " in this folder (give a run folder such as results/<run-id>)");
            }
            return path;
        }
        throw new IllegalArgumentException(path + ": no such run folder or results.json");
    }
}
