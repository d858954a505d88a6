package dev.parapet.jsse.tests;

import dev.parapet.tls.testing.TestPki;
import dev.parapet.tls.testing.TestPki.KeyType;
import dev.parapet.tls.x509.CertifiedKey;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.util.EnumMap;
import java.util.Map;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * One test PKI per test class (TestPki from parapet-tls's test-jar): an ECDSA P-256 root, and ECDSA P-256 and RSA
 * 2048 leaves for "localhost" and 127.0.0.1, issued on first use. The keys reach JSSE as users give them: PKCS12
 * KeyStores built in memory, fed to the JDK's default {@code KeyManagerFactory}/{@code TrustManagerFactory}, so the
 * provider under test sees ordinary {@code X509ExtendedKeyManager}/{@code X509ExtendedTrustManager}s.
 */
final class Pki {
    static final String HOST = "localhost";
    static final char[] PASSWORD = "changeit".toCharArray();

    private final TestPki pki = TestPki.create(KeyType.ECDSA_P256);
    private final Map<KeyType, CertifiedKey> leaves = new EnumMap<>(KeyType.class);
    private Path caPem;

    TestPki testPki() {
        return pki;
    }

    synchronized CertifiedKey leaf(KeyType type) {
        return leaves.computeIfAbsent(type, t -> pki.issue(t, HOST, "127.0.0.1"));
    }

    /** A PKCS12 KeyStore holding this leaf's chain and key under the alias "server". */
    KeyStore keyStore(KeyType type) {
        return keyStore(leaf(type));
    }

    static KeyStore keyStore(CertifiedKey key) {
        try {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            ks.setKeyEntry("server", key.privateKey(), PASSWORD, key.chain().toArray(new Certificate[0]));
            return ks;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A PKCS12 KeyStore with this class's root CA as its one trusted entry. */
    KeyStore trustStore() {
        return trustStore(pki);
    }

    static KeyStore trustStore(TestPki pki) {
        try {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            ks.setCertificateEntry("ca", pki.caCertificate());
            return ks;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException(e);
        }
    }

    KeyManager[] keyManagers(KeyType type) {
        return keyManagers(keyStore(type));
    }

    static KeyManager[] keyManagers(KeyStore ks) {
        try {
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(ks, PASSWORD);
            return kmf.getKeyManagers();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    TrustManager[] trustManagers() {
        return trustManagers(trustStore());
    }

    static TrustManager[] trustManagers(KeyStore trust) {
        try {
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            return tmf.getTrustManagers();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    X509TrustManager x509TrustManager() {
        for (TrustManager tm : trustManagers()) {
            if (tm instanceof X509TrustManager) {
                return (X509TrustManager) tm;
            }
        }
        throw new IllegalStateException("no X509TrustManager");
    }

    /** A server context of {@code provider}: this leaf as its key, this CA trusted (for client certificates). */
    SSLContext serverContext(String provider, KeyType type) {
        return serverContext(provider, "TLS", type);
    }

    SSLContext serverContext(String provider, String protocol, KeyType type) {
        return init(Providers.context(provider, protocol), keyManagers(type), trustManagers());
    }

    /** A client context of {@code provider} trusting this class's CA only. */
    SSLContext clientContext(String provider) {
        return clientContext(provider, "TLS");
    }

    SSLContext clientContext(String provider, String protocol) {
        return init(Providers.context(provider, protocol), null, trustManagers());
    }

    /** A client context of {@code provider} trusting an unrelated CA (so this class's certificates are untrusted). */
    static SSLContext untrustingClientContext(String provider) {
        return init(Providers.context(provider, "TLS"), null,
                trustManagers(trustStore(TestPki.create(KeyType.ECDSA_P256))));
    }

    static SSLContext init(SSLContext ctx, KeyManager[] km, TrustManager[] tm) {
        try {
            ctx.init(km, tm, new SecureRandom());
            return ctx;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(ctx.getProvider().getName() + ": SSLContext.init failed: " + e, e);
        }
    }

    /** The root CA as PEM in {@code dir} (for curl --cacert, openssl -CAfile), written once. */
    synchronized Path caPem(Path dir) {
        if (caPem == null || !Files.exists(caPem)) {
            try {
                caPem = pki.writeCaPem(dir);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return caPem;
    }

    /** {chain.pem, key.pem} of this leaf in {@code dir} (for openssl s_server). */
    Path[] chainAndKey(KeyType type, Path dir) {
        try {
            return TestPki.writeChainAndKey(leaf(type), Files.createTempDirectory(dir, "leaf-"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
