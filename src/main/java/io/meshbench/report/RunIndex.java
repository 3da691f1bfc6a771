package io.meshbench.report;

import com.fasterxml.jackson.databind.JsonNode;
import io.meshbench.analysis.ModeStatus;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.CategoryLabelPositions;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.renderer.category.LineAndShapeRenderer;
import org.jfree.data.category.DefaultCategoryDataset;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static io.meshbench.report.Html.esc;
import static io.meshbench.report.Html.num;
import static io.meshbench.report.Html.td;

/** results/index.html: every stored run (read from its results.json) and trend charts of the headline figures. */
public final class RunIndex {

    public static final String FILE = "index.html";
    private static final String[] MODES = {"baseline", "sidecar", "ambient", "waypoint"};

    private record Trend(String field, String title, String axis, double scale) {
    }

    private static final List<Trend> TRENDS = List.of(
            new Trend("latency_us.p99", "p99 service-to-service latency", "ms", 1 / 1000.0),
            new Trend("memory_per_pod_bytes", "mesh memory per pod (idle)", "MiB", 1 / (1024.0 * 1024)),
            new Trend("cpu_idle_per_pod_mcores", "mesh CPU per pod (idle)", "millicores", 1),
            new Trend("startup_ms.p50", "pod startup p50", "ms", 1));

    private record Entry(String dir, JsonNode json, String error) {
        String started() {
            return json == null ? "" : json.path("started_at").asText("");
        }

        /**
         * Runs whose figures can share a trend line: same target, topology (name and size),
         * scenario and modes. A trend through another topology or scenario would draw a change
         * that is only the change of input.
         */
        String comparableKey() {
            JsonNode t = json.path("topology");
            List<String> modes = new ArrayList<>();
            json.path("modes").fieldNames().forEachRemaining(modes::add);
            return json.path("target").asText("?") + " · topology " + t.path("name").asText("?") + " ("
                    + t.path("services").asText("?") + " services, " + t.path("edges").asText("?") + " edges) · scenario "
                    + json.path("scenario").path("name").asText("?") + " · modes " + String.join(", ", modes);
        }
    }

    private RunIndex() {
    }

    /** Writes the index; never fails a run over it (an unreadable folder becomes a row saying why). */
    static void tryWrite(Path resultsDir) {
        if (resultsDir == null) return;
        try {
            write(resultsDir);
        } catch (RuntimeException e) {
            System.err.println("meshbench: could not update " + resultsDir.resolve(FILE) + ": " + e.getMessage());
        }
    }

