package io.meshbench.report;

import io.meshbench.analysis.GateResult;
import io.meshbench.analysis.GateRow;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** junit-gate.xml: one test case per mode × metric, so CI dashboards show the gate like tests. */
public final class JunitGateReport {

    private JunitGateReport() {
    }

    public static String render(GateResult g) {
        long failures = g.failures().size();
        long skipped = g.rows().stream().filter(r -> r.verdict() == GateRow.Verdict.SKIPPED).count();
        StringBuilder x = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        x.append("<testsuite name=\"meshbench-gate\" tests=\"").append(g.rows().size()).append("\" failures=\"")
                .append(failures).append("\" errors=\"0\" skipped=\"").append(skipped).append("\">\n");
        x.append("  <properties>\n    <property name=\"baseline_run_id\" value=\"").append(Html.esc(g.baselineRunId()))
                .append("\"/>\n    <property name=\"current_run_id\" value=\"").append(Html.esc(g.currentRunId()))
                .append("\"/>\n    <property name=\"thresholds\" value=\"").append(Html.esc(g.thresholds().toString()))
                .append("\"/>\n  </properties>\n");
        for (GateRow r : g.rows()) {
            x.append("  <testcase classname=\"meshbench.gate.").append(Html.esc(r.mode())).append("\" name=\"")
                    .append(Html.esc(r.metric())).append("\" time=\"0\"");
            switch (r.verdict()) {
                case PASS -> x.append("/>\n");
                // passed, but without a verdict: JUnit has no "warning", so the reason goes to the case's output
                case WARN -> x.append(">\n    <system-out>").append(Html.esc("WARN: " + r.why())).append("</system-out>\n  </testcase>\n");
                case SKIPPED -> x.append(">\n    <skipped message=\"").append(Html.esc(r.why())).append("\"/>\n  </testcase>\n");
                case FAIL -> x.append(">\n    <failure type=\"regression\" message=\"").append(Html.esc(r.why())).append("\">")
                        .append(Html.esc("baseline " + r.baselineValue() + ", current " + r.currentValue() + ", change "
                                + r.changePct() + "%, 95% CI " + (r.ci95() == null ? "n/a" : "[" + r.ci95().lo() + ", "
                                + r.ci95().hi() + "]") + ", p " + r.pValue() + ", p adjusted " + r.pAdjusted() + ", n " + r.nBaseline() + "/" + r.nCurrent()
                                + ", rule: " + r.rule()))
                        .append("</failure>\n  </testcase>\n");
            }
        }
        x.append("  <system-out>").append(Html.esc(g.table())).append("</system-out>\n</testsuite>\n");
        return x.toString();
    }

    public static void write(Path file, GateResult g) {
        try {
            Files.writeString(file, render(g), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
