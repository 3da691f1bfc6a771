package io.meshbench.platform.local.mesh;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLException;
import java.nio.ByteBuffer;

/**
 * A client and a server {@link SSLEngine} wired to each other through buffers, no sockets: drives
 * the handshake and then sends records each way. Bounded: a handshake that needs more than
 * {@link #MAX_STEPS} steps fails instead of looping.
 */
final class InMemoryTls {

    static final int MAX_STEPS = 200;

    private final SSLEngine client;
    private final SSLEngine server;
    private final ByteBuffer toServer = ByteBuffer.allocate(1 << 17);
    private final ByteBuffer toClient = ByteBuffer.allocate(1 << 17);
    private final ByteBuffer clientApp = ByteBuffer.allocate(1 << 17);
    private final ByteBuffer serverApp = ByteBuffer.allocate(1 << 17);

    InMemoryTls(SSLEngine client, SSLEngine server) {
        this.client = client;
        this.server = server;
    }

    /** Handshakes, then sends {@code records} records of {@code bytes} bytes each way; checks they arrive. */
    void handshakeAndExchange(int records, int bytes) throws SSLException {
        client.beginHandshake();
        server.beginHandshake();
        int steps = 0;
        while (handshaking(client) || handshaking(server)) {
            if (++steps > MAX_STEPS) throw new SSLException("in-memory handshake did not finish in " + MAX_STEPS + " steps");
            step(client, toServer, toClient, clientApp);
            step(server, toClient, toServer, serverApp);
        }
        byte[] payload = new byte[bytes];
        for (int i = 0; i < records; i++) {
            send(client, payload, toServer);
            send(server, payload, toClient);
        }
        int toServerBytes = drain(server, toServer, serverApp);
        int toClientBytes = drain(client, toClient, clientApp);
        if (toServerBytes != records * bytes || toClientBytes != records * bytes) {
            throw new SSLException("in-memory exchange lost data: " + toServerBytes + " and " + toClientBytes
                    + " bytes arrived, " + records * bytes + " each way sent");
        }
    }

    private static boolean handshaking(SSLEngine e) {
        HandshakeStatus s = e.getHandshakeStatus();
        return s != HandshakeStatus.NOT_HANDSHAKING && s != HandshakeStatus.FINISHED;
    }

    private static void step(SSLEngine e, ByteBuffer out, ByteBuffer in, ByteBuffer app) throws SSLException {
        switch (e.getHandshakeStatus()) {
            case NEED_TASK -> {
                Runnable task;
                while ((task = e.getDelegatedTask()) != null) task.run();
            }
            case NEED_WRAP -> e.wrap(ByteBuffer.allocate(0), out);
            case NEED_UNWRAP, NEED_UNWRAP_AGAIN -> {
                in.flip();
                e.unwrap(in, app);
                in.compact();
            }
            default -> {
            }
        }
    }

    private static void send(SSLEngine e, byte[] payload, ByteBuffer out) throws SSLException {
        ByteBuffer src = ByteBuffer.wrap(payload);
        while (src.hasRemaining()) {
            SSLEngineResult r = e.wrap(src, out);
            if (r.getStatus() != SSLEngineResult.Status.OK) throw new SSLException("wrap: " + r.getStatus());
        }
    }

    private static int drain(SSLEngine e, ByteBuffer in, ByteBuffer app) throws SSLException {
        app.clear();
        in.flip();
        for (int i = 0; in.hasRemaining() && i < MAX_STEPS; i++) {
            SSLEngineResult r = e.unwrap(in, app);
            if (r.getStatus() != SSLEngineResult.Status.OK) break;
            while (e.getHandshakeStatus() == HandshakeStatus.NEED_TASK) {
                Runnable task = e.getDelegatedTask();
                if (task == null) break;
                task.run();
            }
        }
        in.compact();
        return app.position();
    }
}
