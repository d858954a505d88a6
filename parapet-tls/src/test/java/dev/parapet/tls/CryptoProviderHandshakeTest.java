package dev.parapet.tls;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parapet.tls.crypto.CipherSuite;
import dev.parapet.tls.crypto.CryptoProvider;
import dev.parapet.tls.crypto.NamedGroup;
import dev.parapet.tls.crypto.RecordingCryptoProvider;
import dev.parapet.tls.crypto.SignatureScheme;
import dev.parapet.tls.testing.MemoryPipe;
import dev.parapet.tls.testing.TestPki;
import dev.parapet.tls.testing.TestPki.KeyType;
import dev.parapet.tls.x509.CertifiedKey;
import dev.parapet.tls.x509.PkixCertificateVerifier;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Handshakes and application data under each crypto provider, with the provider recording what the handshake asked
 * of it and which AEAD implementation it handed out for the records.
 */
class CryptoProviderHandshakeTest {
    private static TestPki pki;
    private static CertifiedKey leaf;

    @BeforeAll
    static void pki() {
        pki = TestPki.create(KeyType.ECDSA_P256);
        leaf = pki.issue(KeyType.ECDSA_P256, "server.test", "127.0.0.1");
    }

    private static CryptoProvider provider(String name) {
        return switch (name) {
            case "jca" -> CryptoProvider.jca();
            case "parapet" -> CryptoProvider.parapet();
            default -> throw new IllegalArgumentException(name);
        };
    }

    /** What the provider should hand out for ChaCha20-Poly1305 on this JDK. */
    private static String expectedAead(String provider) {
        return provider.equals("jca") ? "jca"
                : CryptoProvider.parapet().aead(CipherSuite.TLS_CHACHA20_POLY1305_SHA256, new byte[32])
                        .implementation();
    }

    @ParameterizedTest(name = "client {0}, server {1}, {2}")
    @CsvSource({
            "jca, jca, TLS_CHACHA20_POLY1305_SHA256",
            "parapet, parapet, TLS_CHACHA20_POLY1305_SHA256",
            "jca, parapet, TLS_CHACHA20_POLY1305_SHA256",
            "parapet, jca, TLS_CHACHA20_POLY1305_SHA256",
            "jca, jca, TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256",
            "parapet, parapet, TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256",
            "parapet, parapet, TLS_AES_128_GCM_SHA256"})
    void handshakeUnderEachProvider(String clientProvider, String serverProvider, CipherSuite suite)
            throws Exception {
        RecordingCryptoProvider clientCrypto = RecordingCryptoProvider.of(provider(clientProvider));
        RecordingCryptoProvider serverCrypto = RecordingCryptoProvider.of(provider(serverProvider));
        exchange(suite, clientCrypto, serverCrypto, Long.MAX_VALUE);

        boolean chacha = suite.cipher() == CipherSuite.BulkCipher.CHACHA20_POLY1305;
        assertEquals(Set.of(chacha ? expectedAead(clientProvider) : "jca"), Set.copyOf(clientCrypto.aeads));
        assertEquals(Set.of(chacha ? expectedAead(serverProvider) : "jca"), Set.copyOf(serverCrypto.aeads));
        // TLS 1.3: handshake keys and application keys, both directions; TLS 1.2: one key each way
        assertEquals(suite.isTls13() ? 4 : 2, clientCrypto.aeads.size());
        assertEquals(List.of(SignatureScheme.ECDSA_SECP256R1_SHA256), serverCrypto.signed);
        assertEquals(List.of(SignatureScheme.ECDSA_SECP256R1_SHA256), clientCrypto.verified);
        // X25519 is Parapet's own under parapet(), the JCA's under jca()
        assertEquals(List.of("x25519:" + clientProvider), clientCrypto.keyExchanges);
        assertEquals(List.of("x25519:" + serverProvider), serverCrypto.keyExchanges);
    }

    /** Parapet's ChaCha20-Poly1305 on both ends, whatever this JDK's rule picks, KeyUpdates included. */
    @ParameterizedTest(name = "{0}")
    @CsvSource({"TLS_CHACHA20_POLY1305_SHA256", "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256"})
    void oursSealsEveryRecord(CipherSuite suite) throws Exception {
        RecordingCryptoProvider clientCrypto = RecordingCryptoProvider.ourChaCha();
        RecordingCryptoProvider serverCrypto = RecordingCryptoProvider.ourChaCha();
        exchange(suite, clientCrypto, serverCrypto, 2);
        assertEquals(Set.of("parapet"), Set.copyOf(clientCrypto.aeads));
        assertEquals(Set.of("parapet"), Set.copyOf(serverCrypto.aeads));
    }

