package dev.parapet.tls;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parapet.tls.crypto.CipherSuite;
import dev.parapet.tls.crypto.NamedGroup;
import dev.parapet.tls.crypto.SignatureScheme;
import dev.parapet.tls.testing.MemoryPipe;
import dev.parapet.tls.testing.TestPki;
import dev.parapet.tls.testing.TestPki.KeyType;
import dev.parapet.tls.x509.CertifiedKey;
import dev.parapet.tls.x509.PkixCertificateVerifier;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** A Parapet client and server in memory, over the matrix of suites, groups, certificate keys and HRR. */
class EnginePairTest {
    private static TestPki pki;
    private static final java.util.Map<KeyType, CertifiedKey> LEAVES = new java.util.EnumMap<>(KeyType.class);

    @BeforeAll
    static void pki() {
        pki = TestPki.create(KeyType.ECDSA_P256);
        for (KeyType t : List.of(KeyType.ECDSA_P256, KeyType.ECDSA_P384, KeyType.RSA_2048, KeyType.ED25519,
                KeyType.RSA_PSS_2048)) {
            LEAVES.put(t, pki.issue(t, "server.test", "127.0.0.1"));
        }
    }

    static Stream<Arguments> matrix() {
        List<Arguments> out = new ArrayList<>();
        for (CipherSuite suite : CipherSuite.tls13()) {
            for (NamedGroup group : NamedGroup.values()) {
                for (KeyType key : List.of(KeyType.ECDSA_P256, KeyType.ECDSA_P384, KeyType.RSA_2048,
                        KeyType.ED25519)) {
                    for (boolean hrr : new boolean[] {false, true}) {
                        out.add(Arguments.of(suite, group, key, hrr));
                    }
                }
            }
        }
        return out.stream();
    }

    static TlsClientConfig.Builder client() {
        return TlsClientConfig.builder().certificateVerifier(new PkixCertificateVerifier(pki.trustAnchors()));
    }

    @ParameterizedTest(name = "{0} {1} {2} hrr={3}")
    @MethodSource("matrix")
    void handshakesAndExchangesData(CipherSuite suite, NamedGroup group, KeyType key, boolean hrr) throws Exception {
        NamedGroup other = group == NamedGroup.X25519 ? NamedGroup.SECP256R1 : NamedGroup.X25519;
        TlsClientConfig cc = client().cipherSuites(suite)
                .namedGroups(hrr ? new NamedGroup[] {other, group} : new NamedGroup[] {group, other})
                .applicationProtocols("h2", "http/1.1").build();
        TlsServerConfig sc = TlsServerConfig.builder().certificate(LEAVES.get(key)).namedGroups(group)
                .applicationProtocols("http/1.1", "h2").build();
        TlsConnection c = TlsConnection.client(cc, "server.test");
        TlsConnection s = TlsConnection.server(sc);
        MemoryPipe pipe = new MemoryPipe(c, s);
        pipe.handshake();

        for (TlsSession session : List.of(c.session(), s.session())) {
            assertEquals("TLSv1.3", session.protocol());
            assertEquals(suite, session.cipherSuite());
            assertEquals(group, session.namedGroup());
            assertEquals(hrr, session.helloRetryRequest());
            assertEquals("http/1.1", session.applicationProtocol(), "server preference wins");
            assertEquals("server.test", session.serverName());
        }
        assertEquals(expectedScheme(key), c.session().signatureScheme());
        assertEquals(LEAVES.get(key).leaf(), c.session().peerCertificates().get(0));
        byte[] data = new byte[70000];
        new Random(1).nextBytes(data);
        assertArrayEquals(data, pipe.transfer(c, s, data));
        assertArrayEquals(data, pipe.transfer(s, c, data));
    }

    private static SignatureScheme expectedScheme(KeyType key) {
        return switch (key) {
            case ECDSA_P256 -> SignatureScheme.ECDSA_SECP256R1_SHA256;
            case ECDSA_P384 -> SignatureScheme.ECDSA_SECP384R1_SHA384;
            case ED25519 -> SignatureScheme.ED25519;
            case RSA_2048 -> SignatureScheme.RSA_PSS_RSAE_SHA256;
            case RSA_PSS_2048 -> SignatureScheme.RSA_PSS_PSS_SHA256;
        };
    }

