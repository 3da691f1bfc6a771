package io.meshbench.platform.local.mesh;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The mesh certificate authority of one run (istiod's CA role): an EC P-256 root created at
 * start, which issues each workload a short-lived certificate whose only name is its SPIFFE id.
 * A fresh root per run means nothing from another run (or another CA) is ever trusted.
 */
public final class MeshCa implements IdentityIssuer {

    /** Istio's default workload certificate lifetime is 24 h; a run never lasts an hour. */
    public static final Duration DEFAULT_TTL = Duration.ofHours(1);

    private static final String SIGNATURE = "SHA256withECDSA";

    private final KeyPair caKeys;
    private final X509Certificate caCertificate;
    private final Duration ttl;
    private final SecureRandom random = new SecureRandom();
    private final AtomicLong serial = new AtomicLong(2);

    private MeshCa(KeyPair caKeys, X509Certificate caCertificate, Duration ttl) {
        this.caKeys = caKeys;
        this.caCertificate = caCertificate;
        this.ttl = ttl;
    }

    /** Creates a new root, named so that two runs' CAs are told apart in error messages. */
    public static MeshCa create(String name) {
        return create(name, DEFAULT_TTL);
    }

    public static MeshCa create(String name, Duration workloadTtl) {
        try {
            KeyPair keys = newKeyPair();
            Instant now = Instant.now();
            X500Name subject = new X500Name("O=meshbench,CN=" + name);
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(subject, BigInteger.ONE,
                    Date.from(now.minusSeconds(60)), Date.from(now.plus(Duration.ofDays(1))), subject, keys.getPublic());
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            X509Certificate cert = sign(builder, keys);
            return new MeshCa(keys, cert, workloadTtl);
        } catch (Exception e) {
            throw new IllegalStateException("cannot create the mesh CA: " + e.getMessage(), e);
        }
    }

    public X509Certificate certificate() {
        return caCertificate;
    }

    /** Issues a fresh key and certificate for {@code spiffeId} (URI SAN), valid for the CA's TTL. */
    @Override
    public WorkloadIdentity issue(String spiffeId) {
        try {
            KeyPair keys = newKeyPair();
            Instant now = Instant.now();
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(
                    X500Name.getInstance(caCertificate.getSubjectX500Principal().getEncoded()),
                    BigInteger.valueOf(serial.getAndIncrement()).shiftLeft(32).add(BigInteger.valueOf(random.nextInt() & 0x7fffffff)),
                    Date.from(now.minusSeconds(60)), Date.from(now.plus(ttl)),
                    new X500Name("O=cluster.local"), keys.getPublic());
            builder.addExtension(Extension.subjectAlternativeName, true,
                    new GeneralNames(new GeneralName(GeneralName.uniformResourceIdentifier, spiffeId)));
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            builder.addExtension(Extension.keyUsage, true,
                    new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment));
            builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(
                    new KeyPurposeId[]{KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth}));
            return new WorkloadIdentity(spiffeId, keys.getPrivate(), sign(builder, caKeys), caCertificate);
        } catch (Exception e) {
            throw new IllegalStateException("cannot issue a certificate for " + spiffeId + ": " + e.getMessage(), e);
        }
    }

    private static KeyPair newKeyPair() throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        return generator.generateKeyPair();
    }

    private static X509Certificate sign(X509v3CertificateBuilder builder, KeyPair signer) throws Exception {
        ContentSigner contentSigner = new JcaContentSignerBuilder(SIGNATURE).build(signer.getPrivate());
        return new JcaX509CertificateConverter().getCertificate(builder.build(contentSigner));
    }
}
