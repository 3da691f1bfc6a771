package io.meshbench.platform.local;

import java.net.InetAddress;
import java.util.List;
import java.util.Map;

/**
 * The virtual cluster one mode runs on: its namespace, its nodes' loopback addresses, and where
 * every pod of every service lives (the service registry proxies resolve against).
 *
 * @param nodeIps       one loopback address per virtual node (ztunnels bind there, port 15008)
 * @param podsByService service name → its pods, in replica order
 */
public record LocalCluster(String namespace, List<InetAddress> nodeIps, Map<String, List<LocalPod>> podsByService) {

    public int nodeCount() {
        return nodeIps.size();
    }
}
