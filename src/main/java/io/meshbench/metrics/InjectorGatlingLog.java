package io.meshbench.metrics;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.TreeMap;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * An injector pod's Gatling {@code simulation.log}, carried through the pod's log: a pod whose
 * container has exited can no longer be exec'd into or copied from, but its log stays readable
 * through the API server until the pod is deleted. The file is gzipped, Base64-encoded and cut into
 * numbered lines ({@link #MARKER} {@code i/n chunk}) short enough that no container runtime splits
 * them; the harness reassembles them byte for byte.
 */
public final class InjectorGatlingLog {
    public static final String MARKER = "MESHBENCH_INJECTOR_GATLING_LOG";
    /** Characters of Base64 per line: well under the 16 KiB at which CRI runtimes split a log line. */
    static final int CHUNK = 8000;

    private InjectorGatlingLog() {
    }

    /** The log lines that carry {@code simulationLog}, in order. */
    public static List<String> toLogLines(byte[] simulationLog) {
        ByteArrayOutputStream zipped = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(zipped)) {
            gz.write(simulationLog);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String text = Base64.getEncoder().encodeToString(zipped.toByteArray());
        int n = Math.max(1, (text.length() + CHUNK - 1) / CHUNK);
        List<String> lines = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            lines.add(String.format(Locale.ROOT, "%s %d/%d %s", MARKER, i + 1, n,
                    text.substring(i * CHUNK, Math.min(text.length(), (i + 1) * CHUNK))));
        }
        return lines;
    }

    /**
     * The simulation.log a pod's log carries, if it carries one. Lines that are missing, repeated
     * with different content or unreadable are an error saying which, never a silently shorter file.
     */
    public static Optional<byte[]> fromLog(String log) {
        if (log == null) return Optional.empty();
        TreeMap<Integer, String> chunks = new TreeMap<>();
        int total = -1;
        for (String line : log.split("\\R")) {
            int at = line.indexOf(MARKER + " ");
            if (at < 0) continue;
            String[] parts = line.substring(at + MARKER.length() + 1).trim().split(" ", 2);
            String[] position = parts[0].split("/");
            try {
                int i = Integer.parseInt(position[0]);
                int n = Integer.parseInt(position[1]);
                if (total >= 0 && n != total) throw new IllegalArgumentException("Gatling log lines disagree on their count ("
                        + total + " and " + n + ")");
                total = n;
                String previous = chunks.put(i, parts.length > 1 ? parts[1] : "");
                if (previous != null && !previous.equals(chunks.get(i))) {
                    throw new IllegalArgumentException("Gatling log line " + i + "/" + n + " appears twice with different content");
                }
            } catch (NumberFormatException | ArrayIndexOutOfBoundsException e) {
                throw new IllegalArgumentException("Gatling log line without its i/n position: "
                        + line.substring(at, Math.min(line.length(), at + MARKER.length() + 20)) + "…", e);
            }
        }
        if (total < 0) return Optional.empty();
        List<Integer> missing = new ArrayList<>();
        for (int i = 1; i <= total; i++) if (!chunks.containsKey(i)) missing.add(i);
        if (!missing.isEmpty() || chunks.size() != total) {
            throw new IllegalArgumentException("Gatling log lines " + missing + " of " + total + " are missing"
                    + (chunks.size() > total ? " or numbered beyond " + total : ""));
        }
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(
                Base64.getDecoder().decode(String.join("", chunks.values()))))) {
            return Optional.of(in.readAllBytes());
        } catch (IOException | IllegalArgumentException e) {
            throw new IllegalArgumentException("Gatling log lines cannot be decoded: " + e.getMessage(), e);
        }
    }
}
