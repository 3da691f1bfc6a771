package io.meshbench.platform.local;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Polls a workload's {@code /healthz/ready} until it answers 200, as a kubelet readiness probe
 * does: one short-lived connection per attempt, so probing thousands of pods leaves none open.
 */
final class ReadinessProbe {
    static final Duration TIMEOUT = Duration.ofSeconds(20);
    private static final long RETRY_MILLIS = 20;
    private static final int IO_TIMEOUT_MILLIS = 2_000;

    private ReadinessProbe() {
    }

    static void await(InetSocketAddress target) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        IOException last = null;
        while (System.nanoTime() < deadline) {
            try {
                int status = probeOnce(target);
                if (status == 200) return;
                last = new IOException("readiness probe of " + target + " answered " + status);
            } catch (IOException e) {
                last = e;
            }
            Thread.sleep(RETRY_MILLIS);
        }
        throw new IOException("not ready within " + TIMEOUT.toSeconds() + " s: " + target, last);
    }

    private static int probeOnce(InetSocketAddress target) throws IOException {
        try (Socket s = new Socket()) {
            s.connect(target, IO_TIMEOUT_MILLIS);
            s.setSoTimeout(IO_TIMEOUT_MILLIS);
            OutputStream out = s.getOutputStream();
            out.write(("GET /healthz/ready HTTP/1.1\r\nHost: " + target.getAddress().getHostAddress()
                    + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String statusLine = readLine(s.getInputStream());
            String[] parts = statusLine.split(" ", 3);
            if (parts.length < 2 || !parts[0].startsWith("HTTP/")) throw new IOException("not HTTP: " + statusLine);
            return Integer.parseInt(parts[1]);
        }
    }

    private static String readLine(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < 512; i++) {
            int c = in.read();
            if (c < 0 || c == '\n') break;
            if (c != '\r') line.append((char) c);
        }
        return line.toString();
    }
}
