package io.meshbench.platform.local;

import io.meshbench.core.MeshMode;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.util.HashSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AddressPlanTest {

    /** A proxy's warm-up twin must never take an address a pod, node or the empty-proxy probe of any mode uses, in the block. */
    @Test
    void scratchAddressesStayClearOfEveryPodNodeAndProbeAddressOfTheBlock() {
        LocalSettings settings = new LocalSettings(3, 0, 600, LocalSettings.DEFAULT_ADDRESS_BLOCK);
        Set<InetAddress> used = new HashSet<>();
        for (MeshMode mode : MeshMode.values()) {
            AddressPlan plan = new AddressPlan(settings, mode);
            for (int i = 0; i < 600; i++) used.add(plan.pod(i));
            for (int n = 0; n < 3; n++) used.add(plan.node(n));
        }
        used.add(AddressPlan.probe(settings, false));
        used.add(AddressPlan.probe(settings, true));
        Set<InetAddress> scratch = new HashSet<>();
        Set<InetAddress> twinNodes = new HashSet<>();
        for (MeshMode mode : MeshMode.values()) {
            AddressPlan plan = new AddressPlan(settings, mode);
            for (int i = 0; i < 600; i++) {
                LocalPod pod = new LocalPod("p-" + i, "p", "ns", plan.pod(i), i % 3);
                ScratchAddresses s = plan.scratch(pod);
                for (InetAddress a : new InetAddress[]{s.pod(), s.node()}) {
                    assertFalse(used.contains(a), mode + " pod " + i + "'s scratch " + a + " is in use");
                    int second = a.getAddress()[1] & 0xff;
                    assertTrue(second >= settings.addressBlock() && second < settings.addressBlock() + AddressBlocks.SPAN,
                            a + " is outside the run's block");
                }
                assertTrue(scratch.add(s.pod()), "scratch " + s.pod() + " given twice");
                twinNodes.add(s.node());
                assertEquals(plan.pod(i).getAddress()[3], s.pod().getAddress()[3]);
            }
        }
        assertEquals(MeshMode.values().length * 3, twinNodes.size(), "one twin node address per mode and node");
        for (InetAddress n : twinNodes) assertFalse(scratch.contains(n), n + " is both a twin node and a twin pod");
    }
}
