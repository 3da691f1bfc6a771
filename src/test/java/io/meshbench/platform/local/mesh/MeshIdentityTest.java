package io.meshbench.platform.local.mesh;

import io.meshbench.platform.local.AddressBlocks;
import io.meshbench.platform.local.LocalCluster;
import io.meshbench.platform.local.LocalPod;
import io.meshbench.platform.local.PodPlumbing;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The mesh CA's certificates and STRICT mTLS on a sidecar's service port. */
class MeshIdentityTest {
    /** Loopback addresses 127.&lt;block&gt;.x.y of a block no other test (or concurrent JVM) is using. */
    private static final String NET = "127." + AddressBlocks.reserve() + ".";

    private static SidecarDataPlane plane;
    private static LocalPod pod;
    private static TestApp app;

    @BeforeAll
    static void startOneSidecar() throws Exception {
        pod = new LocalPod("reviews-0", "reviews", "mb-test", InetAddress.getByName(NET + "11.1"), 0);
        LocalCluster cluster = new LocalCluster("mb-test", List.of(InetAddress.getByName(NET + "10.1")),
                Map.of("reviews", List.of(pod)));
        plane = new SidecarDataPlane();
        plane.start(cluster);
        PodPlumbing plumbing = plane.attach(pod);
        app = new TestApp();
        app.serve("reviews-0", plumbing.appBind());
    }

    @AfterAll
    static void stop() {
        if (app != null) app.close();
        if (plane != null) plane.close();
    }

    @Test
    void certificateCarriesSpiffeIdAndShortLifetime() throws Exception {
        MeshCa ca = MeshCa.create("test-ca");
        WorkloadIdentity id = ca.issue("spiffe://cluster.local/ns/shop/sa/checkout");
        X509Certificate cert = id.certificate();
        cert.verify(ca.certificate().getPublicKey());
        assertEquals("spiffe://cluster.local/ns/shop/sa/checkout", SpiffeTrustManager.spiffeIdOf(cert));
        long lifetimeMs = cert.getNotAfter().getTime() - cert.getNotBefore().getTime();
        assertTrue(lifetimeMs <= MeshCa.DEFAULT_TTL.toMillis() + 60_000, "lifetime " + lifetimeMs);
        assertEquals("EC", cert.getPublicKey().getAlgorithm());
    }

    @Test
    void trustManagerChecksIssuerAndIdentity() {
        MeshCa ca = MeshCa.create("ca-a");
        MeshCa other = MeshCa.create("ca-b");
        X509Certificate[] good = {ca.issue("spiffe://cluster.local/ns/a/sa/x").certificate()};
        X509Certificate[] foreign = {other.issue("spiffe://cluster.local/ns/a/sa/x").certificate()};
        SpiffeTrustManager expectX = SpiffeTrustManager.expecting(ca.certificate(), "spiffe://cluster.local/ns/a/sa/x");
        SpiffeTrustManager expectY = SpiffeTrustManager.expecting(ca.certificate(), "spiffe://cluster.local/ns/a/sa/y");
        org.junit.jupiter.api.Assertions.assertDoesNotThrow(() -> expectX.checkServerTrusted(good, "EC"));
        CertificateException wrongCa = assertThrows(CertificateException.class, () -> expectX.checkServerTrusted(foreign, "EC"));
        assertTrue(wrongCa.getMessage().contains("not signed by this run's mesh CA"), wrongCa.getMessage());
        CertificateException wrongId = assertThrows(CertificateException.class, () -> expectY.checkServerTrusted(good, "EC"));
        assertTrue(wrongId.getMessage().contains("not the expected"), wrongId.getMessage());
    }

    @Test
    void meshPeerWithTheRightIdentityGetsIn() throws Exception {
        MeshTls caller = new MeshTls(plane.ca().issue("spiffe://cluster.local/ns/mb-test/sa/productpage"));
        Throwable t = TlsProbe.handshake(caller, new InetSocketAddress(pod.ip(), 8080), pod.spiffeId(), false);
        assertNull(t);
    }

    @Test
    void strictRefusesPlaintext() throws Exception {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(pod.ip(), 8080), 5000);
            s.setSoTimeout(10_000);
            s.getOutputStream().write("GET / HTTP/1.1\r\nHost: reviews\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            s.getOutputStream().flush();
            String got = readAll(s.getInputStream());
            assertTrue(!got.contains("HTTP/1.1"), "plaintext request must not be answered, got: " + got);
        }
        assertEquals(0, app.requests.get(), "no plaintext request may reach the app");
    }

    @Test
    void strictRefusesCertificateFromAnotherCa() throws Exception {
        MeshCa foreign = MeshCa.create("someone-elses-ca");
        MeshTls intruder = new MeshTls(foreign.issue("spiffe://cluster.local/ns/mb-test/sa/productpage"));
        Throwable failure = TlsProbe.handshake(intruder, new InetSocketAddress(pod.ip(), 8080), pod.spiffeId(), false);
        assertNotNull(failure, "a certificate from another CA must fail the handshake");
    }

    @Test
    void clientRefusesServerWithUnexpectedIdentity() throws Exception {
        MeshTls caller = new MeshTls(plane.ca().issue("spiffe://cluster.local/ns/mb-test/sa/productpage"));
        Throwable failure = TlsProbe.handshake(caller, new InetSocketAddress(pod.ip(), 8080),
                "spiffe://cluster.local/ns/mb-test/sa/ratings", false);
        assertNotNull(failure, "the destination check must refuse reviews when ratings was expected");
        assertTrue(String.valueOf(rootCause(failure).getMessage()).contains("not the expected"), String.valueOf(failure));
    }

    private static Throwable rootCause(Throwable t) {
        while (t.getCause() != null && t.getCause() != t) t = t.getCause();
        return t;
    }

    private static String readAll(InputStream in) throws IOException {
        try {
            return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        } catch (IOException reset) {
            return "";
        }
    }
}
