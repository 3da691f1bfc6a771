package io.meshbench.report;

import io.meshbench.analysis.DisruptionAnalysis;
import io.meshbench.analysis.DisruptionFigures;
import io.meshbench.analysis.DisruptionTimeline;
import io.meshbench.analysis.Metric;
import io.meshbench.analysis.SecondPoint;
import io.meshbench.platform.FaultAction;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.CombinedDomainXYPlot;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

import java.awt.BasicStroke;
import java.awt.Color;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The report's disruption section as an HTML fragment: a per-second chart around the fault (error
 * share above, p99 below; one line per mode; the fault, the threshold and each mode's recovery
 * marked) beside the recovery table, then what the target did (what was killed and what replaced
 * it). With several repetitions a mode's line pools them: each second's error share is the failed
 * ÷ completed requests of all its repetitions at that offset from the fault, its p99 the median
 * of their one-second p99s; the recovery mark is the median recovery.
 */
public final class DisruptionSection {
    private static final BasicStroke DASHED = new BasicStroke(1.2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f,
            new float[]{6f, 4f}, 0f);

    private DisruptionSection() {
    }

    /**
     * @param timelines per mode, its repetitions' timelines
     * @param figures   per mode, its repetitions' figures (same order)
     * @param actions   per mode, what the target did in each repetition (may be empty)
     */
    public static String html(String scenario, double thresholdPct, Map<String, List<DisruptionTimeline>> timelines,
                              Map<String, List<DisruptionFigures>> figures, Map<String, List<FaultAction>> actions) {
        StringBuilder h = new StringBuilder();
        h.append("<section id=\"disruption\"><h2>Disruption: ").append(Html.esc(scenario)).append("</h2>\n");
        h.append("<p>One fault inside each measured window; every figure is measured from the per-second data "
                + "(definitions in docs/disruption.md). Threshold: ").append(Html.esc(fmt(thresholdPct)))
                .append("% errors per second; recovery needs ").append(DisruptionFigures.HOLD_SECONDS)
                .append(" s in a row under it with p99 within ").append(fmt(DisruptionFigures.SLOW_FACTOR))
                .append("× steady.</p>\n");
        h.append("<div style=\"display:flex;flex-wrap:wrap;gap:1em;align-items:flex-start\">\n");
        String chart = chart(thresholdPct, timelines, figures);
        h.append(chart == null ? "<p>No per-second data: not measured.</p>"
                : "<img alt=\"error share and p99 per second around the fault\" src=\"" + chart + "\">").append('\n');
        h.append(table(figures)).append("</div>\n");
        h.append(actionList(actions));
        h.append("</section>\n");
        return h.toString();
    }

    static String table(Map<String, List<DisruptionFigures>> figures) {
        StringBuilder t = new StringBuilder("<table><thead><tr>");
        for (String c : List.of("mode", "rep", "failed requests", "failed share", "affected services", "detect",
                "recover", "p99 during")) {
            t.append(Html.th(c));
        }
        t.append("</tr></thead><tbody>\n");
        for (Map.Entry<String, List<DisruptionFigures>> e : figures.entrySet()) {
            for (DisruptionFigures f : e.getValue()) {
                t.append("<tr>").append(Html.td(e.getKey())).append(Html.num(Integer.toString(f.repetition())))
                        .append(Html.num(Long.toString(f.failedRequests())))
                        .append(Html.num(f.failedSharePct() == null ? Units.NONE : fmt(f.failedSharePct()) + "%"))
                        .append("<td title=\"").append(Html.esc(String.join(", ", f.affectedServices()))).append("\">")
                        .append(f.affectedServices().size()).append("</td>")
                        .append(Html.num(f.detectS() == null ? Units.NONE : fmt(f.detectS()) + " s"))
                        .append(Html.num(f.recoverS() == null ? "not recovered within the window" : fmt(f.recoverS()) + " s"))
                        .append(Html.num(Units.micros(f.p99DuringUs())))
                        .append("</tr>\n");
            }
        }
        return t.append("</tbody></table>").toString();
    }

    private static String actionList(Map<String, List<FaultAction>> actions) {
        if (actions.isEmpty()) return "";
        StringBuilder b = new StringBuilder("<h3>What the target did</h3><ul>\n");
        actions.forEach((mode, list) -> {
            for (FaultAction a : list) {
                b.append("<li>").append(Html.esc(mode)).append(": ").append(Html.esc(a.action())).append(" of ")
                        .append(Html.esc(a.service())).append(" — removed ")
                        .append(Html.esc(a.removed().isEmpty() ? "nothing" : String.join(", ", a.removed())))
                        .append("; added ").append(Html.esc(a.added().isEmpty() ? "nothing" : String.join(", ", a.added())));
                if (a.timeToReady() != null) b.append("; ready after ").append(a.timeToReady().toMillis()).append(" ms");
                if (a.trafficSharePct() != null) b.append("; ").append(fmt(a.trafficSharePct())).append("% of traffic");
                b.append(" (").append(Html.esc(a.method())).append(')');
                if (a.note() != null) b.append(". <em>").append(Html.esc(a.note())).append("</em>");
                b.append("</li>\n");
            }
        });
        return b.append("</ul>\n").toString();
    }

