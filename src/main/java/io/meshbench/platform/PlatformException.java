package io.meshbench.platform;

import java.util.List;

/** A target refused or failed a step; {@link #problems()} lists each thing to fix. */
public class PlatformException extends Exception {
    private final List<String> problems;

    public PlatformException(String message) {
        this(List.of(message), null);
    }

    public PlatformException(String message, Throwable cause) {
        this(List.of(message), cause);
    }

    public PlatformException(List<String> problems, Throwable cause) {
        super(String.join("\n", problems), cause);
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
