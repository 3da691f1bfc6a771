package io.meshbench.load;

import java.util.Arrays;
import java.util.stream.Collectors;

/** The one fault a disruption scenario schedules inside its measured window. */
public enum FaultKind {
    /** A workload pod of the service is killed; its controller starts a fresh one. */
    RESTART_POD("restart-pod"),
    /** The data plane serving a pod of the service restarts: its sidecar, its node's ztunnel, or the waypoint. */
    RESTART_DATAPLANE("restart-dataplane"),
    /** A new version that fails (or slows) requests is rolled out, detected from metrics and rolled back. */
    BAD_ROLLOUT("bad-rollout");

    private final String id;

    FaultKind(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    public static FaultKind parse(String text) {
        for (FaultKind k : values()) {
            if (k.id.equalsIgnoreCase(text.trim())) return k;
        }
        throw new IllegalArgumentException("unknown fault kind '" + text + "'");
    }

    public static String names() {
        return Arrays.stream(values()).map(FaultKind::id).collect(Collectors.joining(", "));
    }
}
