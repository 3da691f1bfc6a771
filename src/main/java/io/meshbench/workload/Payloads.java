package io.meshbench.workload;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;

import java.util.Arrays;

/** Synthetic request and response bodies of a given size; small ones share one read-only array. */
final class Payloads {
    private static final int SHARED_SIZE = 64 * 1024;
    private static final byte[] SHARED = filled(SHARED_SIZE);

    private Payloads() {
    }

    static ByteBuf body(long size, ByteBufAllocator alloc) {
        if (size <= 0) return Unpooled.EMPTY_BUFFER;
        if (size > Integer.MAX_VALUE - 8) throw new IllegalArgumentException("body too large: " + size + " bytes");
        int n = (int) size;
        if (n <= SHARED_SIZE) return Unpooled.wrappedBuffer(SHARED, 0, n);
        ByteBuf buf = alloc.buffer(n);
        while (buf.writableBytes() > 0) buf.writeBytes(SHARED, 0, Math.min(SHARED_SIZE, buf.writableBytes()));
        return buf;
    }

    private static byte[] filled(int n) {
        byte[] b = new byte[n];
        Arrays.fill(b, (byte) 'x');
        return b;
    }
}
