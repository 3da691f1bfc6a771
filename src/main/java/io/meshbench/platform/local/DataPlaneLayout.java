package io.meshbench.platform.local;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Where the local target's proxies run ({@code -Dlocal.dataplane}). {@link #PROCESS}, the default,
 * deploys each proxy as its architecture does (a process per pod, or per node), with a control
 * plane, and measures each process from the kernel. {@link #EMBEDDED} keeps every proxy in the
 * harness JVM with its own threads and buffers: minutes faster, and its latency figures compare the
 * proxies' code paths, but a sidecar's fixed per-process cost is zero by construction, so its
 * memory, startup and services-per-node figures do not describe the architectures.
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
