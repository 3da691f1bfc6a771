package io.meshbench.metrics.prometheus;

/** A line of Prometheus or OpenMetrics exposition text that does not follow the format. */
public class MetricsFormatException extends RuntimeException {

    private final String source;
    private final int lineNumber;
    private final String line;
    private final String problem;
    private final String family;

    /**
     * @param family the metric family the line belongs to, or null when the line names none that
     *               could be read
     */
    public MetricsFormatException(String source, int lineNumber, String line, String problem, String family) {
        super(source + " line " + lineNumber + ": " + problem + " in: " + abbreviate(line));
        this.source = source;
        this.lineNumber = lineNumber;
        this.line = line;
        this.problem = problem;
        this.family = family;
    }

    public MetricsFormatException(String source, int lineNumber, String line, String problem) {
        this(source, lineNumber, line, problem, null);
    }

    public String source() {
        return source;
    }

    public int lineNumber() {
        return lineNumber;
    }

    public String line() {
        return line;
    }

    public String problem() {
        return problem;
    }

    /** The family that was skipped because of this line, or null when only the line was. */
    public String family() {
        return family;
    }

    /** What a scrape reports: which family (or line) was left out and why. */
    public String warning() {
        return (family != null ? "metric family '" + family + "' skipped: " : "line skipped: ") + getMessage();
    }

    private static String abbreviate(String line) {
        return line.length() <= 300 ? line : line.substring(0, 300) + "…";
    }
}
