package dev.parapet.tls;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parapet.tls.crypto.CipherSuite;
import dev.parapet.tls.crypto.CipherSuite.KeyExchangeAlgorithm;
import dev.parapet.tls.crypto.NamedGroup;
import dev.parapet.tls.handshake.ClientHello;
import dev.parapet.tls.handshake.ExtensionType;
import dev.parapet.tls.testing.MemoryPipe;
import dev.parapet.tls.testing.TestPki;
import dev.parapet.tls.testing.TestPki.KeyType;
import dev.parapet.tls.x509.CertifiedKey;
import dev.parapet.tls.x509.PkixCertificateVerifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** TLS 1.2 between a Parapet client and server in memory: every suite with every certificate type it fits. */
class Tls12EnginePairTest {
    private static TestPki pki;
    private static final Map<KeyType, CertifiedKey> LEAVES = new EnumMap<>(KeyType.class);

    @BeforeAll
    static void pki() {
        pki = TestPki.create(KeyType.ECDSA_P256);
        for (KeyType t : List.of(KeyType.ECDSA_P256, KeyType.ECDSA_P384, KeyType.RSA_2048)) {
            LEAVES.put(t, pki.issue(t, "server.test"));
        }
    }

    static Stream<Arguments> matrix() {
        List<Arguments> out = new ArrayList<>();
        for (CipherSuite suite : CipherSuite.tls12()) {
            for (KeyType key : keysFor(suite)) {
                for (boolean ems : new boolean[] {true, false}) {
                    for (boolean etm : suite.cipher().isAead() ? new boolean[] {false} : new boolean[] {true, false}) {
                        out.add(Arguments.of(suite, key, ems, etm));
                    }
                }
            }
        }
        return out.stream();
    }

    private static List<KeyType> keysFor(CipherSuite suite) {
        return suite.keyExchange() == KeyExchangeAlgorithm.ECDHE_ECDSA
                ? List.of(KeyType.ECDSA_P256, KeyType.ECDSA_P384) : List.of(KeyType.RSA_2048);
    }

    static TlsClientConfig.Builder client() {
        return TlsClientConfig.builder().certificateVerifier(new PkixCertificateVerifier(pki.trustAnchors()));
    }

    static TlsServerConfig.Builder server(KeyType key) {
        return TlsServerConfig.builder().certificate(LEAVES.get(key));
    }

    /** Every suite and certificate it fits, with and without extended master secret and (for CBC) EtM. */
    @ParameterizedTest(name = "{0} {1} ems={2} etm={3}")
    @MethodSource("matrix")
    void handshakesAndExchangesData(CipherSuite suite, KeyType key, boolean ems, boolean etm) throws Exception {
        TlsClientConfig cc = client().versions(ProtocolVersion.TLS12).cipherSuites(suite)
                .extendedMasterSecret(ems).encryptThenMac(etm).applicationProtocols("h2").build();
        TlsServerConfig sc = server(key).cipherSuites(suite).requireExtendedMasterSecret(false)
                .applicationProtocols("h2").build();
        TlsConnection c = TlsConnection.client(cc, "server.test");
        TlsConnection s = TlsConnection.server(sc);
        MemoryPipe pipe = new MemoryPipe(c, s);
        pipe.handshake();
        for (TlsSession session : List.of(c.session(), s.session())) {
            assertEquals("TLSv1.2", session.protocol());
            assertEquals(suite, session.cipherSuite());
            assertEquals(ems, session.extendedMasterSecret());
            assertEquals(etm, session.encryptThenMac());
            assertEquals("h2", session.applicationProtocol());
        }
        boolean rsa = suite.keyExchange() == KeyExchangeAlgorithm.RSA;
        assertEquals(rsa ? null : NamedGroup.X25519, c.session().namedGroup());
        assertEquals(rsa, c.session().signatureScheme() == null);
        byte[] data = new byte[40000];
        new Random(3).nextBytes(data);
        assertArrayEquals(data, pipe.transfer(c, s, data));
        assertArrayEquals(data, pipe.transfer(s, c, data));
        c.closeOutbound();
        pipe.pump();
        assertTrue(s.isInboundDone());
    }

    /** A test-only middlebox that removes one extension from the ClientHello on its way to the server. */
    private static void stripFromClientHello(MemoryPipe pipe, int extensionType) {
        pipe.rewriteClientHello(ch -> new ClientHello(ch.legacyVersion(), ch.random(), ch.legacySessionId(),
                ch.cipherSuites(), ch.legacyCompressionMethods(), ch.extensions().stream()
                .filter(e -> e.type() != extensionType).toList()));
    }

    @Test
    void defaultsNegotiateTls13AndA12OnlyServerGets12() throws Exception {
        TlsConnection c = TlsConnection.client(client().build(), "server.test");
        TlsConnection s = TlsConnection.server(server(KeyType.ECDSA_P256).versions(ProtocolVersion.TLS12).build());
        new MemoryPipe(c, s).handshake();
        assertEquals("TLSv1.2", c.session().protocol());
        assertEquals(CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256, c.session().cipherSuite());
        assertTrue(c.session().extendedMasterSecret());

        TlsConnection c13 = TlsConnection.client(client().build(), "server.test");
        TlsConnection s13 = TlsConnection.server(server(KeyType.ECDSA_P256).build());
        new MemoryPipe(c13, s13).handshake();
        assertEquals("TLSv1.3", c13.session().protocol());
    }

