package io.meshbench.report;

import io.meshbench.analysis.AnalysedRun;
import io.meshbench.analysis.Gate;
import io.meshbench.analysis.GateResult;
import io.meshbench.analysis.Thresholds;
import io.meshbench.metrics.RunRecord;

import java.io.PrintStream;
import java.nio.file.Path;

/**
 * Works on stored runs without rerunning them:
 * <pre>
 *   mvn exec:java -Dexec.mainClass=io.meshbench.report.ReportTool -Dexec.args="render results/&lt;run&gt;"
 *   mvn exec:java -Dexec.mainClass=io.meshbench.report.ReportTool -Dexec.args="compare results/&lt;baseline&gt; results/&lt;current&gt; [--fail-on=latency_us.p99:+10%] [--strict]"
 *   mvn exec:java -Dexec.mainClass=io.meshbench.report.ReportTool -Dexec.args="index results"
 * </pre>
 * Exit status as {@link Outcome}: 0 fine (rows without a verdict only warn), 2 significant regression
 * (or, with --strict, a row without a verdict), 64 bad input.
 */
public final class ReportTool {

    private ReportTool() {
    }

    public static void main(String[] args) {
        System.setProperty("java.awt.headless", "true");
        int code = run(args, System.out, System.err);
        if (code != 0) System.exit(code);
    }

    public static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length == 0) return usage(err, "no command given");
        try {
            switch (args[0]) {
                case "render" -> {
                    if (args.length != 2) return usage(err, "render takes one run folder");
                    Path dir = RunStore.runDirOf(Path.of(args[1]));
                    AnalysedRun run = RunStore.render(dir);
                    out.println("re-rendered " + dir.resolve(HtmlReport.FILE) + " (" + run.modes().size() + " modes, "
                            + run.comparisons().size() + " comparisons)");
                    return 0;
                }
                case "compare" -> {
                    if (args.length < 3 || args.length > 5) return usage(err, "compare takes a baseline and a current run folder");
                    String failOn = NightlyGate.DEFAULT_THRESHOLDS;
                    boolean strict = false;
                    for (int i = 3; i < args.length; i++) {
                        if (args[i].startsWith("--fail-on=")) failOn = args[i].substring("--fail-on=".length());
                        else if (args[i].equals("--strict")) strict = true;
                        else return usage(err, "unknown option '" + args[i] + "'");
                    }
                    Thresholds thresholds = Thresholds.parse(failOn);
                    Path baseDir = RunStore.runDirOf(Path.of(args[1]));
                    Path curDir = RunStore.runDirOf(Path.of(args[2]));
                    AnalysedRun current = RunStore.reanalyse(curDir);
                    RunRecord base = RunStore.read(baseDir);
                    NightlyGate.requireCompatible(base, current.record().topology(), current.record().target(), baseDir);
                    if (current.record().target() == io.meshbench.core.Target.LOCAL) {
                        NightlyGate.requireSameLayout(base, NightlyGate.layoutOf(current.record()), baseDir);
                    }
                    GateResult result = Gate.compare(current, RunStore.reanalyse(baseDir), thresholds, strict);
                    out.print(result.table());
                    return (result.passed() ? Outcome.COMPLETE : Outcome.REGRESSION).exitStatus();
                }
                case "index" -> {
                    if (args.length != 2) return usage(err, "index takes the results folder");
                    out.println("wrote " + RunIndex.write(Path.of(args[1])));
                    return 0;
                }
                default -> {
                    return usage(err, "unknown command '" + args[0] + "'");
                }
            }
        } catch (IllegalArgumentException e) {
            err.println("meshbench: " + e.getMessage());
            return Outcome.BAD_INPUT.exitStatus();
        }
    }

    private static int usage(PrintStream err, String problem) {
        err.println("meshbench report tool: " + problem + "\nusage:\n"
                + "  render <run folder>                         re-render report.html from results.json and the .hlog files\n"
                + "  compare <baseline run> <current run> [--fail-on=<metric>:+<pct>%,...] [--strict]\n"
                + "                                              print the gate table; exit 2 on a significant regression\n"
                + "                                              (--strict: also on a row without a verdict, too few repetitions)\n"
                + "  index <results folder>                      rewrite results/index.html");
        return Outcome.BAD_INPUT.exitStatus();
    }
}
