package io.meshbench.platform.local;

import io.meshbench.core.MeshMode;
import io.meshbench.platform.local.mesh.HboneClient;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Hands out loopback address blocks (the {@link LocalSettings#addressBlock()} of a scratch or test
 * platform) apart from the measured run's default block: never the same block twice in one JVM, and
 * only a block whose addresses are free right now, so a test or the harness warm-up does not collide
 * with another test in this JVM, nor (as far as binding can tell) with another JVM on this machine.
 */
public final class AddressBlocks {
    /** Second octets one block spans: pods at block + mode, nodes at block + 10 + mode (see {@link AddressPlan}). */
    public static final int SPAN = 10 + MeshMode.values().length;
    private static final int FIRST = LocalSettings.DEFAULT_ADDRESS_BLOCK + SPAN;
    private static final int LAST = 254 - SPAN + 1;

    private static final Set<Integer> handedOut = new HashSet<>();

    private AddressBlocks() {
    }

    /**
     * A block no one in this JVM got before and whose first pod and node addresses can be bound now.
     * Starts at a random block so concurrent JVMs rarely contend for the same one.
     *
     * @throws IllegalStateException when every block is handed out or busy
     */
    public static synchronized int reserve() {
        List<Integer> blocks = candidates();
        int start = ThreadLocalRandom.current().nextInt(blocks.size());
        for (int i = 0; i < blocks.size(); i++) {
            int block = blocks.get((start + i) % blocks.size());
            if (!handedOut.contains(block) && isFree(block)) {
                handedOut.add(block);
                return block;
            }
        }
        throw new IllegalStateException("no free loopback address block left among " + blocks
                + "; handed out in this JVM: " + handedOut);
    }

    /** Gives a block back once whatever used it is torn down (its addresses are checked again when next reserved). */
    public static synchronized void release(int block) {
        handedOut.remove(block);
    }

    /** Every block there is, apart from the measured run's default one. */
    static List<Integer> candidates() {
        List<Integer> blocks = new ArrayList<>();
        for (int block = FIRST; block <= LAST; block += SPAN) blocks.add(block);
        return blocks;
    }

    static synchronized boolean handedOut(int block) {
        return handedOut.contains(block);
    }

    /** Every mode's first pod address on the service port and first node address on the HBONE port bind. */
    private static boolean isFree(int block) {
        LocalSettings settings = new LocalSettings(1, 0, 1, block);
        for (MeshMode mode : MeshMode.values()) {
            AddressPlan plan = new AddressPlan(settings, mode);
            if (!canBind(new InetSocketAddress(plan.pod(0), LocalPod.SERVICE_PORT))
                    || !canBind(new InetSocketAddress(plan.node(0), HboneClient.HBONE_PORT))) {
                return false;
            }
        }
        return true;
    }

    static boolean canBind(InetSocketAddress address) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(address);
            return true;
        } catch (IOException busy) {
            return false;
        }
    }
}
