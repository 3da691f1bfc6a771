package io.meshbench.core;

import java.util.Arrays;
import java.util.stream.Collectors;

/** Where a run deploys its topology: results carry the id. */
public enum Target {
    /** Every pod and an emulated data plane on loopback, on this machine. */
    LOCAL("local"),
    /** A real cluster with Istio, reached through a named kube context. */
    KUBERNETES("kubernetes");

    private final String id;

    Target(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    @Override
    public String toString() {
        return id;
    }

    /** Parses "local" or "kubernetes" (any case); the error lists the valid names. */
    public static Target parse(String text) {
        String wanted = text.trim().toLowerCase(java.util.Locale.ROOT);
        for (Target t : values()) {
            if (t.id.equals(wanted)) return t;
        }
        throw new IllegalArgumentException("unknown target '" + text + "'; use "
                + Arrays.stream(values()).map(Target::id).collect(Collectors.joining(" or ")));
    }
}
