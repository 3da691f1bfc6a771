package io.meshbench.platform.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meshbench.core.MeshMode;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

class AddressBlocksTest {

    @Test
    void blocksAreNeverHandedOutTwiceAndStayClearOfTheRunsDefaultBlock() {
        Set<Integer> seen = new HashSet<>();
        for (int i = 0; i < 3; i++) {
            int block = AddressBlocks.reserve();
            assertTrue(seen.add(block), "block " + block + " handed out twice");
            int lastOctet = block + AddressBlocks.SPAN - 1;
            int defaultLast = LocalSettings.DEFAULT_ADDRESS_BLOCK + AddressBlocks.SPAN - 1;
            assertTrue(block > defaultLast && lastOctet <= 254, "block " + block + " overlaps the default block or leaves 127/8");
            new LocalSettings(1, 0, 1, block);   // a valid setting
        }
    }

    @Test
    void aBlockInUseIsSkipped() throws IOException {
        List<ServerSocket> occupied = new ArrayList<>();
        Integer leftFree = null;
        try {
            for (int block : AddressBlocks.candidates()) {
                if (AddressBlocks.handedOut(block)) continue;
                InetSocketAddress firstPod = new InetSocketAddress(
                        new AddressPlan(new LocalSettings(1, 0, 1, block), MeshMode.BASELINE).pod(0), LocalPod.SERVICE_PORT);
                if (leftFree == null && AddressBlocks.canBind(firstPod)) {
                    leftFree = block;
                    continue;
                }
                ServerSocket s = new ServerSocket();
                try {
                    s.bind(firstPod);
                    occupied.add(s);
                } catch (IOException busyAlready) {
                    s.close();
                }
            }
            assertNotNull(leftFree, "no free block left to test with");
            assertEquals(leftFree, AddressBlocks.reserve(), "the only block whose addresses are free");
            assertFalse(AddressBlocks.candidates().contains(LocalSettings.DEFAULT_ADDRESS_BLOCK));
        } finally {
            for (ServerSocket s : occupied) s.close();
        }
    }
}
