package io.meshbench.run;

import io.meshbench.analysis.AnalysedRun;
import io.meshbench.analysis.GateResult;
import io.meshbench.metrics.RunStatus;

import java.nio.file.Path;

/** Where a run's results went, and whether the regression gate (if any) passed. */
public record RunOutcome(Path runDir, AnalysedRun analysed, GateResult gate) {

    /** True when nothing could be measured: every mode failed. */
    public boolean failed() {
        return analysed.record().status() == RunStatus.FAILED;
    }

    public boolean gateFailed() {
        return gate != null && !gate.passed();
    }
}
