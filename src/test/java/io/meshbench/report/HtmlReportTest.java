package io.meshbench.report;

import io.meshbench.analysis.AnalysedRun;
import io.meshbench.analysis.Analysis;
import io.meshbench.analysis.SyntheticRun;
import io.meshbench.metrics.RunRecord;
import io.meshbench.metrics.RunStatus;
import io.meshbench.core.Target;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HtmlReportTest {

    private static final AnalysedRun RUN = Analysis.analyse(SyntheticRun.record("html", List.of(SyntheticRun.baseline(1),
            SyntheticRun.sidecar(2), SyntheticRun.ambient(3).withAchieved(300)), 1, 200));

    @Test
    void titleHeadlineAndExcludedModesAreShown() {
        String html = HtmlReport.render(RUN, null, null);
        assertTrue(html.contains("on local <span class=\"tag emulated\">emulated data plane — not Istio</span>"));
        for (String row : List.of("Per-pod memory overhead (idle)", "Per-pod CPU overhead (idle)", "Pod startup p50",
                "Services per node", "Connection set-up p50", "Service-to-service latency p99")) {
            assertTrue(html.contains(row), row);
        }
        assertTrue(html.contains("sidecar → ambient"));
        assertTrue(html.contains("<b>ambient is saturated:</b> achieved 300.0 of 600.0 offered rps"));
        assertTrue(html.contains("left out — ambient saturated"));
        assertTrue(html.contains(Units.micros(RUN.mode("sidecar").latency().p99())));
        assertTrue(html.contains("emulated proxy: JVM heap"), "figure definitions carry ResourceUsage.method");
        assertTrue(html.contains("injector cpu mcores"));
        assertFalse(html.contains("banner incomplete"));
        assertEquals(7, html.split("data:image/png;base64,", -1).length - 1, "seven charts");
    }

    @Test
    void incompleteRunsGetABanner() {
        RunRecord r = RUN.record();
        RunRecord incomplete = new RunRecord(r.runId(), r.startedAt(), r.finishedAt(), RunStatus.INCOMPLETE, Target.KUBERNETES, false,
                r.environment(), r.topology(), r.scenario(), r.modes(), r.warnings());
        String html = HtmlReport.render(Analysis.analyse(incomplete), null, null);
        assertTrue(html.contains("class=\"banner incomplete\""));
        assertFalse(html.contains("not Istio"), "a real cluster is not an emulation");
    }

    /** The headline's local notes say what each layout measured: in-JVM proxies or proxy processes. */
    @Test
    void localNotesFollowTheDataPlaneLayout() {
        RunRecord r = RUN.record();
        String embedded = HtmlReport.render(RUN, null, null);
        assertTrue(embedded.contains("heap and buffers the emulated proxies hold"));
        assertFalse(embedded.contains("proxy processes, per pod"));
        java.util.Map<String, Object> env = new java.util.LinkedHashMap<>(r.environment());
        env.put("local_dataplane", "process");
        RunRecord processes = new RunRecord(r.runId(), r.startedAt(), r.finishedAt(), r.status(), r.target(), r.emulated(),
                env, r.topology(), r.scenario(), r.modes(), r.warnings());
        String html = HtmlReport.render(Analysis.analyse(processes), null, null);
        assertTrue(html.contains("proportional set size (PSS, /proc) of the mode&#39;s proxy processes, per pod")
                || html.contains("proportional set size (PSS, /proc) of the mode's proxy processes, per pod"), "memory note");
        assertTrue(html.contains("starting the pod&#39;s proxy process") || html.contains("starting the pod's proxy process"), "startup note");
        assertFalse(html.contains("starting an in-JVM pod and its proxy"));
    }

    @Test
    void unitsAreHuman() {
        assertEquals("60.0 MiB", Units.bytes(60.0 * 1024 * 1024));
        // below 10 of a unit, three digits: a +35% change must be visible in the two values beside it
        assertEquals("1.15 MiB", Units.bytes(1_204_909.3));
        assertEquals("1.55 MiB", Units.bytes(1_626_451.2));
        assertEquals("9.50 KiB", Units.bytes(9.5 * 1024));
        assertEquals("16.00 GiB", Units.bytes(16.0 * 1024 * 1024 * 1024));
        assertEquals("850 µs", Units.micros(850.0));
        assertEquals("1.28 ms", Units.micros(1280.0));
        assertEquals("25.0 ms", Units.micros(25_000.0));
        assertEquals("—", Units.micros((Long) null));
        assertEquals("+12.5%", Units.signedPct(12.5));
        assertEquals("<0.001", Units.pValue(1e-9));
    }

    /** A comparison's values read as the modes' own figures do (a real 4-mode run showed 22.9 ms beside 23.0 ms, and "128.00"). */
    @Test
    void comparisonValuesReadAsTheModesFiguresDo() {
        assertEquals(Units.micros(22_950L), HtmlReport.human("latency_us.p99", 22_949.51195827888));
        assertEquals("23.0 ms", HtmlReport.human("latency_us.p99", 22_949.51195827888));
        assertEquals("128", HtmlReport.human("services_per_node", 127.99999999999997));
        assertEquals("126", HtmlReport.human("services_per_node", 126.0));
        assertEquals("20.1", HtmlReport.human("achieved_rps", 20.0811318219104));
    }
}
