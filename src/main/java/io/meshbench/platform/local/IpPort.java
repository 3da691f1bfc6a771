package io.meshbench.platform.local;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;

/**
 * The "ip:port" text in which the local target's processes name addresses to each other (a proxy's
 * ingress reply, a hosted pod's bind, a route's next hop). One parse for all of them.
 */
public final class IpPort {
    private IpPort() {
    }

    /** {@code "127.1.2.3:15080"} as an address; the IP is a literal, so nothing is looked up. */
    public static InetSocketAddress parse(String ipPort) throws UnknownHostException {
        int colon = ipPort.lastIndexOf(':');
        return new InetSocketAddress(InetAddress.getByName(ipPort.substring(0, colon)), Integer.parseInt(ipPort.substring(colon + 1)));
    }
}
