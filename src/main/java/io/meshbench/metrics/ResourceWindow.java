package io.meshbench.metrics;

/** Memory and CPU sampling over a window of time (idle or load); started by a Deployment. */
public interface ResourceWindow {

    /** Ends the window and returns what was measured over it. */
    ResourceUsage finish();
}
