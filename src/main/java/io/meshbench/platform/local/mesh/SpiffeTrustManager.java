package io.meshbench.platform.local.mesh;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;
import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.List;
import java.util.function.Predicate;

/**
 * Trusts a peer only if its certificate was signed by this run's mesh CA, is within its validity,
 * and carries a SPIFFE id the caller accepts (the expected destination on the client side, any
 * mesh identity on the server side). No hostname checks: mesh identity is the SPIFFE id.
 */
public final class SpiffeTrustManager extends X509ExtendedTrustManager {

    private final X509Certificate ca;
    private final Predicate<String> acceptedPeer;
    private final String expectation;

    /**
     * @param acceptedPeer which SPIFFE ids may be on the other end
     * @param expectation  the accepted ids in words, for the error message
     */
    public SpiffeTrustManager(X509Certificate ca, Predicate<String> acceptedPeer, String expectation) {
        this.ca = ca;
        this.acceptedPeer = acceptedPeer;
        this.expectation = expectation;
    }

    /** Accepts exactly one identity. */
    public static SpiffeTrustManager expecting(X509Certificate ca, String spiffeId) {
        return new SpiffeTrustManager(ca, spiffeId::equals, spiffeId);
    }

    /** Accepts any identity of the cluster's trust domain issued by {@code ca}. */
    public static SpiffeTrustManager anyMeshIdentity(X509Certificate ca) {
        return new SpiffeTrustManager(ca, id -> id.startsWith("spiffe://cluster.local/"), "any spiffe://cluster.local/ identity");
    }

    /** The URI SAN of a certificate that starts with spiffe://, or null. */
    public static String spiffeIdOf(X509Certificate cert) {
        try {
            Collection<List<?>> names = cert.getSubjectAlternativeNames();
            if (names == null) return null;
            for (List<?> name : names) {
                if (Integer.valueOf(6).equals(name.get(0)) && String.valueOf(name.get(1)).startsWith("spiffe://")) {
                    return String.valueOf(name.get(1));
                }
            }
            return null;
        } catch (CertificateParsingException e) {
            return null;
        }
    }

    private void check(X509Certificate[] chain) throws CertificateException {
        if (chain == null || chain.length == 0) throw new CertificateException("peer presented no certificate");
        X509Certificate leaf = chain[0];
        try {
            leaf.verify(ca.getPublicKey());
        } catch (Exception e) {
            throw new CertificateException("peer certificate " + leaf.getSubjectX500Principal()
                    + " is not signed by this run's mesh CA (" + ca.getSubjectX500Principal() + ")");
        }
        leaf.checkValidity();
        String id = spiffeIdOf(leaf);
        if (id == null) throw new CertificateException("peer certificate has no SPIFFE id");
        if (!acceptedPeer.test(id)) {
            throw new CertificateException("peer identity " + id + " is not the expected " + expectation);
        }
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        check(chain);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        check(chain);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        check(chain);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        check(chain);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        check(chain);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        check(chain);
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return new X509Certificate[]{ca};
    }
}
