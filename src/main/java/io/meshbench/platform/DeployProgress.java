package io.meshbench.platform;

/** How far a deploy is: pods ready so far out of all the topology's pods. */
public record DeployProgress(int ready, int total) {
}
