package io.meshbench.platform.local.mesh;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Base64;

/**
 * A workload identity as the control plane's SDS stand-in sends it: key (PKCS#8), certificate and
 * the run's CA certificate, PEM-encoded. Decoded with the JDK alone, so proxy processes do not
 * load BouncyCastle.
 */
final class Pem {

    private static final Base64.Encoder ENCODER = Base64.getMimeEncoder(64, new byte[]{'\n'});

    private Pem() {
    }

    static String encode(WorkloadIdentity id) {
        try {
            return block("PRIVATE KEY", id.key().getEncoded()) + block("CERTIFICATE", id.certificate().getEncoded())
                    + block("CERTIFICATE", id.ca().getEncoded());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot encode the identity of " + id.spiffeId(), e);
        }
    }

    static WorkloadIdentity decode(String spiffeId, String pem) {
        String[] parts = pem.split("-----END [A-Z ]+-----");
        if (parts.length < 3) throw new IllegalArgumentException("identity of " + spiffeId + ": expected key, certificate and CA");
        try {
            CertificateFactory certs = CertificateFactory.getInstance("X.509");
            var key = KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(body(parts[0])));
            X509Certificate leaf = (X509Certificate) certs.generateCertificate(new ByteArrayInputStream(body(parts[1])));
            X509Certificate ca = (X509Certificate) certs.generateCertificate(new ByteArrayInputStream(body(parts[2])));
            return new WorkloadIdentity(spiffeId, key, leaf, ca);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("identity of " + spiffeId + " does not decode: " + e.getMessage(), e);
        }
    }

    private static String block(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + new String(ENCODER.encode(der), StandardCharsets.US_ASCII)
                + "\n-----END " + type + "-----\n";
    }

    private static byte[] body(String part) {
        String b64 = part.substring(part.lastIndexOf("-----") + 5).replaceAll("\\s", "");
        return Base64.getDecoder().decode(b64);
    }
}
