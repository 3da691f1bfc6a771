package io.meshbench.report;

import io.meshbench.analysis.AnalysedRun;
import io.meshbench.analysis.Gate;
import io.meshbench.analysis.GateResult;
import io.meshbench.analysis.Thresholds;
import io.meshbench.core.Target;
import io.meshbench.metrics.RunRecord;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The nightly gate as the orchestrator uses it, in two steps:
 * <pre>
 *   // before any load runs — bad thresholds or an incompatible baseline fail here
 *   NightlyGate gate = NightlyGate.prepare(System.getProperty("baseline"), System.getProperty("fail.on"),
 *                                          record.topology(), record.target());
 *   ...
 *   AnalysedRun run = RunStore.write(runDir, record);
 *   GateResult result = gate.apply(runDir, run);   // junit-gate.xml, gate in results.json + report.html
 *   if (!result.passed()) fail the build with result.table()   // rows without a verdict: result.warnings()
 * </pre>
 */
public final class NightlyGate {

    public static final String JUNIT_FILE = "junit-gate.xml";
    /** Used when a baseline is given without thresholds. */
    public static final String DEFAULT_THRESHOLDS = "latency_us.p99:+10%,memory_per_pod_bytes:+15%";
    /** Topology fields that must match between a run and its baseline. */
    static final List<String> TOPOLOGY_FIELDS = List.of("name", "services", "edges", "entrypoints");

    private final AnalysedRun baseline;
    private final Thresholds thresholds;
    private final boolean strict;

    private NightlyGate(AnalysedRun baseline, Thresholds thresholds, boolean strict) {
        this.baseline = baseline;
        this.thresholds = thresholds;
        this.strict = strict;
    }

    public static NightlyGate prepare(String baselinePath, String failOn, Map<String, Object> currentTopology,
                                      Target currentTarget) {
        return prepare(baselinePath, failOn, currentTopology, currentTarget, false);
    }

    /**
     * Parses the thresholds and loads the baseline (a run folder or its results.json), checking it is
     * comparable with the run about to start. Errors name the field and both values. {@code strict} (-Dgate.strict=true) makes rows without a verdict (too few
     * repetitions) fail instead of warn.
     */
    public static NightlyGate prepare(String baselinePath, String failOn, Map<String, Object> currentTopology,
                                      Target currentTarget, boolean strict) {
        return prepare(baselinePath, failOn, currentTopology, currentTarget, null, strict);
    }

    /**
     * As {@link #prepare(String, String, Map, Target, boolean)}, also refusing a local baseline whose
     * data-plane layout ({@code -Dlocal.dataplane}) is not {@code currentLocalDataPlane} (null: not checked).
     */
    public static NightlyGate prepare(String baselinePath, String failOn, Map<String, Object> currentTopology,
                                      Target currentTarget, String currentLocalDataPlane, boolean strict) {
        Thresholds thresholds = Thresholds.parse(failOn == null || failOn.isBlank() ? DEFAULT_THRESHOLDS : failOn);
        if (baselinePath == null || baselinePath.isBlank()) {
            throw new IllegalArgumentException("baseline: no path given (use -Dbaseline=results/<run-id> or a results.json)");
        }
        Path dir = RunStore.runDirOf(Path.of(baselinePath));
        RunRecord stored = RunStore.read(dir); // checks the schema field first
        requireCompatible(stored, currentTopology, currentTarget, dir);
        requireSameLayout(stored, currentLocalDataPlane, dir);
        return new NightlyGate(io.meshbench.analysis.Analysis.analyse(stored, RunStore.storedOptions(dir))
                .withDisruption(RunStore.storedDisruption(dir)), thresholds, strict);
    }

    /** Throws when the baseline ran on another target or another topology. */
    public static void requireCompatible(RunRecord baseline, Map<String, Object> currentTopology, Target currentTarget,
                                         Path where) {
        String file = where.resolve(ResultsJson.FILE).toString();
        if (currentTarget != null && currentTarget != baseline.target()) {
            throw new IllegalArgumentException(file + ": field 'target' is '" + baseline.target().id() + "' but this run's target is '"
                    + currentTarget.id() + "'; compare runs of the same target (or pick another baseline)");
        }
        if (currentTopology == null) return;
        for (String field : TOPOLOGY_FIELDS) {
            if (!currentTopology.containsKey(field)) continue;
            Object want = currentTopology.get(field);
            Object had = baseline.topology().get(field);
            if (!Objects.equals(String.valueOf(want), String.valueOf(had))) {
                throw new IllegalArgumentException(file + ": field 'topology." + field + "' is " + had + " but this run's is "
                        + want + "; a baseline must use the same topology");
            }
        }
    }

    /**
     * Throws when both runs are local and their data planes were laid out differently: in the harness
     * JVM, a sidecar's per-process memory, startup and CPU are not there to measure, so against a
     * process-layout run every such figure would "regress" by the layout alone. A local run stored
     * before the layout was recorded ran embedded, the only layout there was.
     */
    public static void requireSameLayout(RunRecord baseline, String currentLocalDataPlane, Path where) {
        if (currentLocalDataPlane == null || baseline.target() != Target.LOCAL) return;
        String had = layoutOf(baseline);
        if (had.equals(currentLocalDataPlane)) return;
        throw new IllegalArgumentException(where.resolve(ResultsJson.FILE) + ": field 'environment.local_dataplane' is '" + had
                + "' but this run's is '" + currentLocalDataPlane + "'; a baseline must lay out its data plane the same way:"
                + " pass -Dlocal.dataplane=" + had + " to compare with it, or store a new baseline in the '"
                + currentLocalDataPlane + "' layout");
    }

    /** The local data-plane layout a stored local run used. */
    public static String layoutOf(RunRecord run) {
        Object layout = run.environment().get(LOCAL_DATAPLANE);
        return layout == null ? "embedded" : String.valueOf(layout);
    }

    /** The environment field where the local target records its layout. */
    public static final String LOCAL_DATAPLANE = "local_dataplane";

    public AnalysedRun baseline() {
        return baseline;
    }

    public Thresholds thresholds() {
        return thresholds;
    }

    /** Compares, writes junit-gate.xml, and rewrites results.json and report.html with the gate. */
    public GateResult apply(Path runDir, AnalysedRun current) {
        GateResult result = Gate.compare(current, baseline, thresholds, strict);
        RunStore.writeOutputs(runDir, current, result);
        JunitGateReport.write(runDir.resolve(JUNIT_FILE), result);
        return result;
    }
}
