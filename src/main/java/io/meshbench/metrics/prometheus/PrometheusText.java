package io.meshbench.metrics.prometheus;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Parser of the Prometheus text exposition format 0.0.4 (ztunnel's {@code :15020/stats/prometheus},
 * Envoy's {@code :15090/stats/prometheus}) and of OpenMetrics 1.0 text (what Rust's
 * prometheus-client, and so ztunnel, writes when asked for it).
 *
 * <p>What it accepts follows the reference parsers (Prometheus' {@code promparse} and
 * {@code openmetricsparse}): every metric type of both formats ({@code info}, {@code stateset},
 * {@code gaugehistogram}, {@code unknown}…), exemplars ({@code # {trace_id="x"} 1 1.5}), a counter
 * declared as {@code x} whose samples are {@code x_total}, {@code # UNIT} lines, a value right after
 * {@code }} ({@code a{b="c"}1}), blanks and a trailing comma inside a label set, an empty
 * {@code # HELP}, the escapes {@code \\}, {@code \"} and {@code \n} in label values and HELP text
 * (any other backslash is kept as written, as {@code promparse} does). Timestamps are integer
 * milliseconds in 0.0.4 and (possibly fractional) seconds in OpenMetrics; a text is OpenMetrics when
 * it ends with {@code # EOF}. A fractional timestamp in a text without {@code # EOF} can only be
 * seconds and is read as such.
 *
 * <p>What it refuses: invalid names, unquoted or unterminated label values, a label twice, a value
 * that is not a float, a TYPE after the family's samples or twice, a series twice, a histogram
 * bucket without {@code le}, a summary quantile without {@code quantile}, a stateset sample without
 * its state label. Such a line costs its family, not the scrape: {@link #read} skips the family
 * (and its later lines) with one problem naming it, the line number and what is wrong, and keeps
 * every other family. {@link #parse} is the strict form that throws the first problem.
 */
public final class PrometheusText {

    private static final Pattern DECIMAL = Pattern.compile("[+-]?(?:\\d+(?:\\.\\d*)?|\\.\\d+)(?:[eE][+-]?\\d+)?");
    // Go's strconv.ParseFloat (both reference parsers) also reads hexadecimal floats.
    private static final Pattern HEX_FLOAT = Pattern.compile("[+-]?0[xX](?:[0-9a-fA-F]+\\.?[0-9a-fA-F]*|\\.[0-9a-fA-F]+)[pP][+-]?\\d+");
    private static final Pattern INTEGER = Pattern.compile("[+-]?\\d+");
    private static final List<String> OWNED_SUFFIXES =
            List.of("_bucket", "_sum", "_count", "_total", "_created", "_gsum", "_gcount", "_info");

    private PrometheusText() {
    }

    /**
     * Parses one scrape, skipping families it cannot read.
     *
     * @param text       the endpoint's whole response body
     * @param sourceName named in problems, e.g. "ztunnel-node-1 http://127.0.0.1:15020/stats/prometheus"
     */
    public static Exposition read(String text, String sourceName) {
        return new Run(sourceName).parseAll(text);
    }

    /**
     * Parses one scrape strictly.
     *
     * @return the metric families in order of first appearance
     * @throws MetricsFormatException the first line that does not follow the format
     */
    public static List<MetricFamily> parse(String text, String sourceName) {
        Exposition e = read(text, sourceName);
        if (!e.skipped().isEmpty()) throw e.skipped().get(0);
        return e.families();
    }

    /** A family while it is being read. */
    private static final class Draft {
        final String name;
        MetricType type = MetricType.UNTYPED;
        int typeLine;
        String help;
        int helpLine;
        int firstSampleLine;
        boolean broken;
        final List<Sample> samples = new ArrayList<>();

        Draft(String name) {
            this.name = name;
        }
    }

    /** Thrown to leave a line of a family that is already skipped. */
    private static final class SkipLine extends RuntimeException {
        SkipLine() {
            super(null, null, false, false);
        }
    }

    private static final SkipLine SKIP = new SkipLine();

    /** The state of parsing one text. */
    private static final class Run {
        private final String source;
        private final Map<String, Draft> families = new LinkedHashMap<>();
        private final Map<String, Integer> seriesLines = new HashMap<>();
        private final List<MetricsFormatException> skipped = new ArrayList<>();
        private boolean openMetrics;
        private int lineNumber;
        private String line;
        /** The family the current line belongs to, once its name is read. */
        private String lineFamily;

        Run(String source) {
            this.source = source;
        }

        Exposition parseAll(String text) {
            String[] lines = text.split("\n", -1);
            openMetrics = endsWithEof(lines);
            for (int i = 0; i < lines.length; i++) {
                lineNumber = i + 1;
                line = lines[i].endsWith("\r") ? lines[i].substring(0, lines[i].length() - 1) : lines[i];
                lineFamily = null;
                if (line.isBlank()) continue;
                try {
                    Cursor c = new Cursor(line);
                    c.skipBlanks();
                    if (c.peek() == '#') {
                        if (comment(c)) {
                            if (hasContentAfter(lines, i)) {
                                lineNumber = i + 2;
                                line = lines[i + 1];
                                throw fail("content after '# EOF' (OpenMetrics ends the exposition there); the rest is ignored");
                            }
                            break;
                        }
                    } else {
                        sample(c);
                    }
                } catch (SkipLine s) {
                    // a later line of a family already skipped
                } catch (MetricsFormatException e) {
                    skip(e);
                    if (e.problem().startsWith("content after '# EOF'")) break;
                }
            }
            List<MetricFamily> result = new ArrayList<>();
            for (Draft d : families.values()) {
                if (!d.broken) result.add(new MetricFamily(d.name, d.type, d.help == null ? "" : d.help, d.samples));
            }
            return new Exposition(result, skipped, openMetrics);
        }

        private static boolean endsWithEof(String[] lines) {
            for (int i = lines.length - 1; i >= 0; i--) {
                if (!lines[i].isBlank()) return lines[i].strip().equals("# EOF");
            }
            return false;
        }

        private static boolean hasContentAfter(String[] lines, int i) {
            for (int j = i + 1; j < lines.length; j++) {
                if (!lines[j].isBlank()) return true;
            }
            return false;
        }

        /** Skips the family of a failed line (once), or the line alone when it names no family. */
        private void skip(MetricsFormatException e) {
            if (e.family() == null) {
                skipped.add(e);
                return;
            }
            Draft d = families.computeIfAbsent(e.family(), Draft::new);
            if (!d.broken) {
                d.broken = true;
                skipped.add(e);
            }
        }

        /** The current line belongs to this family; leaves the line if the family is already skipped. */
        private void enter(String family) {
            lineFamily = family;
            Draft d = families.get(family);
            if (d != null && d.broken) throw SKIP;
        }

        /** Reads a comment line; returns true for OpenMetrics' {@code # EOF}. */
        private boolean comment(Cursor c) {
            c.next(); // '#'
            c.skipBlanks();
            String keyword = c.token();
            switch (keyword) {
                case "HELP" -> help(c);
                case "TYPE" -> type(c);
                case "UNIT" -> {
                    c.skipBlanks();
                    enter(metricName(c, "UNIT line"));
                }
                case "EOF" -> {
                    c.skipBlanks();
                    return c.atEnd();
                }
                default -> {
                    // free comments carry nothing we use
                }
            }
            return false;
        }

        private void help(Cursor c) {
            c.skipBlanks();
            String name = metricName(c, "HELP line");
            enter(name);
            Draft d = families.computeIfAbsent(name, Draft::new);
            if (d.help != null) {
                throw fail("second HELP line for '" + name + "' (the first is on line " + d.helpLine + ")");
            }
            c.skipBlanks();
            d.help = unescape(c.rest()).stripTrailing();
            d.helpLine = lineNumber;
        }

        private void type(Cursor c) {
            c.skipBlanks();
            String name = metricName(c, "TYPE line");
            enter(name);
            c.skipBlanks();
            String word = c.token();
            if (word.isEmpty()) {
                throw fail("TYPE line for '" + name + "' names no type (use " + MetricType.TYPE_WORDS + ")");
            }
            MetricType type = MetricType.fromWord(word);
            if (type == null) {
                throw fail("unknown metric type '" + word + "' for '" + name + "' (use " + MetricType.TYPE_WORDS + ")");
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
            Draft owner = ownerOf(name);
            enter(owner != null ? owner.name : name);
            c.skipBlanks();
            Map<String, String> labels = new LinkedHashMap<>();
            if (c.peek() == '{') {
                labels = labels(c, "label");
                c.skipBlanks();
            }
            String valueText = c.token();
            if (valueText.isEmpty()) throw fail("missing value after '" + name + "'");
            double value = parseValue(valueText);
            c.skipBlanks();
            Long timestamp = null;
            if (!c.atEnd() && c.peek() != '#') {
                timestamp = timestamp(c.token());
                c.skipBlanks();
            }
            Exemplar exemplar = null;
            if (!c.atEnd() && c.peek() == '#') {
                exemplar = exemplar(c);
            }
            if (!c.atEnd()) throw fail("unexpected text after the " + (timestamp == null ? "value" : "timestamp")
                    + " at column " + (c.pos + 1));
            Sample sample = new Sample(name, labels, value, timestamp, exemplar);
            Draft family = familyOf(name);
            checkTypeRules(family, sample);
            Integer earlier = seriesLines.putIfAbsent(Sample.seriesId(name, new TreeMap<>(labels)), lineNumber);
            if (earlier != null) {
                throw fail("duplicate series " + sample.seriesId() + " (first on line " + earlier + ")");
            }
            if (family.firstSampleLine == 0) family.firstSampleLine = lineNumber;
            family.samples.add(sample);
        }

        /** {@code # {labels} value [timestamp]} after a sample. */
        private Exemplar exemplar(Cursor c) {
            c.next(); // '#'
            c.skipBlanks();
            if (c.peek() != '{') throw fail("expected '{' to open the exemplar's labels at column " + (c.pos + 1));
            Map<String, String> labels = labels(c, "exemplar label");
            c.skipBlanks();
            String valueText = c.token();
            if (valueText.isEmpty()) throw fail("exemplar has no value");
            double value = parseValue(valueText);
            c.skipBlanks();
            Long timestamp = c.atEnd() ? null : timestamp(c.token());
            c.skipBlanks();
            return new Exemplar(labels, value, timestamp);
        }

        /** Milliseconds since the epoch: 0.0.4 writes integer ms, OpenMetrics (fractional) seconds. */
        private Long timestamp(String ts) {
            boolean integer = INTEGER.matcher(ts).matches();
            if (!openMetrics && integer) {
                try {
                    return Long.parseLong(ts);
                } catch (NumberFormatException e) {
                    throw fail("timestamp '" + ts + "' does not fit in 64 bits");
                }
            }
            if (!DECIMAL.matcher(ts).matches()) {
                throw fail("timestamp '" + ts + "' is not a number (milliseconds in text 0.0.4, seconds in OpenMetrics)");
            }
            try {
                return new BigDecimal(ts).movePointRight(3).setScale(0, RoundingMode.FLOOR).longValueExact();
            } catch (ArithmeticException e) {
                throw fail("timestamp '" + ts + "' does not fit in 64 bits");
            }
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
            if (owner == null || owner == exact) return exact != null ? exact : families.computeIfAbsent(sampleName, Draft::new);
            if (exact != null) {
                // Only a HELP line was written for the sample's full name: its text describes the owner.
                if (owner.help == null) owner.help = exact.help;
                families.remove(sampleName);
            }
            return owner;
        }

        /** A typed (or skipped) family whose name plus a suffix of its type is this sample name. */
        private Draft ownerOf(String sampleName) {
            Draft exact = families.get(sampleName);
            if (exact != null && (exact.typeLine != 0 || !exact.samples.isEmpty() || exact.broken)) return exact;
            for (String suffix : OWNED_SUFFIXES) {
                if (sampleName.endsWith(suffix)) {
                    Draft d = families.get(sampleName.substring(0, sampleName.length() - suffix.length()));
                    if (d == null) continue;
                    if (d.broken || d.typeLine != 0 && MetricFamily.owns(d.name, d.type, sampleName)) return d;
                }
            }
            return null;
        }

        private void checkTypeRules(Draft family, Sample s) {
            boolean bare = s.name().equals(family.name);
            switch (family.type) {
                case HISTOGRAM, GAUGE_HISTOGRAM -> {
                    if (s.name().equals(family.name + "_bucket")) {
                        String le = s.label("le");
                        if (le == null) throw fail("histogram bucket of '" + family.name + "' has no le label");
                        boundValue(le, "le");
                    } else if (bare) {
                        throw fail("histogram '" + family.name + "' has a sample without a _bucket, _sum or _count suffix");
                    }
                }
                case SUMMARY -> {
                    if (bare) {
                        String q = s.label("quantile");
                        if (q == null) throw fail("summary sample of '" + family.name + "' has no quantile label");
                        boundValue(q, "quantile");
                    }
                }
                case STATESET -> {
                    if (s.label(family.name) == null) {
                        throw fail("stateset sample of '" + family.name + "' has no '" + family.name + "' label naming its state");
                    }
                }
                case INFO -> {
                    if (bare) throw fail("info sample of '" + family.name + "' must be named " + family.name + "_info");
                }
                default -> {
                }
            }
        }

        private void boundValue(String text, String label) {
            if (!isNumber(text)) {
                throw fail(label + "=\"" + text + "\" is not a number (use e.g. \"0.5\" or \"+Inf\")");
            }
        }

        /** A label set from '{' to '}'; blanks around names, '=' and ',' and a trailing ',' are allowed. */
        private Map<String, String> labels(Cursor c, String what) {
            c.next(); // '{'
            Map<String, String> labels = new LinkedHashMap<>();
            while (true) {
                c.skipBlanks();
                if (c.atEnd()) throw fail(what + " set is not closed with '}'");
                if (c.peek() == '}') {
                    c.next();
                    return labels;
                }
                int start = c.pos;
                String labelName = c.labelName();
                if (labelName.isEmpty()) {
                    throw fail("expected a " + what + " name at column " + (start + 1) + ", found '" + c.peek() + "'");
                }
                c.skipBlanks();
                if (c.peek() != '=') throw fail("expected '=' after " + what + " name '" + labelName + "' at column " + (c.pos + 1));
                c.next();
                c.skipBlanks();
                if (c.peek() != '"') {
                    throw fail("value of " + what + " '" + labelName + "' must be in double quotes (column " + (c.pos + 1) + ")");
                }
                c.next();
                String value = quotedValue(c, labelName);
                if (labels.put(labelName, value) != null) throw fail(what + " '" + labelName + "' appears twice");
                c.skipBlanks();
                if (c.atEnd()) throw fail(what + " set is not closed with '}'");
                char sep = c.next();
                if (sep == '}') return labels;
                if (sep != ',') throw fail("expected ',' or '}' after the value of " + what + " '" + labelName
                        + "' at column " + c.pos + ", found '" + sep + "'");
            }
        }

        private String quotedValue(Cursor c, String labelName) {
            int start = c.pos;
            while (true) {
                if (c.atEnd()) throw fail("value of label '" + labelName + "' has no closing quote");
                char ch = c.next();
                if (ch == '"') return unescape(c.s.substring(start, c.pos - 1));
                if (ch == '\\') {
                    if (c.atEnd()) throw fail("value of label '" + labelName + "' has no closing quote");
                    c.next();
                }
            }
        }

        private double parseValue(String text) {
            String lower = text.toLowerCase(Locale.ROOT);
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
                    // Double.parseDouble would also take "1f" and "1d": the formats do not.
                    if (!DECIMAL.matcher(text).matches() && !HEX_FLOAT.matcher(text).matches()) {
                        throw fail("value '" + text + "' is not a number (use a decimal, +Inf, -Inf or NaN)");
                    }
                    return Double.parseDouble(text);
                }
            }
        }

        /** A metric name that ends at a blank, '{' or the end of the line, else the whole word is refused. */
        private String metricName(Cursor c, String where) {
            int start = c.pos;
            String name = c.metricName();
            char next = c.peek();
            if (name.isEmpty() || !(c.atEnd() || next == ' ' || next == '\t' || next == '{')) {
                c.pos = start;
                String word = c.word();
                if (word.isEmpty()) {
                    throw fail("expected a metric name in " + where + " at column " + (start + 1) + ", found end of line");
                }
                // The whole word stands for the family, so its other lines are skipped with it.
                lineFamily = word;
                enter(word);
                throw fail("'" + word + "' in " + where + " is not a valid metric name (letters, digits, '_' and ':',"
                        + " not starting with a digit)");
            }
            return name;
        }

        private MetricsFormatException fail(String problem) {
            return new MetricsFormatException(source, lineNumber, line, problem, lineFamily);
        }
    }

    /** {@code \\}, {@code \"} and {@code \n} unescaped; any other backslash kept as written. */
    static String unescape(String text) {
        if (text.indexOf('\\') < 0) return text;
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char ch = text.charAt(i);
            if (ch == '\\' && i + 1 < text.length()) {
                char esc = text.charAt(i + 1);
                switch (esc) {
                    case '\\' -> out.append('\\');
                    case '"' -> out.append('"');
                    case 'n' -> out.append('\n');
                    default -> out.append('\\').append(esc);
                }
                i++;
            } else {
                out.append(ch);
            }
        }
        return out.toString();
    }

    static boolean isNumber(String text) {
        String lower = text.toLowerCase(Locale.ROOT);
        return DECIMAL.matcher(text).matches() || lower.equals("+inf") || lower.equals("-inf")
                || lower.equals("inf") || lower.equals("nan");
    }

    /** Parses a bound ({@code le} or {@code quantile} value) that {@link #parse} already checked. */
    public static double bound(String text) {
        String lower = text.toLowerCase(Locale.ROOT);
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

        /** Everything up to the next blank or '{'. */
        String word() {
            int start = pos;
            while (!atEnd() && s.charAt(pos) != ' ' && s.charAt(pos) != '\t' && s.charAt(pos) != '{') pos++;
            return s.substring(start, pos);
        }

        String rest() {
            String r = s.substring(pos);
            pos = s.length();
            return r;
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
