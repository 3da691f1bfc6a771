package io.meshbench.run;

import java.util.List;

/** The user's input is wrong (flags, topology, scenario, baseline). Nothing has been started. */
public class InputException extends RuntimeException {
    private final List<String> problems;

    public InputException(List<String> problems) {
        super(String.join("\n", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
