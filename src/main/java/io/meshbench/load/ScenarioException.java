package io.meshbench.load;

/** A scenario file or a load flag is wrong; the message names the file or flag, the field, and the fix. */
public class ScenarioException extends RuntimeException {
    public ScenarioException(String message) {
        super(message);
    }
}
