package io.meshbench.platform.kubernetes;

import io.meshbench.platform.PlatformException;

import java.time.Instant;
import java.util.List;

/** Gets one mode's rendered objects onto the cluster and off it again. */
interface ModeDeployer {

    /** Returns once every wave is applied and healthy, or throws naming what is not. */
    DeployTiming deploy(RenderedMode rendered, Instant deadline) throws PlatformException;

    /** Removes only this run's objects of the mode; returns what could not be removed. */
    List<String> teardown(RenderedMode rendered);

    /** Removes run-wide objects (ArgoCD's AppProject) once every mode is gone. */
    default List<String> teardownRun() {
        return List.of();
    }
}
