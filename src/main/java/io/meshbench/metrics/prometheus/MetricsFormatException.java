package io.meshbench.metrics.prometheus;

/** A line of Prometheus exposition text that does not follow the format. */
public class MetricsFormatException extends RuntimeException {

    private final String source;
    private final int lineNumber;
    private final String line;
    private final String problem;

    public MetricsFormatException(String source, int lineNumber, String line, String problem) {
        super(source + " line " + lineNumber + ": " + problem + " in: " + abbreviate(line));
        this.source = source;
        this.lineNumber = lineNumber;
        this.line = line;
        this.problem = problem;
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

    private static String abbreviate(String line) {
        return line.length() <= 300 ? line : line.substring(0, 300) + "…";
    }
}
