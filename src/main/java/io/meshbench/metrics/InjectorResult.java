package io.meshbench.metrics;

import org.HdrHistogram.Histogram;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.zip.DataFormatException;

/**
 * What one load-injector pod saw of one phase, or the merge of several: the same counts and
 * histograms a local injector keeps, in a form that crosses a pod's log. Times are wall-clock
 * microseconds since the epoch, because the pods' monotonic clocks are not comparable.
 *
 * <p>Merging is exact: counts add, the window runs from the earliest first send to the latest
 * response, and HdrHistograms of equal range and precision add bucket by bucket, so the merge of N
 * parts has the same percentiles as one histogram of every value.
 *
 * @param injectors             how many injectors this covers (1 for a pod's own)
 * @param offeredRps            the open-model rate the injectors were asked for, summed
 * @param firstSentEpochMicros  earliest request sent, 0 when none was
 * @param lastResponseEpochMicros latest response received, 0 when none came
 * @param entryLatencyMillis    Gatling's response times (whole ms) of requests that got a response
 * @param sendLagMicros         each request's send time minus its place on its own injector's
 *                              timetable; merged over injectors, each judged against its own rate
 */
public record InjectorResult(int injectors, double offeredRps, long sent, long completed, long errors,
                             long injectedErrors, long firstSentEpochMicros, long lastResponseEpochMicros,
                             Histogram entryLatencyMillis, Histogram sendLagMicros) {

    /** Starts the one log line an injector pod prints for the harness to find. */
    public static final String MARKER = "MESHBENCH_INJECTOR_RESULT";
    public static final long HIGHEST_LATENCY_MILLIS = LatencyRecording.HIGHEST_TRACKABLE_MICROS / 1000;

    public static Histogram newLatencyHistogram() {
        return new Histogram(HIGHEST_LATENCY_MILLIS, LatencyRecording.SIGNIFICANT_DIGITS);
    }

    public static Histogram newLagHistogram() {
        return new Histogram(LatencyRecording.HIGHEST_TRACKABLE_MICROS, LatencyRecording.SIGNIFICANT_DIGITS);
    }

    /** Nothing sent: what a phase without injectors merges to. */
    public static InjectorResult empty() {
        return new InjectorResult(0, 0, 0, 0, 0, 0, 0, 0, newLatencyHistogram(), newLagHistogram());
    }

    /** Sums the parts (see the class comment); the parts are not changed. */
    public static InjectorResult merge(List<InjectorResult> parts) {
        Histogram latency = newLatencyHistogram();
        Histogram lag = newLagHistogram();
        int injectors = 0;
        double rps = 0;
        long sent = 0, completed = 0, errors = 0, injected = 0, first = 0, last = 0;
        for (InjectorResult p : parts) {
            injectors += p.injectors;
            rps += p.offeredRps;
            sent += p.sent;
            completed += p.completed;
            errors += p.errors;
            injected += p.injectedErrors;
            if (p.firstSentEpochMicros > 0) first = first == 0 ? p.firstSentEpochMicros : Math.min(first, p.firstSentEpochMicros);
            last = Math.max(last, p.lastResponseEpochMicros);
            latency.add(p.entryLatencyMillis);
            lag.add(p.sendLagMicros);
        }
        return new InjectorResult(injectors, rps, sent, completed, errors, injected, first, last, latency, lag);
    }

    /**
     * Seconds from the first request sent to the last response, or {@code injectionWindowSeconds}
     * when that is longer (the same rule as a local injector's counters).
     */
    public double activeSeconds(double injectionWindowSeconds) {
        double active = firstSentEpochMicros == 0 || lastResponseEpochMicros <= firstSentEpochMicros ? 0
                : (lastResponseEpochMicros - firstSentEpochMicros) / 1e6;
        return Math.max(active, injectionWindowSeconds);
    }

    /**
     * The send lag as the report shows it. Each injector is held to the allowance of its own share
     * of the rate: a pod sending 1/N of the requests is late only against its own timetable.
     */
    public InjectorLag lag() {
        if (sendLagMicros.getTotalCount() == 0) return new InjectorLag(0, 0, 0, 0, false);
        double p99 = sendLagMicros.getValueAtPercentile(99) / 1000.0;
        double perInjectorRps = injectors > 0 ? offeredRps / injectors : offeredRps;
        return new InjectorLag(sendLagMicros.getValueAtPercentile(50) / 1000.0, p99, sendLagMicros.getMaxValue() / 1000.0,
                sendLagMicros.getTotalCount(), p99 > InjectorLag.allowedMillis(perInjectorRps));
    }

    /** One log line: {@link #MARKER} then {@code key=value} fields, histograms compressed in Base64. */
    public String toLogLine() {
        return String.format(Locale.ROOT, "%s injectors=%d rps=%s sent=%d completed=%d errors=%d injected=%d first=%d last=%d latency=%s lag=%s",
                MARKER, injectors, Double.toString(offeredRps), sent, completed, errors, injectedErrors,
                firstSentEpochMicros, lastResponseEpochMicros, encode(entryLatencyMillis), encode(sendLagMicros));
    }

    /**
     * The result line in a pod's log, if it printed one. A line that starts with the marker but
     * cannot be read is an error naming the field, not a silent absence.
     */
    public static Optional<InjectorResult> fromLog(String log) {
        if (log == null) return Optional.empty();
        String found = null;
        for (String line : log.split("\\R")) {
            int at = line.indexOf(MARKER + " ");
            if (at >= 0) found = line.substring(at);
        }
        return found == null ? Optional.empty() : Optional.of(parse(found));
    }

    static InjectorResult parse(String line) {
        Map<String, String> f = new LinkedHashMap<>();
        for (String token : line.substring(MARKER.length()).trim().split(" +")) {
            int eq = token.indexOf('=');
            if (eq > 0) f.put(token.substring(0, eq), token.substring(eq + 1));
        }
        List<String> missing = new ArrayList<>();
        for (String key : List.of("injectors", "rps", "sent", "completed", "errors", "injected", "first", "last", "latency", "lag")) {
            if (!f.containsKey(key)) missing.add(key);
        }
        if (!missing.isEmpty()) throw new IllegalArgumentException("injector result line lacks " + missing + ": " + abbreviated(line));
        try {
            return new InjectorResult(Integer.parseInt(f.get("injectors")), Double.parseDouble(f.get("rps")),
                    Long.parseLong(f.get("sent")), Long.parseLong(f.get("completed")), Long.parseLong(f.get("errors")),
                    Long.parseLong(f.get("injected")), Long.parseLong(f.get("first")), Long.parseLong(f.get("last")),
                    decode(f.get("latency"), HIGHEST_LATENCY_MILLIS), decode(f.get("lag"), LatencyRecording.HIGHEST_TRACKABLE_MICROS));
        } catch (NumberFormatException | DataFormatException e) {
            throw new IllegalArgumentException("injector result line cannot be read (" + e.getMessage() + "): " + abbreviated(line), e);
        }
    }

    private static String abbreviated(String line) {
        return line.length() <= 120 ? line : line.substring(0, 120) + "…";
    }

    private static String encode(Histogram h) {
        ByteBuffer buffer = ByteBuffer.allocate(h.getNeededByteBufferCapacity());
        int length = h.encodeIntoCompressedByteBuffer(buffer);
        byte[] bytes = new byte[length];
        buffer.flip();
        buffer.get(bytes);
        return Base64.getEncoder().encodeToString(bytes);
    }

    private static Histogram decode(String text, long highest) throws DataFormatException {
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            throw new DataFormatException("not Base64: " + e.getMessage());
        }
        Histogram decoded = Histogram.decodeFromCompressedByteBuffer(ByteBuffer.wrap(bytes), highest);
        // Same range and precision as a fresh one, so merged histograms add bucket by bucket.
        Histogram h = highest == HIGHEST_LATENCY_MILLIS ? newLatencyHistogram() : newLagHistogram();
        h.add(decoded);
        return h;
    }
}