    public static Path write(Path resultsDir) {
        List<Entry> runs = new ArrayList<>();
        try (Stream<Path> dirs = Files.list(resultsDir)) {
            for (Path d : dirs.filter(Files::isDirectory).filter(p -> !Files.isSymbolicLink(p)).toList()) {
                Path f = d.resolve(ResultsJson.FILE);
                if (!Files.isRegularFile(f)) continue;
                try {
                    runs.add(new Entry(d.getFileName().toString(), ResultsJson.readTree(f), null));
                } catch (IllegalArgumentException e) {
                    runs.add(new Entry(d.getFileName().toString(), null, e.getMessage()));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + resultsDir, e);
        }
        runs.sort(Comparator.comparing(Entry::started).thenComparing(Entry::dir));
        Path out = resultsDir.resolve(FILE);
        try {
            Files.writeString(out, render(runs), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + out, e);
        }
        return out;
    }

    private static String render(List<Entry> runs) {
        StringBuilder h = new StringBuilder();
        h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>meshbench runs</title>")
                .append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; img-src data:; style-src 'unsafe-inline'\">")
                .append("<style>").append(ReportStyle.CSS).append("</style></head><body><main>")
                .append("<header><h1>meshbench runs</h1><p class=\"sub\">").append(runs.size())
                .append(" stored runs, oldest first</p></header>\n<section><h2>Runs</h2><table><tr>");
        for (String c : new String[]{"run", "started", "target", "topology", "scenario", "status"}) h.append("<th>").append(c).append("</th>");
        for (String m : MODES) h.append("<th class=\"num\">p99 ").append(m).append("</th>");
        h.append("</tr>\n");
        for (Entry e : runs) {
            h.append("<tr><td><a href=\"").append(esc(e.dir())).append("/report.html\">").append(esc(e.dir())).append("</a></td>");
            if (e.json() == null) {
                h.append("<td colspan=\"").append(5 + MODES.length).append("\" class=\"missing\">").append(esc(e.error())).append("</td></tr>\n");
                continue;
            }
            JsonNode j = e.json();
            h.append(td(startedToTheSecond(j))).append(td(j.path("target").asText("") + (j.path("emulated").asBoolean() ? " (emulated)" : "")))
                    .append(td(j.path("topology").path("name").asText(""))).append(td(j.path("scenario").path("name").asText("")))
                    .append(td(j.path("status").asText("")));
            for (String m : MODES) {
                JsonNode v = j.path("modes").path(m).path("latency_us").path("p99");
                h.append(num(v.isNumber() ? Units.micros(v.asDouble()) : Units.NONE));
            }
            h.append("</tr>\n");
        }
        h.append("</table></section>\n<section><h2>Trends</h2><p class=\"note\">A trend joins only comparable runs: same target, "
                + "topology, scenario and modes. Only modes with status ok are plotted.</p>");
        Map<String, List<Entry>> groups = new LinkedHashMap<>();
        for (Entry e : runs) {
            if (e.json() != null) groups.computeIfAbsent(e.comparableKey(), k -> new ArrayList<>()).add(e);
        }
        boolean any = false;
        for (Map.Entry<String, List<Entry>> g : groups.entrySet()) {
            if (g.getValue().size() < 2) continue;
            any = true;
            h.append("<h3>").append(esc(g.getKey())).append(" — ").append(g.getValue().size()).append(" runs</h3>");
            for (Trend t : TRENDS) {
                String png = trend(g.getValue(), t);
                if (png != null) h.append("<div class=\"chart\"><img alt=\"").append(esc(t.title())).append("\" src=\"").append(png).append("\"></div>");
            }
        }
        if (!any) h.append("<p class=\"missing\">No two comparable runs yet.</p>");
        h.append("</section></main></body></html>\n");
        return h.toString();
    }

    private static String startedToTheSecond(JsonNode j) {
        String s = j.path("started_at").asText("");
        try {
            return HtmlReport.time(java.time.Instant.parse(s));
        } catch (java.time.format.DateTimeParseException e) {
            return s;
        }
    }

    private static String trend(List<Entry> runs, Trend t) {
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        String[] path = t.field().split("\\.");
        for (Entry e : runs) {
            if (e.json() == null) continue;
            for (String m : MODES) {
                JsonNode mode = e.json().path("modes").path(m);
                if (!ModeStatus.OK.id().equals(mode.path("status").asText())) continue;
                JsonNode v = mode;
                for (String p : path) v = v.path(p);
                if (v.isNumber()) data.addValue(v.asDouble() * t.scale(), m, e.dir());
            }
        }
        if (data.getColumnCount() == 0) return null;
        JFreeChart chart = ChartFactory.createLineChart(t.title() + " by run", null, t.axis(), data,
                PlotOrientation.VERTICAL, true, false, false);
        chart.setBackgroundPaint(Color.WHITE);
        CategoryPlot plot = chart.getCategoryPlot();
        plot.setBackgroundPaint(Color.WHITE);
        plot.setRangeGridlinePaint(new Color(0xdee2e6));
        plot.getDomainAxis().setCategoryLabelPositions(CategoryLabelPositions.UP_45);
        LineAndShapeRenderer r = (LineAndShapeRenderer) plot.getRenderer();
        r.setDefaultShapesVisible(true);
        for (int i = 0; i < data.getRowCount(); i++) {
            r.setSeriesPaint(i, Charts.color(data.getRowKey(i).toString()));
            r.setSeriesStroke(i, new BasicStroke(2f));
        }
        return Charts.png(chart);
    }
}
