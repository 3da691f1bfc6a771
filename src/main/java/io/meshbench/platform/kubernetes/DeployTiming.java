package io.meshbench.platform.kubernetes;

import java.time.Duration;
import java.time.Instant;

/**
 * How long getting a mode's objects onto the cluster took.
 *
 * @param started  ArgoCD's operationState.startedAt, or when the direct apply began
 * @param finished ArgoCD's operationState.finishedAt, or when the last wave was ready
 * @param method   where the two times come from, for the report
 */
public record DeployTiming(Instant started, Instant finished, String method) {

    public Duration duration() {
        return Duration.between(started, finished);
    }
}
