package io.meshbench.platform.local;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Where the local target's proxies run ({@code -Dlocal.dataplane}). {@link #EMBEDDED} keeps every
 * proxy in the harness JVM with its own threads and buffers: cheap enough for the default
 * 142-service run, but a sidecar's fixed per-process cost is zero by construction. {@link #PROCESS}
 * deploys each proxy as its architecture does (a process per pod, or per node), with a control
 * plane, and measures each process from the kernel.
 */
public enum DataPlaneLayout {
    EMBEDDED("embedded"),
    PROCESS("process");

    private final String id;

    DataPlaneLayout(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    public static Optional<DataPlaneLayout> parse(String text) {
        String wanted = text.trim().toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(l -> l.id.equals(wanted)).findFirst();
    }

    public static String choices() {
        return Arrays.stream(values()).map(DataPlaneLayout::id).collect(Collectors.joining(" or "));
    }
}
