package io.meshbench.platform.local.mesh;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/** One keep-alive HTTP/1.1 connection, written by hand as a workload would: preamble, then requests. */
final class RawHttpClient implements AutoCloseable {

    private final Socket socket = new Socket();
    private final InputStream in;
    private final OutputStream out;

    RawHttpClient(InetSocketAddress to, byte[] preamble) throws IOException {
        socket.connect(to, 5000);
        socket.setSoTimeout(10_000);
        in = socket.getInputStream();
        out = socket.getOutputStream();
        if (preamble != null) out.write(preamble);
    }

    /** Sends a POST with {@code bodyBytes} bytes to Host {@code host}; returns "status body". */
    String post(String host, int bodyBytes) throws IOException {
        byte[] body = new byte[bodyBytes];
        String head = "POST / HTTP/1.1\r\nHost: " + host + "\r\nContent-Length: " + bodyBytes + "\r\n\r\n";
        out.write(head.getBytes(StandardCharsets.US_ASCII));
        out.write(body);
        out.flush();
        return readResponse();
    }

    /** Bytes of one request as {@link #post} writes it (what an L4 proxy carries upstream). */
    static int requestBytes(String host, int bodyBytes) {
        return ("POST / HTTP/1.1\r\nHost: " + host + "\r\nContent-Length: " + bodyBytes + "\r\n\r\n").length() + bodyBytes;
    }

    int lastResponseBytes;

    private String readResponse() throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0) throw new IOException("connection closed before a response (got: " + head + ")");
            head.write(b);
            matched = (b == (matched % 2 == 0 ? '\r' : '\n')) ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        String headers = head.toString(StandardCharsets.US_ASCII);
        int length = 0;
        for (String line : headers.split("\r\n")) {
            if (line.toLowerCase(java.util.Locale.ROOT).startsWith("content-length:")) length = Integer.parseInt(line.substring(15).trim());
        }
        byte[] body = in.readNBytes(length);
        lastResponseBytes = head.size() + body.length;
        String status = headers.substring(9, 12);
        return status + " " + new String(body, StandardCharsets.UTF_8);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
