package io.meshbench.bench;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

import java.io.IOException;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;

/**
 * A throw-away CA and two leaf certificates (EC P-256, like the embedded mesh's), written as PEM
 * files HAProxy reads: {@code ca.pem}, and {@code server.pem} / {@code client.pem} each holding
 * the certificate followed by its PKCS#8 key.
 */
final class BenchCertificates {

    private static final String SIGNATURE = "SHA256withECDSA";

    record Files3(Path ca, Path server, Path client) {
    }

    static Files3 write(Path dir) throws Exception {
        KeyPair caKeys = ecKeys();
        X500Name caName = new X500Name("CN=meshbench bench CA");
        JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
        Instant now = Instant.now();
        X509CertificateHolder ca = new JcaX509v3CertificateBuilder(caName, BigInteger.ONE,
                Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(Duration.ofDays(1))), caName, caKeys.getPublic())
                .addExtension(Extension.basicConstraints, true, new BasicConstraints(true))
                .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
                .addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(caKeys.getPublic()))
                .build(new JcaContentSignerBuilder(SIGNATURE).build(caKeys.getPrivate()));
        Path caFile = dir.resolve("ca.pem");
        Files.writeString(caFile, pem(ca));
        Path server = leaf(dir.resolve("server.pem"), "server", caName, caKeys, ca, 2, ext, now);
        Path client = leaf(dir.resolve("client.pem"), "client", caName, caKeys, ca, 3, ext, now);
        return new Files3(caFile, server, client);
    }

    private static Path leaf(Path file, String service, X500Name caName, KeyPair caKeys, X509CertificateHolder ca,
                             long serial, JcaX509ExtensionUtils ext, Instant now) throws Exception {
        KeyPair keys = ecKeys();
        GeneralNames sans = new GeneralNames(new GeneralName[]{
                new GeneralName(GeneralName.uniformResourceIdentifier, "spiffe://cluster.local/ns/bench/sa/" + service),
                new GeneralName(GeneralName.dNSName, service)});
        X509CertificateHolder cert = new JcaX509v3CertificateBuilder(caName, BigInteger.valueOf(serial),
                Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(Duration.ofDays(1))),
                new X500Name("CN=" + service), keys.getPublic())
                .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature))
                .addExtension(Extension.extendedKeyUsage, false,
                        new ExtendedKeyUsage(new KeyPurposeId[]{KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth}))
                .addExtension(Extension.subjectAlternativeName, false, sans)
                .addExtension(Extension.authorityKeyIdentifier, false, ext.createAuthorityKeyIdentifier(caKeys.getPublic()))
                .build(new JcaContentSignerBuilder(SIGNATURE).build(caKeys.getPrivate()));
        Files.writeString(file, pem(cert) + pem(new org.bouncycastle.openssl.jcajce.JcaPKCS8Generator(keys.getPrivate(), null)));
        return file;
    }

    private static KeyPair ecKeys() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        return g.generateKeyPair();
    }

    private static String pem(Object o) throws IOException {
        StringWriter w = new StringWriter();
        try (JcaPEMWriter pw = new JcaPEMWriter(w)) {
            pw.writeObject(o);
        }
        return w.toString();
    }
}