    @org.junit.jupiter.api.Test
    void configsDefaultToParapetAndKeepWhatTheyAreGiven() {
        assertSame(CryptoProvider.parapet(), client().build().cryptoProvider());
        assertSame(CryptoProvider.parapet(), TlsServerConfig.builder().certificate(leaf).build().cryptoProvider());
        assertSame(CryptoProvider.jca(), client().cryptoProvider(CryptoProvider.jca()).build().cryptoProvider());
        assertSame(CryptoProvider.jca(), TlsServerConfig.builder().certificate(leaf)
                .cryptoProvider(CryptoProvider.jca()).build().cryptoProvider());
        org.junit.jupiter.api.Assertions.assertThrows(NullPointerException.class,
                () -> client().cryptoProvider(null));
    }

    /**
     * TLS 1.3 and 1.2: the client's config keeps a verifier for the server's key once it has seen it twice, so the
     * third handshake's CertificateVerify (TLS 1.2: ServerKeyExchange) goes through it; capacity 0 keeps none.
     */
    @ParameterizedTest(name = "{0}, cache {1}")
    @CsvSource({"TLS_AES_128_GCM_SHA256, 8", "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256, 8",
            "TLS_AES_128_GCM_SHA256, 0"})
    void repeatedHandshakesVerifyTheServerKeyThroughTheConfigsCache(CipherSuite suite, int capacity)
            throws Exception {
        ProtocolVersion version = suite.isTls13() ? ProtocolVersion.TLS13 : ProtocolVersion.TLS12;
        RecordingCryptoProvider crypto = RecordingCryptoProvider.of(CryptoProvider.parapet());
        TlsClientConfig cc = client().versions(version).cipherSuites(suite).cryptoProvider(crypto)
                .verifierCacheCapacity(capacity).sessionCache(dev.parapet.tls.session.SessionCache.none()).build();
        TlsServerConfig sc = TlsServerConfig.builder().certificate(leaf).versions(version).cipherSuites(suite).build();
        for (int i = 0; i < 3; i++) {
            TlsConnection c = TlsConnection.client(cc, "server.test");
            new MemoryPipe(c, TlsConnection.server(sc)).handshake();
            assertFalse(c.isHandshaking());
        }
        assertEquals(capacity == 0 ? 0 : 1, cc.verifierCache().size());
        assertEquals(capacity == 0 ? 0 : 1, crypto.verifiersMade.size());
        assertEquals(3, crypto.verified.size());
    }

    private static TlsClientConfig.Builder client() {
        return TlsClientConfig.builder().certificateVerifier(new PkixCertificateVerifier(pki.trustAnchors()));
    }

    private static void exchange(CipherSuite suite, CryptoProvider clientCrypto, CryptoProvider serverCrypto,
                                 long keyUpdateAfterRecords) throws Exception {
        ProtocolVersion version = suite.isTls13() ? ProtocolVersion.TLS13 : ProtocolVersion.TLS12;
        TlsClientConfig cc = client().versions(version).cipherSuites(suite).namedGroups(NamedGroup.X25519)
                .cryptoProvider(clientCrypto).keyUpdateAfterRecords(keyUpdateAfterRecords).build();
        TlsServerConfig sc = TlsServerConfig.builder().certificate(leaf).versions(version).cipherSuites(suite)
                .cryptoProvider(serverCrypto).keyUpdateAfterRecords(keyUpdateAfterRecords).build();
        TlsConnection c = TlsConnection.client(cc, "server.test");
        TlsConnection s = TlsConnection.server(sc);
        MemoryPipe pipe = new MemoryPipe(c, s);
        pipe.handshake();
        assertEquals(suite, c.session().cipherSuite());
        byte[] data = new byte[40_000];
        new java.util.Random(7).nextBytes(data);
        assertArrayEquals(data, pipe.transfer(c, s, data));
        assertArrayEquals(data, pipe.transfer(s, c, data));
        assertFalse(c.isHandshaking());
        assertTrue(s.session() != null);
    }
}
