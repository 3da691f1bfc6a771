package io.meshbench.platform.local;

import io.netty.util.internal.PlatformDependent;

import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;

/**
 * Memory this JVM holds live: heap used after a full collection, plus direct buffers (the JDK's
 * and Netty's own, which the JDK's pool does not see). Differences of two readings around a deploy
 * give what the deployed pods hold.
 */
final class MemoryGauge {
    private MemoryGauge() {
    }

    static long liveBytesAfterGc() {
        System.gc();
        long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        long direct = 0;
        for (BufferPoolMXBean pool : ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class)) {
            if ("direct".equals(pool.getName())) direct += Math.max(0, pool.getMemoryUsed());
        }
        long nettyDirect = PlatformDependent.usedDirectMemory();
        return heap + direct + Math.max(0, nettyDirect);
    }
}
