package io.meshbench.metrics.prometheus;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PrometheusTextTest {

    private static List<MetricFamily> parse(String text) {
        return PrometheusText.parse(text, "test-source");
    }

    private static MetricFamily family(List<MetricFamily> families, String name) {
        return families.stream().filter(f -> f.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no family " + name + " in " + families));
    }

    static String fixture(String name) throws IOException {
        try (InputStream in = PrometheusTextTest.class.getResourceAsStream("/metrics/" + name)) {
            if (in == null) throw new IOException("missing test fixture /metrics/" + name);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void readsHelpTypeAndSamples() {
        List<MetricFamily> families = parse("""
                # HELP http_requests_total The total number of HTTP requests.
                # TYPE http_requests_total counter
                http_requests_total{method="post",code="200"} 1027 1395066363000
                http_requests_total{method="post",code="400"}    3 1395066363000
                """);
        assertEquals(1, families.size());
        MetricFamily f = families.get(0);
        assertEquals("http_requests_total", f.name());
        assertEquals(MetricType.COUNTER, f.type());
        assertEquals("The total number of HTTP requests.", f.help());
        assertEquals(2, f.samples().size());
        Sample first = f.samples().get(0);
        assertEquals(Map.of("method", "post", "code", "200"), first.labels());
        assertEquals(1027.0, first.value());
        assertEquals(1395066363000L, first.timestampMillis());
        assertEquals(3.0, f.samples().get(1).value());
    }

    @Test
    void sampleWithoutTimestampHasNullTimestampAndNoLabelsGivesEmptyMap() {
        Sample s = parse("metric_without_timestamp_and_labels 12.47\n").get(0).samples().get(0);
        assertNull(s.timestampMillis());
        assertTrue(s.labels().isEmpty());
        assertEquals(12.47, s.value());
    }

    @Test
    void emptyBracesLikeEnvoyWritesAreNoLabels() {
        Sample s = parse("# TYPE envoy_server_live gauge\nenvoy_server_live{} 1\n").get(0).samples().get(0);
        assertTrue(s.labels().isEmpty());
    }

    @Test
    void negativeTimestampIsAccepted() {
        assertEquals(-1L, parse("m 1 -1").get(0).samples().get(0).timestampMillis());
    }

    @Test
    void labelValueEscapesAreUnescaped() {
        Sample s = parse("msdos_file_access_time_seconds{path=\"C:\\\\DIR\\\\FILE.TXT\",error=\"Cannot find file:\\n\\\"FILE.TXT\\\"\"} 1.458255915e9\n")
                .get(0).samples().get(0);
        assertEquals("C:\\DIR\\FILE.TXT", s.label("path"));
        assertEquals("Cannot find file:\n\"FILE.TXT\"", s.label("error"));
        assertEquals(1.458255915e9, s.value());
    }

    @Test
    void labelValuesMayHoldBracesCommasEqualsAndSpaces() {
        Sample s = parse("m{a=\"x{y},z=1 }\", b=\"outbound|9080||reviews\" ,} 2").get(0).samples().get(0);
        assertEquals("x{y},z=1 }", s.label("a"));
        assertEquals("outbound|9080||reviews", s.label("b"));
    }

    @Test
    void specialValues() {
        List<MetricFamily> fs = parse("""
                a +Inf
                b -Inf
                c NaN
                d 1e-3
                e -0.5
                f .5
                g 7.
                h inf
                """);
        assertEquals(Double.POSITIVE_INFINITY, family(fs, "a").samples().get(0).value());
        assertEquals(Double.NEGATIVE_INFINITY, family(fs, "b").samples().get(0).value());
        assertTrue(Double.isNaN(family(fs, "c").samples().get(0).value()));
        assertEquals(0.001, family(fs, "d").samples().get(0).value());
        assertEquals(-0.5, family(fs, "e").samples().get(0).value());
        assertEquals(0.5, family(fs, "f").samples().get(0).value());
        assertEquals(7.0, family(fs, "g").samples().get(0).value());
        assertEquals(Double.POSITIVE_INFINITY, family(fs, "h").samples().get(0).value());
    }

    @Test
    void commentsEmptyLinesTrailingWhitespaceTabsAndCrlfAreTolerated() {
        List<MetricFamily> fs = parse("# a free comment\r\n\r\n   \n# TYPE g gauge   \r\n"
                + "\tg{a=\"1\"}\t3   \r\n#\n# HELP g   Help with trailing space.   \n\ng{a=\"2\"} 4 \t");
        MetricFamily g = family(fs, "g");
        assertEquals(MetricType.GAUGE, g.type());
        assertEquals("Help with trailing space.", g.help());
        assertEquals(List.of(3.0, 4.0), g.samples().stream().map(Sample::value).toList());
    }

    @Test
    void helpTextEscapes() {
        MetricFamily f = parse("# HELP m Line one\\nback\\\\slash \"quotes\" stay\nm 1").get(0);
        assertEquals("Line one\nback\\slash \"quotes\" stay", f.help());
    }

    @Test
    void histogramSamplesBelongToTheirFamily() {
        List<MetricFamily> fs = parse("""
                # HELP http_request_duration_seconds A histogram of the request duration.
                # TYPE http_request_duration_seconds histogram
                http_request_duration_seconds_bucket{le="0.05"} 24054
                http_request_duration_seconds_bucket{le="0.1"} 33444
                http_request_duration_seconds_bucket{le="0.2"} 100392
                http_request_duration_seconds_bucket{le="+Inf"} 144320
                http_request_duration_seconds_sum 53423
                http_request_duration_seconds_count 144320
                """);
        assertEquals(1, fs.size());
        MetricFamily h = fs.get(0);
        assertEquals(MetricType.HISTOGRAM, h.type());
        assertEquals(6, h.samples().size());
        assertEquals("+Inf", h.samplesNamed("http_request_duration_seconds_bucket").get(3).label("le"));
        assertEquals(144320.0, h.samplesNamed("http_request_duration_seconds_count").get(0).value());
    }

    @Test
    void summarySamplesBelongToTheirFamily() {
        List<MetricFamily> fs = parse("""
                # HELP rpc_duration_seconds A summary of the RPC duration in seconds.
                # TYPE rpc_duration_seconds summary
                rpc_duration_seconds{quantile="0.01"} 3102
                rpc_duration_seconds{quantile="0.5"} 4773
                rpc_duration_seconds{quantile="0.99"} 76656
                rpc_duration_seconds{quantile="1"} NaN
                rpc_duration_seconds_sum 1.7560473e+07
                rpc_duration_seconds_count 2693
                """);
        assertEquals(1, fs.size());
        assertEquals(MetricType.SUMMARY, fs.get(0).type());
        assertEquals(6, fs.get(0).samples().size());
        assertEquals(1.7560473e7, fs.get(0).samplesNamed("rpc_duration_seconds_sum").get(0).value());
    }

    @Test
    void openMetricsCounterDeclaredWithoutTotalOwnsTotalSamples() {
        List<MetricFamily> fs = parse("""
                # HELP istio_tcp_connections_opened The total number of TCP connections opened.
                # TYPE istio_tcp_connections_opened counter
                istio_tcp_connections_opened_total{reporter="source"} 12
                # EOF
                """);
        assertEquals(1, fs.size());
        MetricFamily f = fs.get(0);
        assertEquals("istio_tcp_connections_opened", f.name());
        assertTrue(f.provides("istio_tcp_connections_opened_total"));
        assertEquals(12.0, f.samplesNamed("istio_tcp_connections_opened_total").get(0).value());
    }

    @Test
    void declaredFamilyWithoutSamplesStillProvidesItsName() {
        MetricFamily f = parse("# TYPE istio_dns_requests counter\n").get(0);
        assertTrue(f.samples().isEmpty());
        assertTrue(f.provides("istio_dns_requests_total"));
    }

    @Test
    void untypedAndUnknownTypes() {
        List<MetricFamily> fs = parse("# TYPE a untyped\na 1\n# TYPE b unknown\nb 2\nc 3\n");
        assertEquals(MetricType.UNTYPED, family(fs, "a").type());
        assertEquals(MetricType.UNTYPED, family(fs, "b").type());
        assertEquals(MetricType.UNTYPED, family(fs, "c").type());
    }

    @Test
    void realZtunnelExposition() throws IOException {
        List<MetricFamily> fs = PrometheusText.parse(fixture("ztunnel-stats.prom"), "ztunnel fixture");
        for (String name : List.of("istio_tcp_connections_opened", "istio_tcp_connections_closed",
                "istio_tcp_sent_bytes", "istio_tcp_received_bytes")) {
            MetricFamily f = family(fs, name);
            assertEquals(MetricType.COUNTER, f.type(), name);
            assertEquals(3, f.samplesNamed(name + "_total").size(), name);
        }
        MetricFamily opened = family(fs, "istio_tcp_connections_opened");
        double destinationSide = opened.samples().stream()
                .filter(s -> "destination".equals(s.label("reporter"))).mapToDouble(Sample::value).sum();
        assertEquals(17.0, destinationSide);
        Sample first = opened.samples().get(0);
        assertEquals("spiffe://cluster.local/ns/default/sa/sleep", first.label("source_principal"));
        assertEquals("mutual_tls", first.label("connection_security_policy"));
        assertEquals("-", first.label("response_flags"));
        assertEquals(MetricType.HISTOGRAM, family(fs, "istio_dns_upstream_request_duration_seconds").type());
        assertEquals(5, family(fs, "istio_dns_upstream_request_duration_seconds").samples().size());
        assertTrue(family(fs, "istio_dns_requests").samples().isEmpty());
        assertEquals(14286848.0, family(fs, "process_resident_memory_bytes").samples().get(0).value());
    }

    @Test
    void realEnvoySidecarExposition() throws IOException {
        List<MetricFamily> fs = PrometheusText.parse(fixture("envoy-sidecar-stats.prom"), "envoy fixture");
        MetricFamily requests = family(fs, "istio_requests_total");
        assertEquals(MetricType.COUNTER, requests.type());
        assertEquals(168.0, requests.samples().stream().mapToDouble(Sample::value).sum());
        MetricFamily duration = family(fs, "istio_request_duration_milliseconds");
        assertEquals(MetricType.HISTOGRAM, duration.type());
        List<Sample> buckets = duration.samplesNamed("istio_request_duration_milliseconds_bucket");
        assertEquals(40, buckets.size());
        assertEquals("0.5", buckets.get(0).label("le"));
        double count200 = duration.samplesNamed("istio_request_duration_milliseconds_count").stream()
                .filter(s -> "200".equals(s.label("response_code"))).mapToDouble(Sample::value).sum();
        assertEquals(165.0, count200);
        assertEquals(1054.55, duration.samplesNamed("istio_request_duration_milliseconds_sum").get(0).value(), 1e-9);
        assertEquals(8741232.0, family(fs, "envoy_server_memory_allocated").samples().get(0).value());
        assertEquals(MetricType.GAUGE, family(fs, "envoy_server_memory_allocated").type());
        assertEquals("", requests.samples().get(0).label("grpc_response_status"));
        assertEquals("inbound|9080||", family(fs, "envoy_cluster_upstream_cx_total").samples().get(0).label("cluster_name"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "missing value                  |m{a=\"b\"}|missing value",
            "missing value, name only       |metric_name|missing value",
            "value not a number             |m 12abc|is not a number",
            "java float suffix              |m 1.5f|is not a number",
            "timestamp overflow             |m 1 99999999999999999999|timestamp",
            "text after timestamp           |m 1 2 3|unexpected text after the timestamp",
            "unquoted label value           |m{a=b} 1|must be in double quotes",
            "unterminated label value       |m{a=\"b} 1|no closing quote",
            "unclosed label set             |m{a=\"b\" 1|expected ',' or '}'",
            "label set never closed         |m{a=\"b\",|not closed",
            "duplicate label                |m{a=\"1\",a=\"2\"} 1|label 'a' appears twice",
            "bad label name                 |m{1a=\"1\"} 1|expected a label name",
            "missing equals                 |m{a \"1\"} 1|expected '='",
            "bad metric name                |1metric 1|is not a valid metric name",
            "dash in a metric name          |met-ric 1|'met-ric' in sample is not a valid metric name",
            "dash in a TYPE name            |# TYPE met-ric counter|'met-ric' in TYPE line is not a valid metric name",
            "exemplar without braces        |m 1 # trace 1|expected '{' to open the exemplar",
            "TYPE without type              |# TYPE m|names no type",
            "unknown type                   |# TYPE m countr|unknown metric type 'countr'",
            "TYPE with trailing text        |# TYPE m counter extra|unexpected text after the type",
            "HELP without name              |# HELP|expected a metric name",
    })
    void malformedLinesAreRejectedWithSourceLineAndReason(String what, String badLine, String reason) {
        String text = "# HELP ok fine\nok 1\n" + badLine + "\n";
        MetricsFormatException e = assertThrows(MetricsFormatException.class, () -> parse(text), what);
        assertEquals("test-source", e.source());
        assertEquals(3, e.lineNumber(), what);
        assertEquals(badLine, e.line());
        assertTrue(e.problem().contains(reason), what + ": problem was '" + e.problem() + "'");
        assertTrue(e.getMessage().startsWith("test-source line 3: "), e.getMessage());
        assertTrue(e.getMessage().contains(badLine), e.getMessage());
        Exposition lenient = PrometheusText.read(text, "test-source");
        assertEquals(List.of("ok"), lenient.families().stream().map(MetricFamily::name).toList(), what);
        assertEquals(1, lenient.skipped().size(), what);
    }

    @Test
    void secondTypeLineIsRejected() {
        MetricsFormatException e = assertThrows(MetricsFormatException.class,
                () -> parse("# TYPE m counter\nm 1\n# TYPE m gauge\n"));
        assertEquals(3, e.lineNumber());
        assertTrue(e.problem().contains("second TYPE line for 'm' (the first is on line 1)"), e.problem());
    }

    @Test
    void secondHelpLineIsRejected() {
        MetricsFormatException e = assertThrows(MetricsFormatException.class,
                () -> parse("# HELP m one\n# HELP m two\n"));
        assertEquals(2, e.lineNumber());
    }

    @Test
    void typeAfterSamplesIsRejected() {
        MetricsFormatException e = assertThrows(MetricsFormatException.class,
                () -> parse("x_total 1\n# TYPE x counter\n"));
        assertEquals(2, e.lineNumber());
        assertTrue(e.problem().contains("comes after its sample on line 1"), e.problem());
    }

    @Test
    void duplicateSeriesIsRejectedWhateverTheLabelOrder() {
        MetricsFormatException e = assertThrows(MetricsFormatException.class,
                () -> parse("m{a=\"1\",b=\"2\"} 1\nm{b=\"2\",a=\"1\"} 2\n"));
        assertEquals(2, e.lineNumber());
        assertTrue(e.problem().contains("first on line 1"), e.problem());
    }

    @Test
    void histogramBucketWithoutLeIsRejected() {
        MetricsFormatException e = assertThrows(MetricsFormatException.class,
                () -> parse("# TYPE h histogram\nh_bucket{x=\"1\"} 1\n"));
        assertTrue(e.problem().contains("no le label"), e.problem());
    }

    @Test
    void histogramBucketWithNonNumericLeIsRejected() {
        MetricsFormatException e = assertThrows(MetricsFormatException.class,
                () -> parse("# TYPE h histogram\nh_bucket{le=\"big\"} 1\n"));
        assertTrue(e.problem().contains("le=\"big\" is not a number"), e.problem());
    }

    @Test
    void summaryQuantileWithoutLabelIsRejected() {
        MetricsFormatException e = assertThrows(MetricsFormatException.class,
                () -> parse("# TYPE s summary\ns 1\n"));
        assertTrue(e.problem().contains("no quantile label"), e.problem());
    }

    @Test
    void contentAfterEofIsRejected() {
        MetricsFormatException e = assertThrows(MetricsFormatException.class,
                () -> parse("a 1\n# EOF\nb 2\n"));
        assertEquals(3, e.lineNumber());
    }

    @Test
    void emptyTextHasNoFamilies() {
        assertTrue(parse("").isEmpty());
        assertTrue(parse("\n\n# just a comment\n").isEmpty());
    }

    @Test
    void seriesIdEscapesValuesBackIntoTheFormat() {
        Sample s = parse("m{a=\"q\\\"\\\\\\n\"} 1").get(0).samples().get(0);
        assertEquals("m{a=\"q\\\"\\\\\\n\"}", s.seriesId());
        assertEquals(s.labels(), parse(s.seriesId() + " 1").get(0).samples().get(0).labels());
    }
}
