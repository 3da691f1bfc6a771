package io.meshbench.metrics.prometheus;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Cases written from the two specifications: Prometheus' text exposition format 0.0.4 (and what
 * its reference parser {@code promparse} accepts) and OpenMetrics 1.0 text.
 */
class ExpositionFormatsTest {

    private static Exposition read(String text) {
        return PrometheusText.read(text, "spec");
    }

    private static MetricFamily family(Exposition e, String name) {
        return e.families().stream().filter(f -> f.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no family " + name + " in " + e.families()));
    }

    private static List<String> names(Exposition e) {
        return e.families().stream().map(MetricFamily::name).toList();
    }

    // ---- Prometheus text 0.0.4, as promparse reads it ----

    @Test
    void valueRightAfterTheClosingBrace() {
        Exposition e = read("a{b=\"c\"}1\n");
        assertTrue(e.skipped().isEmpty(), e.warnings().toString());
        assertEquals(1.0, family(e, "a").samples().get(0).value());
        assertEquals("c", family(e, "a").samples().get(0).label("b"));
    }

    @Test
    void blanksAroundLabelPartsAndATrailingComma() {
        Exposition e = read("name2{ labelname = \"val1\" , }-Inf\n"
                + "go_gc_duration_seconds { quantile= \"1.0\", a= \"b\", } 8.3835e-05\n");
        assertTrue(e.skipped().isEmpty(), e.warnings().toString());
        Sample s = family(e, "name2").samples().get(0);
        assertEquals(Map.of("labelname", "val1"), s.labels());
        assertEquals(Double.NEGATIVE_INFINITY, s.value());
        assertEquals(Map.of("quantile", "1.0", "a", "b"), family(e, "go_gc_duration_seconds").samples().get(0).labels());
    }

    @Test
    void emptyHelpWithAndWithoutTrailingBlank() {
        Exposition e = read("# HELP nohelp1\n# HELP nohelp2 \nnohelp1 1\nnohelp2 2\n");
        assertTrue(e.skipped().isEmpty(), e.warnings().toString());
        assertEquals("", family(e, "nohelp1").help());
        assertEquals("", family(e, "nohelp2").help());
    }

    @Test
    void escapedQuoteAndOtherEscapesInHelp() {
        Exposition e = read("# HELP m says \\\"hi\\\", back\\\\slash, line\\nbreak, tab \\t kept\nm 1\n");
        assertTrue(e.skipped().isEmpty(), e.warnings().toString());
        assertEquals("says \"hi\", back\\slash, line\nbreak, tab \\t kept", family(e, "m").help());
    }

    @Test
    void unknownEscapeInALabelValueIsKeptAsWrittenLikePromparse() {
        Sample s = family(read("m{a=\"x\\ty\"} 1\n"), "m").samples().get(0);
        assertEquals("x\\ty", s.label("a"));
    }

    @Test
    void tabsAfterTheHashAndFreeCommentsStartingLikeKeywords() {
        Exposition e = read("#\tTYPE g gauge\n# Hrandom comment starting with prefix of HELP\n#\n"
                + "# comment with escaped \\n newline\ng 3\n");
        assertTrue(e.skipped().isEmpty(), e.warnings().toString());
        assertEquals(MetricType.GAUGE, family(e, "g").type());
    }

    @Test
    void namesWithColonsAndLeadingUnderscores() {
        Exposition e = read("some:aggregate:rate5m{a_b=\"c\"}\t1\n_metric_starting_with_underscore 1\n"
                + "testmetric{_label_starting_with_underscore=\"foo\"} 1\n");
        assertEquals(List.of("some:aggregate:rate5m", "_metric_starting_with_underscore", "testmetric"), names(e));
    }

    @Test
    void integerTimestampIsMillisecondsIn004() {
        Exposition e = read("go_goroutines 33  \t123123\n");
        assertFalse(e.openMetrics());
        assertEquals(123123L, family(e, "go_goroutines").samples().get(0).timestampMillis());
    }

    @Test
    void fractionalTimestampWithoutEofCanOnlyBeSeconds() {
        assertEquals(1520879607789L, family(read("m 1 1520879607.789\n"), "m").samples().get(0).timestampMillis());
    }

    @Test
    void hexadecimalFloatAsGoParseFloatReadsIt() {
        assertEquals(8.0, family(read("m 0x1p3\n"), "m").samples().get(0).value());
    }

    // ---- OpenMetrics 1.0 ----

    @Test
    void openMetricsTimestampsAreSecondsEvenWhenWhole() {
        Exposition e = read("# TYPE a gauge\na 1 1520879607.789\na{x=\"y\"} 2 1520879607\n# EOF\n");
        assertTrue(e.openMetrics());
        List<Sample> s = family(e, "a").samples();
        assertEquals(1520879607789L, s.get(0).timestampMillis());
        assertEquals(1520879607000L, s.get(1).timestampMillis());
    }

    @Test
    void exemplarsOnCounterAndHistogramSamples() {
        Exposition e = read("""
                # TYPE foo counter
                foo_total 17.0 1520879607.789 # {id="counter-test"} 5
                foo_created 1520872607.123
                # TYPE hist histogram
                hist_bucket{le="0.01"} 0
                hist_bucket{le="0.1"} 8 # {trace_id="KOO5S4vxi0o"} 0.067
                hist_bucket{le="+Inf"} 17 # {trace_id="oHg5SJYRHA0"} 9.8 1520879607.789
                hist_count 17
                hist_sum 324789.3
                # EOF
                """);
        assertTrue(e.skipped().isEmpty(), e.warnings().toString());
        Sample total = family(e, "foo").samplesNamed("foo_total").get(0);
        assertEquals(17.0, total.value());
        assertEquals(1520879607789L, total.timestampMillis());
        assertEquals(Map.of("id", "counter-test"), total.exemplar().labels());
        assertEquals(5.0, total.exemplar().value());
        assertNull(total.exemplar().timestampMillis());
        List<Sample> buckets = family(e, "hist").samplesNamed("hist_bucket");
        assertNull(buckets.get(0).exemplar());
        assertEquals(0.067, buckets.get(1).exemplar().value());
        assertEquals(1520879607789L, buckets.get(2).exemplar().timestampMillis());
        assertNull(buckets.get(2).timestampMillis());
    }

    @Test
    void everyOpenMetricsType() {
        Exposition e = read("""
                # TYPE a_build info
                # HELP a_build Build information.
                a_build_info{version="1.2",revision="abc"} 1
                # TYPE door stateset
                door{door="open"} 1
                door{door="closed"} 0
                # TYPE queue gaugehistogram
                # UNIT queue seconds
                queue_bucket{le="1.0"} 3
                queue_bucket{le="+Inf"} 5
                queue_gcount 5
                queue_gsum 4.2
                # TYPE thing unknown
                thing 7
                # TYPE latency summary
                latency{quantile="0.5"} 0.2
                latency_sum 3
                latency_count 9
                latency_created 1520430000.123
                # EOF
                """);
        assertTrue(e.skipped().isEmpty(), e.warnings().toString());
        assertEquals(List.of("a_build", "door", "queue", "thing", "latency"), names(e));
        assertEquals(MetricType.INFO, family(e, "a_build").type());
        assertEquals("Build information.", family(e, "a_build").help());
        assertEquals(MetricType.STATESET, family(e, "door").type());
        assertEquals(2, family(e, "door").samples().size());
        assertEquals(MetricType.GAUGE_HISTOGRAM, family(e, "queue").type());
        assertEquals(4, family(e, "queue").samples().size());
        assertEquals(MetricType.UNTYPED, family(e, "thing").type());
        assertEquals(4, family(e, "latency").samples().size());
    }

    @Test
    void statesetSampleWithoutItsStateLabelCostsOnlyThatFamily() {
        Exposition e = read("# TYPE door stateset\ndoor{x=\"open\"} 1\n# TYPE ok gauge\nok 1\n# EOF\n");
        assertEquals(List.of("ok"), names(e));
        assertEquals("door", e.skipped().get(0).family());
    }

    // ---- one family skipped, the rest kept ----

    @Test
    void anUnreadableFamilyIsSkippedWithOneWarningNamingIt() {
        Exposition e = read("""
                # TYPE good_total counter
                good_total 1
                # TYPE bad histogram
                bad_bucket{x="1"} 1
                bad_bucket{x="2"} 2
                bad_sum 3
                bad_count 2
                # TYPE also_good gauge
                also_good 2
                """);
        assertEquals(List.of("good_total", "also_good"), names(e));
        assertEquals(1, e.warnings().size(), e.warnings().toString());
        assertTrue(e.warnings().get(0).startsWith("metric family 'bad' skipped: spec line 4: histogram bucket of 'bad' has no le label"),
                e.warnings().get(0));
    }

    @Test
    void typeLineWithADashInTheNameIsOneWarningAndItsSamplesGoWithIt() {
        Exposition e = read("# HELP fine ok\nfine 1\n# TYPE met-ric counter\nmet-ric 1\nmet-ric{a=\"b\"} 2\nlater 3\n");
        assertEquals(List.of("fine", "later"), names(e));
        assertEquals(1, e.warnings().size(), e.warnings().toString());
        assertTrue(e.warnings().get(0).contains("'met-ric' in TYPE line is not a valid metric name"), e.warnings().get(0));
        assertEquals("met-ric", e.skipped().get(0).family());
    }

    @Test
    void unknownTypeWordSkipsThatFamilyIncludingItsSuffixedSamples() {
        Exposition e = read("# TYPE h histgram\nh_bucket{le=\"1\"} 1\nh_count 1\nother 1\n");
        assertEquals(List.of("other"), names(e));
        assertEquals(1, e.skipped().size());
        assertTrue(e.skipped().get(0).problem().contains("unknown metric type 'histgram'"));
    }

    @Test
    void contentAfterEofIsIgnoredWithAWarning() {
        Exposition e = read("a 1\n# EOF\nb 2\n");
        assertEquals(List.of("a"), names(e));
        assertEquals(1, e.skipped().size());
        assertEquals(3, e.skipped().get(0).lineNumber());
    }
}
