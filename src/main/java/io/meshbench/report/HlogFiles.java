package io.meshbench.report;

import io.meshbench.metrics.LatencyRecording;
import io.meshbench.metrics.ModeMeasurement;
import org.HdrHistogram.EncodableHistogram;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogReader;
import org.HdrHistogram.HistogramLogWriter;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The raw histograms of a run as standard HdrHistogram logs, readable by HdrHistogram's own tools
 * (HistogramLogProcessor, HdrHistogramVisualizer):
 * <ul>
 *   <li>{@code latency-<mode>.hlog}: the service-to-service interval histograms (µs), tagged
 *       {@code rep<N>} per repetition, timestamps in epoch seconds;
 *   <li>{@code histograms-<mode>.hlog}: per-edge histograms ({@code rep<N>.edge.<i>}, i indexing the
 *       edge names listed in results.json), Gatling's entry latency ({@code rep<N>.entry}, ms) and
 *       the data plane's TLS handshakes ({@code rep<N>.tls}, µs).
 * </ul>
 * Edge names go into results.json rather than tags because tags may not hold commas or spaces.
 */
public final class HlogFiles {

    private HlogFiles() {
    }

    public static String latencyFile(String mode) {
        return "latency-" + mode + ".hlog";
    }

    public static String histogramsFile(String mode) {
        return "histograms-" + mode + ".hlog";
    }

    public static void write(Path dir, String mode, List<ModeMeasurement> reps) {
        try (OutputStream lat = Files.newOutputStream(dir.resolve(latencyFile(mode)));
             OutputStream other = Files.newOutputStream(dir.resolve(histogramsFile(mode)))) {
            HistogramLogWriter latency = start(lat, "meshbench " + mode + ": service-to-service latency (µs), interval histograms, tag rep<N> per repetition");
            HistogramLogWriter rest = start(other, "meshbench " + mode + ": per-edge latency (µs) rep<N>.edge.<i>, churn probe new/reused connections (µs) rep<N>.new.<i>/rep<N>.reused.<i>, entry latency (ms) rep<N>.entry, TLS handshake (µs) rep<N>.tls");
            for (ModeMeasurement m : reps) {
                String rep = "rep" + m.repetition();
                LatencyRecording rec = m.serviceLatency();
                if (rec != null) {
                    List<Histogram> intervals = rec.intervals();
                    for (int i = 0; i < intervals.size(); i++) {
                        Histogram h = intervals.get(i);
                        output(latency, h, rep);
                    }
                    int i = 0;
                    for (Histogram h : rec.perEdge().values()) output(rest, h, rep + ".edge." + i++);
                    int c = 0;
                    for (String edge : ResultsJson.churnEdges(rec)) {
                        Histogram fresh = rec.newConnectionPerEdge().get(edge);
                        Histogram reused = rec.reusedConnectionPerEdge().get(edge);
                        if (fresh != null) output(rest, fresh, rep + ".new." + c);
                        if (reused != null) output(rest, reused, rep + ".reused." + c);
                        c++;
                    }
                }
                if (m.entryLatencyMillis() != null) output(rest, m.entryLatencyMillis(), rep + ".entry");
                if (m.dataPlane() != null && m.dataPlane().tlsHandshakeMicros() != null) {
                    output(rest, m.dataPlane().tlsHandshakeMicros(), rep + ".tls");
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write histogram logs of " + mode + " in " + dir, e);
        }
    }

    private static HistogramLogWriter start(OutputStream out, String comment) {
        HistogramLogWriter w = new HistogramLogWriter(out);
        w.outputLogFormatVersion();
        w.outputComment(comment);
        w.outputBaseTime(0); // timestamps below are absolute epoch seconds
        w.outputLegend();
        return w;
    }

    private static void output(HistogramLogWriter w, Histogram h, String tag) {
        Histogram copy = h.copy();
        copy.setTag(tag);
        copy.setStartTimeStamp(h.getStartTimeStamp());
        copy.setEndTimeStamp(h.getEndTimeStamp());
        w.outputIntervalHistogram(h.getStartTimeStamp() / 1000.0, h.getEndTimeStamp() / 1000.0, copy, 1.0);
    }

    /** Every histogram of a log, grouped by tag in file order. */
    public static Map<String, List<Histogram>> read(Path file) {
        Map<String, List<Histogram>> out = new LinkedHashMap<>();
        if (!Files.exists(file)) return out;
        try (InputStream in = Files.newInputStream(file)) {
            HistogramLogReader reader = new HistogramLogReader(in);
            EncodableHistogram e;
            while ((e = reader.nextIntervalHistogram()) != null) {
                if (!(e instanceof Histogram h)) {
                    throw new IllegalArgumentException(file + ": expected integer histograms, found " + e.getClass().getSimpleName());
                }
                String tag = h.getTag() == null ? "" : h.getTag();
                out.computeIfAbsent(tag, k -> new ArrayList<>()).add(h);
            }
        } catch (IOException ex) {
            throw new UncheckedIOException("cannot read " + file, ex);
        }
        return out;
    }
}
