package io.meshbench.metrics.prometheus;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Parser of the Prometheus text exposition format (version 0.0.4), the format ztunnel's
 * {@code :15020/stats/prometheus} and Envoy's {@code :15090/stats/prometheus} serve. It also reads
 * the OpenMetrics habits of Rust's prometheus-client (ztunnel): a counter declared as {@code x}
 * whose samples are named {@code x_total}, {@code # UNIT} lines and a closing {@code # EOF}.
 *
 * <p>The rules follow Prometheus' own text parser: names and label names must be valid, label
 * values allow only the escapes {@code \\}, {@code \"} and {@code \n}, values are floats or
 * {@code +Inf}/{@code -Inf}/{@code NaN}, the optional timestamp is an integer in milliseconds, a
 * metric has at most one TYPE and one HELP line and its TYPE comes before its samples, and a
 * series appears once. Histogram buckets need an {@code le} label and summary quantiles a
 * {@code quantile} label. Anything else is a {@link MetricsFormatException} naming the source, the
 * line number, the line and what is wrong — never a silently dropped sample.
 */
public final class PrometheusText {

    private static final Pattern METRIC_NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static final Pattern DECIMAL = Pattern.compile("[+-]?(?:\\d+(?:\\.\\d*)?|\\.\\d+)(?:[eE][+-]?\\d+)?");
    private static final Pattern INTEGER = Pattern.compile("-?\\d{1,19}");
    private static final String[] OWNED_SUFFIXES = {"_bucket", "_sum", "_count", "_total", "_created"};

    private PrometheusText() {
    }

    /**
     * Parses one scrape.
     *
     * @param text       the endpoint's whole response body
     * @param sourceName named in errors, e.g. "ztunnel-node-1 http://127.0.0.1:15020/stats/prometheus"
     * @return the metric families in order of first appearance
     */
    public static List<MetricFamily> parse(String text, String sourceName) {
        return new Run(sourceName).parseAll(text);
    }

    /** A family while it is being read. */
    private static final class Draft {
        final String name;
        MetricType type = MetricType.UNTYPED;
        int typeLine;
        String help;
        int helpLine;
        int firstSampleLine;
        final List<Sample> samples = new ArrayList<>();

        Draft(String name) {
            this.name = name;
        }
    }

    /** The state of parsing one text. */
    private static final class Run {
        private final String source;
        private final Map<String, Draft> families = new LinkedHashMap<>();
        private final Map<String, Integer> seriesLines = new HashMap<>();
        private int lineNumber;
        private String line;

        Run(String source) {
            this.source = source;
        }

        List<MetricFamily> parseAll(String text) {
            String[] lines = text.split("\n", -1);
            boolean eof = false;
            for (int i = 0; i < lines.length; i++) {
                lineNumber = i + 1;
                line = lines[i].endsWith("\r") ? lines[i].substring(0, lines[i].length() - 1) : lines[i];
                if (line.isBlank()) continue;
                if (eof) throw fail("content after '# EOF' (OpenMetrics ends the exposition there)");
                Cursor c = new Cursor(line);
                c.skipBlanks();
                if (c.peek() == '#') {
                    eof = comment(c);
                } else {
                    sample(c);
                }
            }
            List<MetricFamily> result = new ArrayList<>();
            for (Draft d : families.values()) {
                result.add(new MetricFamily(d.name, d.type, d.help == null ? "" : d.help, d.samples));
            }
            return result;
        }

        /** Reads a comment line; returns true for OpenMetrics' {@code # EOF}. */
        private boolean comment(Cursor c) {
            c.next(); // '#'
            c.skipBlanks();
            String keyword = c.token();
            switch (keyword) {
                case "HELP" -> help(c);
                case "TYPE" -> type(c);
                case "EOF" -> {
                    c.skipBlanks();
                    return c.atEnd();
                }
                default -> {
                    // "# UNIT" (OpenMetrics) and free comments carry nothing we use.
                }
            }
            return false;
        }

        private void help(Cursor c) {
            c.skipBlanks();
            String name = metricName(c, "HELP line");
            Draft d = families.computeIfAbsent(name, Draft::new);
            if (d.help != null) {
                throw fail("second HELP line for '" + name + "' (the first is on line " + d.helpLine + ")");
            }
            c.skipBlanks();
            StringBuilder text = new StringBuilder();
            while (!c.atEnd()) {
                char ch = c.next();
                if (ch == '\\') {
                    if (c.atEnd()) throw fail("HELP text ends with a lone backslash (write \\\\ for one backslash)");
                    char esc = c.next();
                    if (esc == '\\') text.append('\\');
                    else if (esc == 'n') text.append('\n');
                    else throw fail("invalid escape '\\" + esc + "' in HELP text at column " + c.pos
                                + " (only \\\\ and \\n are allowed)");
                } else {
                    text.append(ch);
                }
            }
            d.help = text.toString().stripTrailing();
            d.helpLine = lineNumber;
        }

        private void type(Cursor c) {
            c.skipBlanks();
            String name = metricName(c, "TYPE line");
            c.skipBlanks();
            String word = c.token();
            if (word.isEmpty()) {
                throw fail("TYPE line for '" + name + "' names no type (use counter, gauge, histogram, summary or untyped)");
            }
            MetricType type = MetricType.fromWord(word);
            if (type == null) {
                throw fail("unknown metric type '" + word + "' (use counter, gauge, histogram, summary or untyped)");
            }
            c.skipBlanks();
            if (!c.atEnd()) throw fail("unexpected text after the type at column " + (c.pos + 1));
            Draft d = families.computeIfAbsent(name, Draft::new);
            if (d.typeLine != 0) {
                throw fail("second TYPE line for '" + name + "' (the first is on line " + d.typeLine + ")");
            }
            for (Draft other : families.values()) {
                boolean sameMetric = other == d || MetricFamily.owns(name, type, other.name);
                if (sameMetric && other.firstSampleLine != 0) {
                    throw fail("TYPE line for '" + name + "' comes after its sample on line "
                            + other.firstSampleLine + " (it must come before)");
                }
            }
            d.type = type;
            d.typeLine = lineNumber;
        }

        private void sample(Cursor c) {
            String name = metricName(c, "sample");
            boolean blank = c.skipBlanks();
            Map<String, String> labels = new LinkedHashMap<>();
            if (c.peek() == '{') {
                labels = labels(c);
                blank = c.skipBlanks();
            }
            if (c.atEnd()) throw fail("missing value after '" + name + "'");
            if (!blank) throw fail("expected a space before the value at column " + (c.pos + 1));
            String valueText = c.token();
            if (valueText.isEmpty()) throw fail("missing value after '" + name + "'");
            double value = parseValue(valueText);
            Long timestamp = null;
            c.skipBlanks();
            if (!c.atEnd()) {
                String ts = c.token();
                if (!INTEGER.matcher(ts).matches()) {
                    throw fail("timestamp '" + ts + "' is not an integer number of milliseconds");
                }
                try {
                    timestamp = Long.parseLong(ts);
                } catch (NumberFormatException e) {
                    throw fail("timestamp '" + ts + "' does not fit in 64 bits");
                }
                c.skipBlanks();
                if (!c.atEnd()) throw fail("unexpected text after the timestamp at column " + (c.pos + 1));
            }
            Sample sample = new Sample(name, labels, value, timestamp);
            Draft family = familyOf(name);
            checkTypeRules(family, sample);
            Integer earlier = seriesLines.putIfAbsent(Sample.seriesId(name, new java.util.TreeMap<>(labels)), lineNumber);
            if (earlier != null) {
                throw fail("duplicate series " + sample.seriesId() + " (first on line " + earlier + ")");
            }
            if (family.firstSampleLine == 0) family.firstSampleLine = lineNumber;
            family.samples.add(sample);
        }

        /**
         * The family a sample belongs to: the family of its exact name once that has a TYPE or
         * samples, else a declared family that owns the name by suffix ({@code x_bucket} of
         * histogram {@code x}, {@code x_total} of counter {@code x}), else an untyped family of its own.
         */
        private Draft familyOf(String sampleName) {
            Draft exact = families.get(sampleName);
            if (exact != null && (exact.typeLine != 0 || !exact.samples.isEmpty())) return exact;
            Draft owner = ownerOf(sampleName);
            if (owner == null) return exact != null ? exact : families.computeIfAbsent(sampleName, Draft::new);
            if (exact != null) {
                // Only a HELP line was written for the sample's full name: its text describes the owner.
                if (owner.help == null) owner.help = exact.help;
                families.remove(sampleName);
            }
            return owner;
        }

        private Draft ownerOf(String sampleName) {
            for (String suffix : OWNED_SUFFIXES) {
                if (sampleName.endsWith(suffix)) {
                    Draft d = families.get(sampleName.substring(0, sampleName.length() - suffix.length()));
                    if (d != null && d.typeLine != 0 && MetricFamily.owns(d.name, d.type, sampleName)) return d;
                }
            }
            return null;
        }

        private void checkTypeRules(Draft family, Sample s) {
            if (family.type == MetricType.HISTOGRAM && s.name().equals(family.name + "_bucket")) {
                String le = s.label("le");
                if (le == null) throw fail("histogram bucket of '" + family.name + "' has no le label");
                boundValue(le, "le");
            } else if (family.type == MetricType.SUMMARY && s.name().equals(family.name)) {
                String q = s.label("quantile");
                if (q == null) throw fail("summary sample of '" + family.name + "' has no quantile label");
                boundValue(q, "quantile");
            } else if (family.type == MetricType.HISTOGRAM && s.name().equals(family.name)) {
                throw fail("histogram '" + family.name + "' has a sample without _bucket, _sum or _count");
            }
        }

        private void boundValue(String text, String label) {
            if (!isNumber(text)) {
                throw fail(label + "=\"" + text + "\" is not a number (use e.g. \"0.5\" or \"+Inf\")");
            }
        }

        private Map<String, String> labels(Cursor c) {
            c.next(); // '{'
            Map<String, String> labels = new LinkedHashMap<>();
            while (true) {
                c.skipBlanks();
                if (c.atEnd()) throw fail("label set is not closed with '}'");
                if (c.peek() == '}') {
                    c.next();
                    return labels;
                }
                int start = c.pos;
                String labelName = c.labelName();
                if (labelName.isEmpty()) {
                    throw fail("expected a label name at column " + (start + 1) + ", found '" + c.peek() + "'");
                }
                c.skipBlanks();
                if (c.peek() != '=') throw fail("expected '=' after label name '" + labelName + "' at column " + (c.pos + 1));
                c.next();
                c.skipBlanks();
                if (c.peek() != '"') {
                    throw fail("value of label '" + labelName + "' must be in double quotes (column " + (c.pos + 1) + ")");
                }
                c.next();
                String value = quotedValue(c, labelName);
                if (labels.put(labelName, value) != null) throw fail("label '" + labelName + "' appears twice");
                c.skipBlanks();
                if (c.atEnd()) throw fail("label set is not closed with '}'");
                char sep = c.next();
                if (sep == '}') return labels;
                if (sep != ',') throw fail("expected ',' or '}' after the value of label '" + labelName
                        + "' at column " + c.pos + ", found '" + sep + "'");
            }
        }

        private String quotedValue(Cursor c, String labelName) {
            StringBuilder value = new StringBuilder();
            while (true) {
                if (c.atEnd()) throw fail("value of label '" + labelName + "' has no closing quote");
                char ch = c.next();
                if (ch == '"') return value.toString();
                if (ch != '\\') {
                    value.append(ch);
                    continue;
                }
                if (c.atEnd()) throw fail("value of label '" + labelName + "' has no closing quote");
                char esc = c.next();
                switch (esc) {
                    case '\\' -> value.append('\\');
                    case '"' -> value.append('"');
                    case 'n' -> value.append('\n');
                    default -> throw fail("invalid escape '\\" + esc + "' in the value of label '" + labelName
                            + "' at column " + (c.pos - 1) + " (only \\\\, \\\" and \\n are allowed)");
                }
            }
        }

        private double parseValue(String text) {
            String lower = text.toLowerCase(java.util.Locale.ROOT);
            switch (lower) {
                case "+inf", "inf", "+infinity", "infinity" -> {
                    return Double.POSITIVE_INFINITY;
                }
                case "-inf", "-infinity" -> {
                    return Double.NEGATIVE_INFINITY;
                }
                case "nan", "+nan", "-nan" -> {
                    return Double.NaN;
                }
                default -> {
                    // Double.parseDouble would also take "1f", "0x1p3" and "1d": the format does not.
                    if (!DECIMAL.matcher(text).matches()) {
                        throw fail("value '" + text + "' is not a number (use a decimal, +Inf, -Inf or NaN)");
                    }
                    return Double.parseDouble(text);
                }
            }
        }

        private String metricName(Cursor c, String where) {
            int start = c.pos;
            String name = c.metricName();
            if (name.isEmpty()) {
                String found = c.atEnd() ? "end of line" : "'" + c.peek() + "'";
                throw fail("expected a metric name in " + where + " at column " + (start + 1) + ", found " + found);
            }
            return name;
        }

        private MetricsFormatException fail(String problem) {
            return new MetricsFormatException(source, lineNumber, line, problem);
        }
    }

    static boolean isNumber(String text) {
        String lower = text.toLowerCase(java.util.Locale.ROOT);
        return DECIMAL.matcher(text).matches() || lower.equals("+inf") || lower.equals("-inf")
                || lower.equals("inf") || lower.equals("nan");
    }

    /** Parses a bound ({@code le} or {@code quantile} value) that {@link #parse} already checked. */
    public static double bound(String text) {
        String lower = text.toLowerCase(java.util.Locale.ROOT);
        if (lower.equals("+inf") || lower.equals("inf")) return Double.POSITIVE_INFINITY;
        if (lower.equals("-inf")) return Double.NEGATIVE_INFINITY;
        if (lower.equals("nan")) return Double.NaN;
        return Double.parseDouble(text);
    }

    /** A position in one line. */
    private static final class Cursor {
        final String s;
        int pos;

        Cursor(String s) {
            this.s = s;
        }

        boolean atEnd() {
            return pos >= s.length();
        }

        char peek() {
            return atEnd() ? '\0' : s.charAt(pos);
        }

        char next() {
            return s.charAt(pos++);
        }

        /** Skips spaces and tabs; returns whether there were any. */
        boolean skipBlanks() {
            int start = pos;
            while (!atEnd() && (s.charAt(pos) == ' ' || s.charAt(pos) == '\t')) pos++;
            return pos > start;
        }

        /** Everything up to the next blank. */
        String token() {
            int start = pos;
            while (!atEnd() && s.charAt(pos) != ' ' && s.charAt(pos) != '\t') pos++;
            return s.substring(start, pos);
        }

        String metricName() {
            return identifier(true);
        }

        String labelName() {
            return identifier(false);
        }

        private String identifier(boolean colonAllowed) {
            int start = pos;
            while (!atEnd()) {
                char ch = s.charAt(pos);
                boolean ok = (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || ch == '_'
                        || (colonAllowed && ch == ':') || (pos > start && ch >= '0' && ch <= '9');
                if (!ok) break;
                pos++;
            }
            return s.substring(start, pos);
        }
    }
}
