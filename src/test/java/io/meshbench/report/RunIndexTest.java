package io.meshbench.report;

import io.meshbench.analysis.SyntheticRun;
import io.meshbench.metrics.RunRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** results/index.html draws a trend only through comparable runs, and shows start times to the second. */
class RunIndexTest {

    @TempDir
    Path results;

    @Test
    void trendsJoinOnlyRunsOfTheSameTopologyScenarioTargetAndModes() throws Exception {
        store("a", "ci");
        store("b", "ci");
        store("c", "smoke");   // another scenario: listed, but in no trend with a and b
        String html = Files.readString(RunIndex.write(results));
        assertTrue(html.contains("scenario ci · modes sidecar, ambient — 2 runs"), html);
        assertFalse(html.contains("scenario smoke · modes"), "a single run makes no trend");
        assertTrue(html.contains("<td>2026-11-26 22:00:00Z</td>"), "start time to the second");
        assertEquals(3, html.split("/report.html\"").length - 1);
    }

    private void store(String id, String scenarioName) {
        RunRecord base = SyntheticRun.record(id, List.of(SyntheticRun.sidecar(2), SyntheticRun.ambient(3)), 1, 200);
        var scenario = new LinkedHashMap<>(base.scenario());
        scenario.put("name", scenarioName);
        RunStore.write(results.resolve(id), new RunRecord(base.runId(), base.startedAt(), base.finishedAt(), base.status(),
                base.target(), base.emulated(), base.environment(), base.topology(), scenario, base.modes(), base.warnings()));
    }
}
