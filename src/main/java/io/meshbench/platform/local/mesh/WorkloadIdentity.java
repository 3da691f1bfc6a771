package io.meshbench.platform.local.mesh;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;

/**
 * A certificate and key issued by one run's mesh CA.
 *
 * @param spiffeId    the identity in the certificate's URI SAN
 * @param key         the private key (EC P-256)
 * @param certificate the leaf certificate, signed by {@code ca}
 * @param ca          the issuing CA's certificate: the only trust anchor of this run
 */
public record WorkloadIdentity(String spiffeId, PrivateKey key, X509Certificate certificate, X509Certificate ca) {
}
