package dev.parapet.bench.harness;

import dev.parapet.tls.x509.CertificateBuilder;
import dev.parapet.tls.x509.CertifiedKey;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.util.List;

/**
 * The benchmark PKI, made once per JVM: an ECDSA P-256 root with an ECDSA P-256 leaf, and an RSA-2048 root with an
 * RSA-2048 leaf, both leaves for {@link #HOST}. Servers send [leaf, root]; clients trust both roots.
 */
public final class Pki {
    public static final String HOST = "server.bench.test";
    public static final char[] PASSWORD = "bench".toCharArray();

    private static final Duration VALIDITY = Duration.ofDays(30);
    private static volatile Pki instance;

    public final CertifiedKey ecdsaCa;
    public final CertifiedKey rsaCa;
    public final CertifiedKey ecdsaLeaf;
    public final CertifiedKey rsaLeaf;

    private Pki() throws GeneralSecurityException {
        ecdsaCa = CertificateBuilder.selfSignedCa("Parapet Bench Root ECDSA", ec(), VALIDITY);
        rsaCa = CertificateBuilder.selfSignedCa("Parapet Bench Root RSA", rsa(), VALIDITY);
        ecdsaLeaf = CertificateBuilder.leaf(ecdsaCa, HOST, List.of(HOST), List.of(), ec(), VALIDITY);
        rsaLeaf = CertificateBuilder.leaf(rsaCa, HOST, List.of(HOST), List.of(), rsa(), VALIDITY);
    }

    public static Pki get() {
        Pki p = instance;
        if (p == null) {
            synchronized (Pki.class) {
                p = instance;
                if (p == null) {
                    try {
                        instance = p = new Pki();
                    } catch (GeneralSecurityException e) {
                        throw new IllegalStateException(e);
                    }
                }
            }
        }
        return p;
    }

    public CertifiedKey leaf(boolean rsa) {
        return rsa ? rsaLeaf : ecdsaLeaf;
    }

    public X509Certificate[] roots() {
        return new X509Certificate[] {ecdsaCa.leaf(), rsaCa.leaf()};
    }

    /** A PKCS#12 key store with the leaf's key and chain (alias "server"). */
    public KeyStore keyStore(boolean rsa) throws GeneralSecurityException {
        try {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            CertifiedKey k = leaf(rsa);
            ks.setKeyEntry("server", k.privateKey(), PASSWORD, k.chain().toArray(new X509Certificate[0]));
            return ks;
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A PKCS#12 trust store holding both roots. */
    public KeyStore trustStore() throws GeneralSecurityException {
        try {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            ks.setCertificateEntry("ecdsa-root", ecdsaCa.leaf());
            ks.setCertificateEntry("rsa-root", rsaCa.leaf());
            return ks;
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static KeyPair ec() throws GeneralSecurityException {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        return g.generateKeyPair();
    }

    private static KeyPair rsa() throws GeneralSecurityException {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        return g.generateKeyPair();
    }
}