    @Test
    void rsaPssKeySignsWithPssPss() throws Exception {
        TlsConnection c = TlsConnection.client(client().build(), "server.test");
        TlsConnection s = TlsConnection.server(TlsServerConfig.builder().certificate(LEAVES.get(KeyType.RSA_PSS_2048))
                .build());
        new MemoryPipe(c, s).handshake();
        assertEquals(SignatureScheme.RSA_PSS_PSS_SHA256, c.session().signatureScheme());
    }

    @Test
    void sniPicksTheCertificate() throws Exception {
        CertifiedKey a = pki.issue(KeyType.ECDSA_P256, "a.test");
        CertifiedKey b = pki.issue(KeyType.ED25519, "b.test");
        TlsServerConfig sc = TlsServerConfig.builder().certificate(a).certificate(b).build();
        for (String name : List.of("a.test", "b.test")) {
            TlsConnection c = TlsConnection.client(client().build(), name);
            TlsConnection s = TlsConnection.server(sc);
            new MemoryPipe(c, s).handshake();
            assertEquals(name.equals("a.test") ? a.leaf() : b.leaf(), c.session().peerCertificates().get(0));
            assertEquals(name, s.session().serverName());
        }
    }

    @Test
    void ipAddressIsNeverSentAsSni() throws Exception {
        TlsConnection c = TlsConnection.client(client().build(), "127.0.0.1");
        TlsConnection s = TlsConnection.server(TlsServerConfig.builder().certificate(LEAVES.get(KeyType.ECDSA_P256))
                .build());
        new MemoryPipe(c, s).handshake();
        assertNull(s.session().serverName());
        assertNull(c.session().applicationProtocol());
    }

    @Test
    void noCommonAlpnIsNoApplicationProtocol() {
        TlsConnection c = TlsConnection.client(client().applicationProtocols("spdy/3").build(), "server.test");
        TlsConnection s = TlsConnection.server(TlsServerConfig.builder().certificate(LEAVES.get(KeyType.ECDSA_P256))
                .applicationProtocols("h2").build());
        TlsException e = assertThrows(TlsException.class, () -> new MemoryPipe(c, s).handshake());
        assertEquals(AlertDescription.NO_APPLICATION_PROTOCOL, e.alert());
        assertTrue(c.failure() != null && c.failure().receivedFromPeer(), "client saw the alert");
        assertEquals(AlertDescription.NO_APPLICATION_PROTOCOL, c.failure().alert());
    }

    @Test
    void noCommonSuiteIsHandshakeFailureWithBothLists() {
        TlsConnection c = TlsConnection.client(client().cipherSuites(CipherSuite.TLS_AES_128_GCM_SHA256).build(),
                "server.test");
        TlsConnection s = TlsConnection.server(TlsServerConfig.builder().certificate(LEAVES.get(KeyType.ECDSA_P256))
                .cipherSuites(CipherSuite.TLS_CHACHA20_POLY1305_SHA256).build());
        TlsException e = assertThrows(TlsException.class, () -> new MemoryPipe(c, s).handshake());
        assertEquals(AlertDescription.HANDSHAKE_FAILURE, e.alert());
        assertTrue(e.getMessage().startsWith("no common cipher suite"), e.getMessage());
    }

    @Test
    void wrongNameIsRefusedByTheClient() {
        TlsConnection c = TlsConnection.client(client().build(), "other.test");
        TlsConnection s = TlsConnection.server(TlsServerConfig.builder().certificate(LEAVES.get(KeyType.ECDSA_P256))
                .build());
        TlsException e = assertThrows(TlsException.class, () -> new MemoryPipe(c, s).handshake());
        assertTrue(e.getMessage().contains("other.test"), e.getMessage());
        assertTrue(s.failure() != null && s.failure().receivedFromPeer(), "server saw the client's alert");
    }