    @Test
    void a12OnlyClientGetsProtocolVersionFromA13OnlyServer() {
        TlsConnection c = TlsConnection.client(client().versions(ProtocolVersion.TLS12).build(), "server.test");
        TlsConnection s = TlsConnection.server(server(KeyType.ECDSA_P256).versions(ProtocolVersion.TLS13).build());
        TlsException e = assertThrows(TlsException.class, () -> new MemoryPipe(c, s).handshake());
        assertEquals(AlertDescription.PROTOCOL_VERSION, e.alert());
        assertTrue(e.getMessage().contains("TLSv1.3"), e.getMessage());
    }

    /** RFC 8446, 4.1.3: a middlebox strips TLS 1.3 from the offer; the server's sentinel gives it away. */
    @Test
    void forcedDowngradeIsDetectedByTheSentinel() {
        TlsConnection c = TlsConnection.client(client().build(), "server.test");
        TlsConnection s = TlsConnection.server(server(KeyType.ECDSA_P256).build());
        MemoryPipe pipe = new MemoryPipe(c, s);
        stripFromClientHello(pipe, ExtensionType.SUPPORTED_VERSIONS);
        TlsException e = assertThrows(TlsException.class, pipe::handshake);
        assertEquals(AlertDescription.ILLEGAL_PARAMETER, e.alert());
        assertTrue(e.getMessage().contains("downgrade"), e.getMessage());
        assertTrue(c.failure() == e);
    }

    @Test
    void legacySuitesAreOffOnlyUntilAskedFor() throws Exception {
        TlsServerConfig rsaOnly = server(KeyType.RSA_2048).versions(ProtocolVersion.TLS12)
                .cipherSuites(CipherSuite.TLS_RSA_WITH_AES_128_GCM_SHA256).build();
        TlsConnection c = TlsConnection.client(client().build(), "server.test");
        TlsException e = assertThrows(TlsException.class,
                () -> new MemoryPipe(c, TlsConnection.server(rsaOnly)).handshake());
        assertEquals(AlertDescription.HANDSHAKE_FAILURE, e.alert());
        assertFalse(client().build().cipherSuites().stream().anyMatch(CipherSuite::isLegacy));

        TlsConnection legacy = TlsConnection.client(client().legacy(true).build(), "server.test");
        new MemoryPipe(legacy, TlsConnection.server(rsaOnly)).handshake();
        assertEquals(CipherSuite.TLS_RSA_WITH_AES_128_GCM_SHA256, legacy.session().cipherSuite());
        assertNull(legacy.session().namedGroup());
    }

    @Test
    void aClientWithoutEmsIsRefusedByDefaultAndTheReverse() {
        TlsConnection c = TlsConnection.client(client().extendedMasterSecret(false).build(), "server.test");
        TlsConnection s = TlsConnection.server(server(KeyType.ECDSA_P256).versions(ProtocolVersion.TLS12).build());
        TlsException e = assertThrows(TlsException.class, () -> new MemoryPipe(c, s).handshake());
        assertTrue(e.getMessage().contains("client does not support extended_master_secret"), e.getMessage());

        TlsConnection c2 = TlsConnection.client(client().versions(ProtocolVersion.TLS12).build(), "server.test");
        TlsConnection s2 = TlsConnection.server(server(KeyType.ECDSA_P256).extendedMasterSecret(false).build());
        TlsException e2 = assertThrows(TlsException.class, () -> new MemoryPipe(c2, s2).handshake());
        assertEquals(AlertDescription.HANDSHAKE_FAILURE, e2.alert());
        assertTrue(e2.getMessage().contains("server does not support extended_master_secret"), e2.getMessage());
    }

    @Test
    void extendedMasterSecretIsRequiredByDefault() {
        TlsConnection c = TlsConnection.client(client().versions(ProtocolVersion.TLS12).build(), "server.test");
        TlsConnection s = TlsConnection.server(server(KeyType.ECDSA_P256).build());
        MemoryPipe pipe = new MemoryPipe(c, s);
        stripFromClientHello(pipe, ExtensionType.EXTENDED_MASTER_SECRET);
        TlsException e = assertThrows(TlsException.class, pipe::handshake);
        assertEquals(AlertDescription.HANDSHAKE_FAILURE, e.alert());
        assertTrue(e.getMessage().contains("extended_master_secret"), e.getMessage());
    }

    @Test
    void keyUpdateIsNotTls12() throws Exception {
        TlsConnection c = TlsConnection.client(client().versions(ProtocolVersion.TLS12).build(), "server.test");
        TlsConnection s = TlsConnection.server(server(KeyType.ECDSA_P256).build());
        new MemoryPipe(c, s).handshake();
        assertThrows(IllegalStateException.class, () -> c.updateKeys(false));
        assertTrue(Arrays.asList(CipherSuite.values()).containsAll(CipherSuite.tls12()));
    }
}
