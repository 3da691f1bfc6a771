package io.meshbench.topology;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A topology could not be loaded. Carries every problem found in the input (a file is checked as
 * a whole so the user can fix all mistakes in one go); {@link #file()}, {@link #line()} and
 * {@link #field()} describe the first one.
 */
public class TopologyException extends RuntimeException {

    /**
     * One mistake in a topology.
     *
     * @param file  the file as the user knows it ("topologies/foo.yaml"), or null when there is none
     * @param line  1-based line, 0 when unknown
     * @param field path of the offending field, e.g. {@code services[3].script[1].call}; may be empty
     * @param message what is wrong and how to fix it
     */
    public record Problem(String file, int line, String field, String message) {

        /** {@code topologies/foo.yaml:12: services[3].script[1].call: unknown service 'x' — …}. */
        public String format() {
            StringBuilder out = new StringBuilder();
            if (file != null) {
                out.append(file);
                if (line > 0) out.append(':').append(line);
                out.append(": ");
            }
            if (field != null && !field.isEmpty()) out.append(field).append(": ");
            return out.append(message).toString();
        }
    }

    private final List<Problem> problems;

    public TopologyException(List<Problem> problems) {
        super(describe(problems));
        if (problems.isEmpty()) throw new IllegalArgumentException("a TopologyException needs at least one problem");
        this.problems = List.copyOf(problems);
    }

    public TopologyException(String file, int line, String field, String message) {
        this(List.of(new Problem(file, line, field, message)));
    }

    public List<Problem> problems() {
        return problems;
    }

    public String file() {
        return problems.get(0).file();
    }

    public int line() {
        return problems.get(0).line();
    }

    public String field() {
        return problems.get(0).field();
    }

    private static String describe(List<Problem> problems) {
        if (problems.size() == 1) return problems.get(0).format();
        return problems.size() + " problems in the topology:\n" + problems.stream()
                .map(p -> "  " + p.format()).collect(Collectors.joining("\n"));
    }
}
