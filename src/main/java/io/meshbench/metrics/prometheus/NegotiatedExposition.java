package io.meshbench.metrics.prometheus;

import io.prometheus.client.Collector;
import io.prometheus.client.exporter.common.TextFormat;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Serves an exposition in the format a scraper asks for, as Prometheus' own clients do:
 * simpleclient's {@link TextFormat#chooseContentType} reads the {@code Accept} header (OpenMetrics
 * 1.0 when {@code application/openmetrics-text} is accepted, text 0.0.4 otherwise) and
 * {@link TextFormat#writeFormat} writes it — OpenMetrics with counters declared without
 * {@code _total} and a closing {@code # EOF}, as ztunnel's Rust client writes them.
 *
 * @param contentType the response's Content-Type
 * @param body        the exposition in that format
 */
public record NegotiatedExposition(String contentType, String body) {

    /**
     * @param text004 the families in text 0.0.4, as the embedded proxies render them
     * @param accept  the request's Accept header, or null
     */
    public static NegotiatedExposition of(String text004, String accept) {
        String type = TextFormat.chooseContentType(accept);
        if (TextFormat.CONTENT_TYPE_004.equals(type)) return new NegotiatedExposition(type, text004);
        List<Collector.MetricFamilySamples> families = new ArrayList<>();
        for (MetricFamily f : PrometheusText.parse(text004, "exposition")) families.add(samples(f));
        StringWriter out = new StringWriter(text004.length() + 64);
        try {
            TextFormat.writeFormat(type, out, Collections.enumeration(families));
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a StringWriter does not fail
        }
        return new NegotiatedExposition(type, out.toString());
    }

    private static Collector.MetricFamilySamples samples(MetricFamily f) {
        Collector.Type type = switch (f.type()) {
            case COUNTER -> Collector.Type.COUNTER;
            case GAUGE -> Collector.Type.GAUGE;
            case HISTOGRAM -> Collector.Type.HISTOGRAM;
            case SUMMARY -> Collector.Type.SUMMARY;
            case GAUGE_HISTOGRAM -> Collector.Type.GAUGE_HISTOGRAM;
            case STATESET -> Collector.Type.STATE_SET;
            case INFO -> Collector.Type.INFO;
            case UNTYPED -> Collector.Type.UNKNOWN;
        };
        // simpleclient names a counter family without "_total" and adds it to the samples' names.
        String name = type == Collector.Type.COUNTER && f.name().endsWith("_total")
                ? f.name().substring(0, f.name().length() - "_total".length()) : f.name();
        List<Collector.MetricFamilySamples.Sample> samples = new ArrayList<>();
        for (Sample s : f.samples()) {
            samples.add(new Collector.MetricFamilySamples.Sample(s.name(), new ArrayList<>(s.labels().keySet()),
                    new ArrayList<>(s.labels().values()), s.value(), s.timestampMillis()));
        }
        return new Collector.MetricFamilySamples(name, type, f.help(), samples);
    }
}
