package io.meshbench.metrics.scrape;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.SynchronizedHistogram;

import java.nio.ByteBuffer;
import java.util.Base64;
import java.util.zip.DataFormatException;

/**
 * Every client-side TLS handshake duration a proxy completed, exact to 3 significant digits, in µs
 * (1 µs … 60 s), served at {@link #PATH} on the proxy's admin port beside its Prometheus histogram
 * (whose bucket upper edges are all a percentile of it could say). The body is the histogram's
 * compressed encoding in base64; the count only grows, so a scraper subtracts the value read before
 * a window from the one read after it.
 */
public final class HandshakeTimes {

    /** Where a proxy's admin server serves {@link #encoded()}. */
    public static final String PATH = "/meshbench/handshakes";
    public static final long LOWEST_MICROS = 1;
    public static final long HIGHEST_MICROS = 60_000_000;
    public static final int DIGITS = 3;

    private final SynchronizedHistogram micros = new SynchronizedHistogram(LOWEST_MICROS, HIGHEST_MICROS, DIGITS);

    /** Records one handshake; durations outside 1 µs … 60 s are clamped to the range. */
    public void record(double seconds) {
        long us = Math.round(seconds * 1e6);
        micros.recordValue(Math.max(LOWEST_MICROS, Math.min(HIGHEST_MICROS, us)));
    }

    public long count() {
        return micros.getTotalCount();
    }

    /** Everything recorded so far, compressed and base64-encoded. */
    public String encoded() {
        Histogram copy;
        synchronized (micros) {
            copy = new Histogram(LOWEST_MICROS, HIGHEST_MICROS, DIGITS);
            copy.add(micros);
        }
        ByteBuffer buffer = ByteBuffer.allocate(copy.getNeededByteBufferCapacity());
        int length = copy.encodeIntoCompressedByteBuffer(buffer);
        byte[] bytes = new byte[length];
        buffer.flip();
        buffer.get(bytes);
        return Base64.getEncoder().encodeToString(bytes);
    }

    /** Reads what {@link #encoded()} wrote. */
    public static Histogram decode(String base64) {
        try {
            Histogram h = Histogram.decodeFromCompressedByteBuffer(
                    ByteBuffer.wrap(Base64.getDecoder().decode(base64.trim())), HIGHEST_MICROS);
            Histogram out = new Histogram(LOWEST_MICROS, HIGHEST_MICROS, DIGITS);
            out.add(h);
            return out;
        } catch (DataFormatException | IllegalArgumentException e) {
            throw new IllegalArgumentException("not an encoded handshake histogram: " + e.getMessage(), e);
        }
    }
}
