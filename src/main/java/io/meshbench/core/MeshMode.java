package io.meshbench.core;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The data-plane architectures a run compares. */
public enum MeshMode {
    /** No mesh: workloads call each other directly, in plaintext. */
    BASELINE("baseline", false),
    /** One L7 proxy (Envoy in Istio) per pod, in front of its inbound and outbound traffic. */
    SIDECAR("sidecar", true),
    /** One L4 ztunnel per node; pods' traffic crosses nodes over HBONE (HTTP/2 CONNECT in mTLS). */
    AMBIENT("ambient", true),
    /** Ambient plus one L7 waypoint proxy per namespace that traffic passes through. */
    WAYPOINT("waypoint", true);

    private final String id;
    private final boolean meshed;

    MeshMode(String id, boolean meshed) {
        this.id = id;
        this.meshed = meshed;
    }

    public String id() {
        return id;
    }

    public boolean meshed() {
        return meshed;
    }

    /** Parses "ambient" (any case); the error lists the valid names. */
    public static MeshMode parse(String text) {
        String wanted = text.trim().toLowerCase(Locale.ROOT);
        for (MeshMode m : values()) {
            if (m.id.equals(wanted)) return m;
        }
        throw new IllegalArgumentException("unknown mesh mode '" + text + "'; use one of "
                + Arrays.stream(values()).map(MeshMode::id).collect(Collectors.joining(", ")));
    }

    @Override
    public String toString() {
        return id;
    }
}
