package io.meshbench.report;

import io.meshbench.analysis.AnalysedRun;
import io.meshbench.analysis.ModeResult;
import io.meshbench.analysis.TimelinePoint;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.renderer.xy.XYStepRenderer;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Paint;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.text.FieldPosition;
import java.text.NumberFormat;
import java.text.ParsePosition;
import java.util.Arrays;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;

/**
 * The report's charts, drawn with JFreeChart and returned as base64 PNG data URIs so report.html
 * stays one self-contained file. A chart without data returns null; the report says "not measured".
 */
public final class Charts {

    static final int WIDTH = 920;
    static final int HEIGHT = 400;
    private static final double MIB = 1024.0 * 1024;
    private static final Map<String, Color> MODE_COLORS = Map.of(
            "baseline", new Color(0x6b7280), "sidecar", new Color(0xe8590c),
            "ambient", new Color(0x1c7ed6), "waypoint", new Color(0x2f9e44));
    private static final Font FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 12);
    private static final Font TITLE = new Font(Font.SANS_SERIF, Font.BOLD, 14);

    static {
        // ImageIO's disk cache registers a JVM shutdown hook the first time it is used, which throws
        // "Shutdown in progress" when a Ctrl-C'd run writes its report from the run's own hook.
        // Charts are small and encoded in memory, so there is nothing to cache.
        javax.imageio.ImageIO.setUseCache(false);
    }

    private Charts() {
    }

    static Color color(String mode) {
        return MODE_COLORS.getOrDefault(mode, Color.DARK_GRAY);
    }

    /** Latency percentile spectrum: x = 1/(1−p) on a log axis, labelled as percentiles. */
    public static String spectrum(AnalysedRun run) {
        XYSeriesCollection data = new XYSeriesCollection();
        for (ModeResult m : run.modes().values()) {
            Histogram h = m.mergedLatency();
            if (h == null || h.getTotalCount() == 0) continue;
            XYSeries s = new XYSeries(m.mode() + label(m), false, true);
            for (HistogramIterationValue v : h.percentiles(5)) {
                double p = v.getPercentileLevelIteratedTo();
                if (p > 99.99) break;
                if (p < 50) continue;
                s.add(1.0 / (1.0 - p / 100.0), v.getValueIteratedTo() / 1000.0);
            }
            s.add(10_000.0, h.getValueAtPercentile(99.99) / 1000.0);
            data.addSeries(s);
        }
        if (data.getSeriesCount() == 0) return null;
        JFreeChart chart = ChartFactory.createXYLineChart("Latency by percentile (service to service)", "percentile",
                "latency (ms)", data, PlotOrientation.VERTICAL, true, false, false);
        XYPlot plot = chart.getXYPlot();
        LogAxis x = new LogAxis("percentile");
        x.setBase(10);
        x.setRange(2, 14_000);
        x.setNumberFormatOverride(new PercentileFormat());
        x.setAutoTickUnitSelection(false);
        x.setTickUnit(new org.jfree.chart.axis.NumberTickUnit(1.0)); // one tick per decade: 90%, 99%, 99.9%, 99.99%
        x.setMinorTickCount(0);
        plot.setDomainAxis(x);
        styleXY(chart, data, false);
        return png(chart);
    }

    /** p50 and p99 per interval over the measured window, per mode (and repetition). */
    public static String timeline(AnalysedRun run) {
        JFreeChart chart = timelineChart(run);
        return chart == null ? null : png(chart);
    }

    /** The timeline chart itself: its x axis runs from the window's start (0 s), never before it. */
    static JFreeChart timelineChart(AnalysedRun run) {
        XYSeriesCollection data = new XYSeriesCollection();
        for (ModeResult m : run.modes().values()) {
            boolean reps = m.timeline().stream().map(TimelinePoint::repetition).distinct().count() > 1;
            for (String q : new String[]{"p99", "p50"}) {
                for (int rep : m.timeline().stream().mapToInt(TimelinePoint::repetition).distinct().toArray()) {
                    XYSeries s = new XYSeries(m.mode() + " " + q + (reps ? " r" + rep : ""), false, true);
                    for (TimelinePoint p : m.timeline()) {
                        Long v = q.equals("p99") ? p.p99() : p.p50();
                        if (p.repetition() == rep && v != null) s.add(p.seconds(), v / 1000.0);
                    }
                    if (s.getItemCount() > 0) data.addSeries(s);
                }
            }
        }
        if (data.getSeriesCount() == 0) return null;
        JFreeChart chart = ChartFactory.createXYLineChart("Latency over the measured window (per interval)",
                "seconds into the window", "latency (ms)", data, PlotOrientation.VERTICAL, true, false, false);
        styleXY(chart, data, true);
        // JFreeChart's default 2% margin would start the axis a little before 0 s: no call is measured there.
        NumberAxis x = (NumberAxis) chart.getXYPlot().getDomainAxis();
        x.setLowerMargin(0);
        x.setAutoRangeIncludesZero(true);
        return chart;
    }

    /** Cumulative distribution of pod startup (creation → ready). */
    public static String startupCdf(AnalysedRun run) {
        XYSeriesCollection data = cdf(run, true);
        if (data.getSeriesCount() == 0) return null;
        JFreeChart chart = ChartFactory.createXYLineChart("Pod startup (creation → ready), CDF", "startup (ms)",
                "fraction of pods", data, PlotOrientation.VERTICAL, true, false, false);
        chart.getXYPlot().setRenderer(new XYStepRenderer());
        styleXY(chart, data, false);
        return png(chart);
    }

    /** Distribution over edges of first-call latency minus the edge's steady p50. */
    public static String firstCallCdf(AnalysedRun run) {
        XYSeriesCollection data = cdf(run, false);
        if (data.getSeriesCount() == 0) return null;
        JFreeChart chart = ChartFactory.createXYLineChart("First call after ready per edge (first call − edge p50), CDF",
                "extra latency of the first call (ms)", "fraction of edges", data, PlotOrientation.VERTICAL, true, false, false);
        chart.getXYPlot().setRenderer(new XYStepRenderer());
        styleXY(chart, data, false);
        return png(chart);
    }

    private static XYSeriesCollection cdf(AnalysedRun run, boolean startup) {
        XYSeriesCollection data = new XYSeriesCollection();
        for (ModeResult m : run.modes().values()) {
            double[] v = (startup ? m.startupMillis() : m.firstCallMicros()).clone();
            if (v.length == 0) continue;
            Arrays.sort(v);
            XYSeries s = new XYSeries(m.mode() + label(m), false, true);
            for (int i = 0; i < v.length; i++) s.add(startup ? v[i] : v[i] / 1000.0, (i + 1.0) / v.length);
            data.addSeries(s);
        }
        return data;
    }

    /** Memory per pod over the idle window, stacked workload vs mesh share. */
    public static String memory(AnalysedRun run) {
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        for (ModeResult m : run.modes().values()) {
            if (m.idle() == null) continue;
            addIfFinite(data, m.idle().workloadMemoryPerPodBytes() / MIB, "workload", m.mode());
            addIfFinite(data, m.idle().meshMemoryPerPodBytes() / MIB, "mesh (data plane share)", m.mode());
        }
        if (data.getColumnCount() == 0) return null;
        return png(stacked("Memory per pod, idle window (MiB)", "MiB per pod", data));
    }

    /** CPU per pod over idle and load windows, stacked workload vs mesh share. */
    public static String cpu(AnalysedRun run) {
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        for (ModeResult m : run.modes().values()) {
            if (m.idle() != null) {
                addIfFinite(data, m.idle().workloadCpuPerPodMillicores(), "workload", m.mode() + " idle");
                addIfFinite(data, m.idle().meshCpuPerPodMillicores(), "mesh (data plane share)", m.mode() + " idle");
            }
            if (m.load() != null) {
                addIfFinite(data, m.load().workloadCpuPerPodMillicores(), "workload", m.mode() + " load");
                addIfFinite(data, m.load().meshCpuPerPodMillicores(), "mesh (data plane share)", m.mode() + " load");
            }
        }
        if (data.getColumnCount() == 0) return null;
        return png(stacked("CPU per pod, idle and load windows (millicores)", "millicores per pod", data));
    }

    /** Offered vs achieved entry rate per mode. */
    public static String rates(AnalysedRun run) {
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        for (ModeResult m : run.modes().values()) {
            if (m.offeredRps() == null) continue;
            data.addValue(m.offeredRps(), "offered", m.mode());
            data.addValue(m.achievedRps(), "achieved", m.mode());
        }
        if (data.getColumnCount() == 0) return null;
        JFreeChart chart = ChartFactory.createBarChart("Offered vs achieved entry rate", null, "requests per second",
                data, PlotOrientation.VERTICAL, true, false, false);
        styleCategory(chart, new Color(0xadb5bd), new Color(0x1c7ed6));
        return png(chart);
    }

    private static JFreeChart stacked(String title, String axis, DefaultCategoryDataset data) {
        JFreeChart chart = ChartFactory.createStackedBarChart(title, null, axis, data, PlotOrientation.VERTICAL,
                true, false, false);
        styleCategory(chart, new Color(0xadb5bd), new Color(0xe8590c));
        chart.getCategoryPlot().getDomainAxis().setMaximumCategoryLabelLines(2);
        return chart;
    }

    private static void addIfFinite(DefaultCategoryDataset d, double v, String row, String column) {
        if (Double.isFinite(v)) d.addValue(v, row, column);
    }

    private static String label(ModeResult m) {
        return m.ok() ? "" : " (" + m.status().id() + ")";
    }

    private static void styleXY(JFreeChart chart, XYSeriesCollection data, boolean dashP50) {
        base(chart);
        XYPlot plot = chart.getXYPlot();
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(new Color(0xdee2e6));
        plot.setRangeGridlinePaint(new Color(0xdee2e6));
        var renderer = plot.getRenderer();
        if (renderer instanceof XYLineAndShapeRenderer line && !(renderer instanceof XYStepRenderer)) {
            line.setDefaultShapesVisible(false);
        }
        for (int i = 0; i < data.getSeriesCount(); i++) {
            String key = data.getSeriesKey(i).toString();
            renderer.setSeriesPaint(i, color(key.split(" ")[0]));
            boolean dashed = dashP50 && key.contains(" p50");
            renderer.setSeriesStroke(i, dashed
                    ? new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[]{5f, 4f}, 0f)
                    : new BasicStroke(2f));
        }
        if (plot.getRangeAxis() instanceof NumberAxis n) n.setAutoRangeIncludesZero(true);
    }

    private static void styleCategory(JFreeChart chart, Paint first, Paint second) {
        base(chart);
        CategoryPlot plot = chart.getCategoryPlot();
        plot.setBackgroundPaint(Color.WHITE);
        plot.setRangeGridlinePaint(new Color(0xdee2e6));
        BarRenderer r = (BarRenderer) plot.getRenderer();
        r.setBarPainter(new StandardBarPainter());
        r.setShadowVisible(false);
        r.setSeriesPaint(0, first);
        r.setSeriesPaint(1, second);
        r.setMaximumBarWidth(0.12);
    }

    private static void base(JFreeChart chart) {
        chart.setBackgroundPaint(Color.WHITE);
        chart.getTitle().setFont(TITLE);
        if (chart.getLegend() != null) chart.getLegend().setItemFont(FONT);
    }

    static String png(JFreeChart chart) {
        RootLocaleTickUnits.applyTo(chart);
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ChartUtils.writeChartAsPNG(out, chart, WIDTH, HEIGHT);
            return "data:image/png;base64," + Base64.getEncoder().encodeToString(out.toByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot draw chart '" + chart.getTitle().getText() + "'", e);
        }
    }

    /** Labels x = 1/(1−p) as the percentile p. */
    static final class PercentileFormat extends NumberFormat {
        private final DecimalFormat digits = new DecimalFormat("0.####", DecimalFormatSymbols.getInstance(Locale.ROOT));

        @Override
        public StringBuffer format(double x, StringBuffer to, FieldPosition pos) {
            return to.append(x <= 1 ? "0" : digits.format(100.0 * (1.0 - 1.0 / x))).append('%');
        }

        @Override
        public StringBuffer format(long x, StringBuffer to, FieldPosition pos) {
            return format((double) x, to, pos);
        }

        @Override
        public Number parse(String source, ParsePosition pos) {
            return null;
        }
    }
}
