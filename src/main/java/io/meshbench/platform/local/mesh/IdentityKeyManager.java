package io.meshbench.platform.local.mesh;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;
import java.net.Socket;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;

/**
 * Hands TLS the one key and certificate of a workload identity, straight from memory.
 *
 * <p>Why not a {@code KeyManagerFactory} over a key store: the JDK's default store type, PKCS12,
 * protects a key entry with PBKDF2 (10,000 HMAC rounds) when it is put in and again when it is read
 * back; Netty's context builder did both for every TLS context it built. A freshly started proxy
 * process runs that code interpreted (see {@link MeshTls} for the figures). Envoy's SDS hands a
 * proxy its key in memory, and so does this.
 */
final class IdentityKeyManager extends X509ExtendedKeyManager {

    private static final String ALIAS = "mesh";

    private final PrivateKey key;
    private final X509Certificate[] chain;

    IdentityKeyManager(PrivateKey key, X509Certificate certificate) {
        this.key = key;
        this.chain = new X509Certificate[]{certificate};
    }

    /** TLS asks per key type ("EC", "RSA", in TLS 1.2 also "EC_EC"…): offer the key only for its own. */
    private String aliasFor(String keyType) {
        return keyType != null && (keyType.equals(key.getAlgorithm()) || keyType.startsWith(key.getAlgorithm() + "_")) ? ALIAS : null;
    }

    private String aliasForAny(String[] keyTypes) {
        if (keyTypes == null) return null;
        for (String keyType : keyTypes) {
            if (aliasFor(keyType) != null) return ALIAS;
        }
        return null;
    }

    @Override
    public String[] getClientAliases(String keyType, Principal[] issuers) {
        return aliasFor(keyType) == null ? null : new String[]{ALIAS};
    }

    @Override
    public String chooseClientAlias(String[] keyTypes, Principal[] issuers, Socket socket) {
        return aliasForAny(keyTypes);
    }

    @Override
    public String chooseEngineClientAlias(String[] keyTypes, Principal[] issuers, SSLEngine engine) {
        return aliasForAny(keyTypes);
    }

    @Override
    public String[] getServerAliases(String keyType, Principal[] issuers) {
        return getClientAliases(keyType, issuers);
    }

    @Override
    public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
        return aliasFor(keyType);
    }

    @Override
    public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
        return aliasFor(keyType);
    }

    @Override
    public X509Certificate[] getCertificateChain(String alias) {
        return ALIAS.equals(alias) ? chain.clone() : null;
    }

    @Override
    public PrivateKey getPrivateKey(String alias) {
        return ALIAS.equals(alias) ? key : null;
    }
}
