package io.meshbench.platform;

/**
 * How far a deploy is: pods ready so far out of all the topology's pods, or, in the process layout's
 * last stage, proxies whose request path is warmed; {@code summary} (or null) says what a finished
 * stage did.
 */
public record DeployProgress(int ready, int total, Stage stage, String summary) {

    /** The stages of a deploy that report progress. */
    public enum Stage { PODS_READY, PROXIES_WARMED }

    public DeployProgress(int ready, int total) {
        this(ready, total, Stage.PODS_READY, null);
    }
}
