package io.meshbench.platform.local;

import io.meshbench.core.MeshMode;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Loopback addresses of one mode, distinct per mode so every mode can be up at once:
 * pod i → 127.&lt;block+mode&gt;.&lt;i / 250&gt;.&lt;i % 250 + 1&gt;, node n → 127.&lt;block+10+mode&gt;.0.&lt;n+1&gt;.
 * Linux routes all of 127.0.0.0/8 to the loopback interface, so each is bindable without setup.
 */
final class AddressPlan {
    private final int podOctet;
    private final int nodeOctet;
    private final int scratchOctet;
    private final int scratchNodeOctet;
    private final int mode;

    AddressPlan(LocalSettings settings, MeshMode mode) {
        this.podOctet = settings.addressBlock() + mode.ordinal();
        this.nodeOctet = settings.addressBlock() + 10 + mode.ordinal();
        this.scratchOctet = settings.addressBlock() + 6 + mode.ordinal();
        this.scratchNodeOctet = settings.addressBlock() + 4;
        this.mode = mode.ordinal();
    }

    /**
     * Scratch addresses for a warm-up twin of {@code pod}'s proxy, which no pod, node or probe of
     * any mode uses: the twin pod at 127.&lt;block+6+mode&gt; with the pod's last two octets, a twin
     * node (ztunnel) at 127.&lt;block+4&gt;.&lt;mode&gt;.&lt;node+1&gt;.
     */
    ScratchAddresses scratch(LocalPod pod) {
        byte[] b = pod.ip().getAddress();
        return new ScratchAddresses(address(127, scratchOctet, b[2] & 0xff, b[3] & 0xff),
                address(127, scratchNodeOctet, mode, pod.node() + 1));
    }

    InetAddress pod(int index) {
        if (index < 0 || index >= LocalSettings.ADDRESSABLE_PODS) throw new IllegalArgumentException("pod index " + index);
        return address(127, podOctet, index / 250, index % 250 + 1);
    }

    /** A pod and a node address no mode uses, for the empty-proxy probe: 127.&lt;block+5&gt;.0.1 and .1.1. */
    static InetAddress probe(LocalSettings settings, boolean node) {
        return address(127, settings.addressBlock() + 5, node ? 1 : 0, 1);
    }

    InetAddress node(int index) {
        return address(127, nodeOctet, 0, index + 1);
    }

    private static InetAddress address(int a, int b, int c, int d) {
        try {
            return InetAddress.getByAddress(new byte[]{(byte) a, (byte) b, (byte) c, (byte) d});
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);   // cannot happen for a 4-byte address
        }
    }
}