    @Test
    void keyUpdateBothWaysAndCloseNotify() throws Exception {
        TlsConnection c = TlsConnection.client(client().build(), "server.test");
        TlsConnection s = TlsConnection.server(TlsServerConfig.builder().certificate(LEAVES.get(KeyType.ECDSA_P256))
                .build());
        MemoryPipe pipe = new MemoryPipe(c, s);
        pipe.handshake();
        for (int i = 0; i < 3; i++) {
            c.updateKeys(i % 2 == 0);
            assertArrayEquals(new byte[] {1, 2, 3}, pipe.transfer(c, s, new byte[] {1, 2, 3}));
            s.updateKeys(true);
            assertArrayEquals(new byte[] {4, 5}, pipe.transfer(s, c, new byte[] {4, 5}));
        }
        c.closeOutbound();
        pipe.pump();
        assertTrue(s.isInboundDone());
        assertEquals(-1, s.read(ByteBuffer.allocate(10)));
        s.closeOutbound();
        pipe.pump();
        assertEquals(-1, c.read(ByteBuffer.allocate(10)));
        c.receiveEndOfStream(); // after close_notify an EOF is clean
    }

    @Test
    void keyUpdateIsSentAutomaticallyBeforeTheRecordLimit() throws Exception {
        List<String> sent = new ArrayList<>();
        TlsListener listener = new TlsListener() {
            @Override
            public void handshakeMessage(boolean isSent, String type, int length, String details) {
                if (isSent && type.equals("KeyUpdate")) {
                    sent.add(details);
                }
            }
        };
        TlsConnection c = TlsConnection.client(client().keyUpdateAfterRecords(3).listener(listener).build(),
                "server.test");
        TlsConnection s = TlsConnection.server(TlsServerConfig.builder().certificate(LEAVES.get(KeyType.ECDSA_P256))
                .build());
        MemoryPipe pipe = new MemoryPipe(c, s);
        pipe.handshake();
        byte[] data = new byte[10 * (1 << 14)];
        new Random(2).nextBytes(data);
        assertArrayEquals(data, pipe.transfer(c, s, data));
        assertEquals(3, sent.size(), "10 records at 3 per key need 3 KeyUpdates: " + sent);
        assertTrue(sent.stream().allMatch("update_not_requested"::equals));
    }

    @Test
    void eofWithoutCloseNotifyIsTruncation() throws Exception {
        TlsConnection c = TlsConnection.client(client().build(), "server.test");
        TlsConnection s = TlsConnection.server(TlsServerConfig.builder().certificate(LEAVES.get(KeyType.ECDSA_P256))
                .build());
        new MemoryPipe(c, s).handshake();
        TlsException e = assertThrows(TlsException.class, c::receiveEndOfStream);
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());
    }

    @Test
    void withoutMiddleboxCompatibility() throws Exception {
        TlsConnection c = TlsConnection.client(client().middleboxCompatibility(false).build(), "server.test");
        TlsConnection s = TlsConnection.server(TlsServerConfig.builder().certificate(LEAVES.get(KeyType.ED25519))
                .namedGroups(NamedGroup.SECP384R1).build());
        new MemoryPipe(c, s).handshake();
        assertTrue(c.session().helloRetryRequest());
    }

    @Test
    void keyLogHasTheNssLabels() throws Exception {
        List<String> lines = new ArrayList<>();
        TlsConnection c = TlsConnection.client(client().keyLog(lines::add).build(), "server.test");
        TlsConnection s = TlsConnection.server(TlsServerConfig.builder().certificate(LEAVES.get(KeyType.ECDSA_P256))
                .build());
        new MemoryPipe(c, s).handshake();
        List<String> labels = lines.stream().map(l -> l.split(" ")[0]).toList();
        assertEquals(List.of("CLIENT_HANDSHAKE_TRAFFIC_SECRET", "SERVER_HANDSHAKE_TRAFFIC_SECRET", "EXPORTER_SECRET",
                "CLIENT_TRAFFIC_SECRET_0", "SERVER_TRAFFIC_SECRET_0"), labels);
        assertTrue(lines.stream().allMatch(l -> l.split(" ")[1].length() == 64));
    }
}