    /** The two-panel chart as a PNG data URI; null when no mode has a second of data. */
    static String chart(double thresholdPct, Map<String, List<DisruptionTimeline>> timelines,
                        Map<String, List<DisruptionFigures>> figures) {
        XYSeriesCollection errors = new XYSeriesCollection();
        XYSeriesCollection p99 = new XYSeriesCollection();
        for (Map.Entry<String, List<DisruptionTimeline>> e : timelines.entrySet()) {
            Map<Integer, long[]> counts = new TreeMap<>();
            Map<Integer, List<Long>> p99s = new TreeMap<>();
            for (DisruptionTimeline t : e.getValue()) {
                for (SecondPoint p : t.total()) {
                    int offset = p.second() - t.faultSecond();
                    long[] c = counts.computeIfAbsent(offset, k -> new long[2]);
                    c[0] += p.requests();
                    c[1] += p.errors();
                    if (p.p99Us() != null) p99s.computeIfAbsent(offset, k -> new ArrayList<>()).add(p.p99Us());
                }
            }
            XYSeries share = new XYSeries(e.getKey(), true, false);
            counts.forEach((offset, c) -> share.add(offset + 0.5, c[0] == 0 ? 0 : c[1] * 100.0 / c[0]));
            XYSeries tail = new XYSeries(e.getKey(), true, false);
            p99s.forEach((offset, values) -> tail.add(offset + 0.5, median(values) / 1000.0));
            if (share.getItemCount() > 0) errors.addSeries(share);
            if (tail.getItemCount() > 0) p99.addSeries(tail);
        }
        if (errors.getSeriesCount() == 0) return null;
        NumberAxis seconds = new NumberAxis("seconds from the fault");
        CombinedDomainXYPlot plot = new CombinedDomainXYPlot(seconds);
        plot.setGap(8);
        XYPlot top = panel(errors, "error share (%)");
        ValueMarker threshold = new ValueMarker(thresholdPct, Color.GRAY, DASHED);
        threshold.setLabel("threshold");
        threshold.setLabelAnchor(RectangleAnchor.TOP_LEFT);
        threshold.setLabelTextAnchor(TextAnchor.BOTTOM_LEFT);
        top.addRangeMarker(threshold);
        XYPlot bottom = panel(p99, "p99 (ms)");
        for (int i = 0; i < p99.getSeriesCount(); i++) bottom.getRenderer().setSeriesVisibleInLegend(i, false); // one legend entry per mode
        for (XYPlot panel : List.of(top, bottom)) {
            ValueMarker fault = new ValueMarker(0, Color.BLACK, new BasicStroke(1.5f));
            fault.setLabel(panel == top ? "fault" : null);
            fault.setLabelAnchor(RectangleAnchor.TOP_RIGHT);
            fault.setLabelTextAnchor(TextAnchor.TOP_LEFT);
            panel.addDomainMarker(fault);
            figures.forEach((mode, reps) -> {
                Double recover = DisruptionAnalysis.median(reps, Metric.DISRUPTION_RECOVER_S);
                if (recover == null) return;
                ValueMarker m = new ValueMarker(recover, Charts.color(mode), DASHED);
                if (panel == top) {
                    m.setLabel(mode + " recovered");
                    m.setLabelAnchor(RectangleAnchor.TOP_RIGHT);
                    m.setLabelTextAnchor(TextAnchor.TOP_LEFT);
                }
                panel.addDomainMarker(m);
            });
        }
        plot.add(top, 1);
        plot.add(bottom, 1);
        JFreeChart chart = new JFreeChart("Error share and p99 per second around the fault", JFreeChart.DEFAULT_TITLE_FONT,
                plot, true);
        chart.setBackgroundPaint(Color.WHITE);
        return Charts.png(chart);
    }

    private static XYPlot panel(XYSeriesCollection data, String axis) {
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, false);
        for (int i = 0; i < data.getSeriesCount(); i++) {
            renderer.setSeriesPaint(i, Charts.color(data.getSeriesKey(i).toString()));
            renderer.setSeriesStroke(i, new BasicStroke(2f));
        }
        NumberAxis range = new NumberAxis(axis);
        range.setAutoRangeIncludesZero(true);
        XYPlot plot = new XYPlot(data, null, range, renderer);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(new Color(0xdee2e6));
        plot.setRangeGridlinePaint(new Color(0xdee2e6));
        return plot;
    }

    private static double median(List<Long> values) {
        long[] v = values.stream().mapToLong(Long::longValue).sorted().toArray();
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2.0;
    }

    private static String fmt(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : String.format(Locale.ROOT, "%.1f", v);
    }
}
