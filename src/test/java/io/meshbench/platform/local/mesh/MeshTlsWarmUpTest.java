package io.meshbench.platform.local.mesh;

import org.junit.jupiter.api.Test;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A proxy's in-memory TLS warm-up: a real mutual handshake and data both ways, no sockets. */
class MeshTlsWarmUpTest {

    @Test
    void warmUpHandshakesWithItselfAndMovesData() {
        MeshCa ca = MeshCa.create("cluster.local");
        MeshTls tls = new MeshTls(ca.issue("spiffe://cluster.local/ns/mb-test/sa/reviews"));
        long cpu = tls.warmUp();
        assertTrue(cpu != 0, "a handshake costs CPU: " + cpu);
        tls.warmUp();   // and again: the engines are new each time
    }

    /** Mesh connections negotiate TLS 1.3 with AES-128-GCM, Envoy's first choice, not the JDK's AES-256. */
    @Test
    void meshConnectionsNegotiateTls13WithAes128() throws SSLException {
        MeshCa ca = MeshCa.create("cluster.local");
        MeshTls server = new MeshTls(ca.issue("spiffe://cluster.local/ns/mb-test/sa/a"));
        MeshTls client = new MeshTls(ca.issue("spiffe://cluster.local/ns/mb-test/sa/b"));
        SSLEngine s = server.serverHandler(true).engine();
        SSLEngine c = client.clientHandler(new java.net.InetSocketAddress("127.0.0.1", 1), "spiffe://cluster.local/ns/mb-test/sa/a", true).engine();
        new InMemoryTls(c, s).handshakeAndExchange(1, 16);
        assertEquals("TLSv1.3", c.getSession().getProtocol());
        assertEquals("TLS_AES_128_GCM_SHA256", c.getSession().getCipherSuite());
        assertEquals("h2", c.getApplicationProtocol(), "HBONE's HTTP/2 is negotiated by ALPN");
    }

    /** The same in-memory pair refuses a peer of another CA, so warm-up really checks certificates. */
    @Test
    void inMemoryHandshakeFailsAcrossCertificateAuthorities() {
        MeshTls ours = new MeshTls(MeshCa.create("cluster.local").issue("spiffe://cluster.local/ns/mb-test/sa/a"));
        MeshTls theirs = new MeshTls(MeshCa.create("cluster.local").issue("spiffe://cluster.local/ns/mb-test/sa/b"));
        SSLEngine server = ours.serverHandler(false).engine();
        SSLEngine client = theirs.clientHandler(new java.net.InetSocketAddress("127.0.0.1", 1), "spiffe://cluster.local/ns/mb-test/sa/a", false).engine();
        assertThrows(SSLException.class, () -> new InMemoryTls(client, server).handshakeAndExchange(1, 16));
    }
}
