package dev.parapet.tls;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parapet.tls.testing.MemoryPipe;
import dev.parapet.tls.testing.TestPki;
import dev.parapet.tls.testing.TestPki.KeyType;
import dev.parapet.tls.x509.CertifiedKey;
import dev.parapet.tls.x509.PkixCertificateVerifier;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/** Mutual TLS between a Parapet client and server, TLS 1.3 and 1.2 (RFC 8446, 4.3.2 and 4.4; RFC 5246, 7.4.4-8). */
class MutualTlsTest {
    private static TestPki serverPki;
    private static TestPki clientPki;
    private static TestPki otherPki;
    private static CertifiedKey serverKey;

    @BeforeAll
    static void pki() {
        serverPki = TestPki.create(KeyType.ECDSA_P256);
        clientPki = TestPki.create(KeyType.ECDSA_P384);
        otherPki = TestPki.create(KeyType.ECDSA_P256);
        serverKey = serverPki.issue(KeyType.ECDSA_P256, "server.test");
    }

    static Stream<Arguments> matrix() {
        List<Arguments> out = new ArrayList<>();
        for (ProtocolVersion v : ProtocolVersion.values()) {
            for (KeyType k : List.of(KeyType.ECDSA_P256, KeyType.ECDSA_P384, KeyType.RSA_2048, KeyType.ED25519,
                    KeyType.RSA_PSS_2048)) {
                out.add(Arguments.of(v, k));
            }
        }
        return out.stream();
    }

    private static TlsServerConfig.Builder server(ClientAuth mode) {
        return TlsServerConfig.builder().certificate(serverKey).clientAuthentication(mode, clientPki.trustAnchors());
    }

    private static TlsClientConfig.Builder client(ProtocolVersion v) {
        return TlsClientConfig.builder().versions(v)
                .certificateVerifier(new PkixCertificateVerifier(serverPki.trustAnchors()));
    }

    @ParameterizedTest(name = "{0} client key {1}")
    @MethodSource("matrix")
    void clientCertificateIsSentAndVerified(ProtocolVersion v, KeyType key) throws Exception {
        CertifiedKey clientKey = clientPki.issue(key, "client.test");
        TlsConnection c = TlsConnection.client(client(v).clientCertificate(clientKey).build(), "server.test");
        TlsConnection s = TlsConnection.server(server(ClientAuth.REQUIRED).build());
        MemoryPipe pipe = new MemoryPipe(c, s);
        pipe.handshake();
        assertEquals(v.displayName(), s.session().protocol());
        assertEquals(clientKey.chain(), s.session().peerCertificates());
        assertEquals(clientKey.chain(), c.session().localCertificates());
        assertArrayEquals(new byte[] {1, 2}, pipe.transfer(c, s, new byte[] {1, 2}));
    }

    @ParameterizedTest
    @EnumSource(ProtocolVersion.class)
    void requiredButMissingIsRefused(ProtocolVersion v) {
        TlsConnection c = TlsConnection.client(client(v).build(), "server.test");
        TlsConnection s = TlsConnection.server(server(ClientAuth.REQUIRED).build());
        TlsException e = assertThrows(TlsException.class, () -> new MemoryPipe(c, s).handshake());
        // RFC 8446, 4.4.2.4: certificate_required; RFC 5246, 7.4.6: handshake_failure
        assertEquals(v == ProtocolVersion.TLS13 ? AlertDescription.CERTIFICATE_REQUIRED
                : AlertDescription.HANDSHAKE_FAILURE, e.alert());
        assertTrue(e.getMessage().contains("no certificate"), e.getMessage());
        assertEquals(e.alert(), c.failure().alert(), "the client hears why");
    }

    @ParameterizedTest
    @EnumSource(ProtocolVersion.class)
    void optionalAndMissingIsServed(ProtocolVersion v) throws Exception {
        TlsConnection c = TlsConnection.client(client(v).build(), "server.test");
        TlsConnection s = TlsConnection.server(server(ClientAuth.OPTIONAL).build());
        new MemoryPipe(c, s).handshake();
        assertTrue(s.session().peerCertificates().isEmpty());
    }

    @ParameterizedTest
    @EnumSource(ProtocolVersion.class)
    void untrustedClientCertificateIsRefused(ProtocolVersion v) {
        TlsConnection c = TlsConnection.client(client(v).clientCertificate(otherPki.issue(KeyType.ECDSA_P256,
                "client.test")).build(), "server.test");
        TlsConnection s = TlsConnection.server(server(ClientAuth.OPTIONAL).build());
        TlsException e = assertThrows(TlsException.class, () -> new MemoryPipe(c, s).handshake());
        assertEquals(AlertDescription.UNKNOWN_CA, e.alert(), e.getMessage());
    }

    @ParameterizedTest
    @EnumSource(ProtocolVersion.class)
    void aServerOnlyCertificateIsNotAClientCertificate(ProtocolVersion v) {
        CertifiedKey serverOnly = clientPki.leaf(KeyType.ECDSA_P256).names("client.test")
                .extendedKeyUsage(KeyPurposeId.id_kp_serverAuth).issue();
        TlsConnection c = TlsConnection.client(client(v).clientCertificate(serverOnly).build(), "server.test");
        TlsConnection s = TlsConnection.server(server(ClientAuth.REQUIRED).build());
        TlsException e = assertThrows(TlsException.class, () -> new MemoryPipe(c, s).handshake());
        assertEquals(AlertDescription.UNSUPPORTED_CERTIFICATE, e.alert(), e.getMessage());
    }

    @ParameterizedTest
    @EnumSource(ProtocolVersion.class)
    void theCaHintPicksTheCertificate(ProtocolVersion v) throws Exception {
        CertifiedKey wrong = otherPki.issue(KeyType.ECDSA_P256, "client.test");
        CertifiedKey right = clientPki.issue(KeyType.ECDSA_P256, "client.test");
        TlsConnection c = TlsConnection.client(client(v).clientCertificate(wrong).clientCertificate(right).build(),
                "server.test");
        TlsConnection s = TlsConnection.server(server(ClientAuth.REQUIRED).build());
        new MemoryPipe(c, s).handshake();
        assertEquals(right.leaf(), s.session().peerCertificates().get(0));
    }

    @Test
    void withoutClientAuthNothingIsRequested() throws Exception {
        CertifiedKey clientKey = clientPki.issue(KeyType.ECDSA_P256, "client.test");
        TlsConnection c = TlsConnection.client(client(ProtocolVersion.TLS13).clientCertificate(clientKey).build(),
                "server.test");
        TlsConnection s = TlsConnection.server(TlsServerConfig.builder().certificate(serverKey).build());
        new MemoryPipe(c, s).handshake();
        assertTrue(s.session().peerCertificates().isEmpty());
        assertTrue(c.session().localCertificates().isEmpty());
    }

    /** RFC 8446, 4.6.2: the server asks after the handshake (after a KeyUpdate, so Finished uses the new secret). */
    @Test
    void postHandshakeAuthentication() throws Exception {
        CertifiedKey clientKey = clientPki.issue(KeyType.ED25519, "client.test");
        TlsConnection c = TlsConnection.client(client(ProtocolVersion.TLS13).clientCertificate(clientKey).build(),
                "server.test");
        TlsConnection s = TlsConnection.server(server(ClientAuth.POST_HANDSHAKE).build());
        MemoryPipe pipe = new MemoryPipe(c, s);
        pipe.handshake();
        assertTrue(s.session().peerCertificates().isEmpty(), "nothing asked during the handshake");
        c.updateKeys(true);
        pipe.pump();
        s.requestClientCertificate();
        pipe.pump();
        assertEquals(clientKey.chain(), s.session().peerCertificates());
        assertArrayEquals(new byte[] {7}, pipe.transfer(c, s, new byte[] {7}));
        assertArrayEquals(new byte[] {8}, pipe.transfer(s, c, new byte[] {8}));
        s.requestClientCertificate(); // and again: a fresh context each time
        pipe.pump();
        assertEquals(clientKey.chain(), s.session().peerCertificates());
    }

    @Test
    void postHandshakeAuthenticationNeedsTheClientsOffer() throws Exception {
        TlsConnection c = TlsConnection.client(client(ProtocolVersion.TLS13).build(), "server.test");
        TlsConnection s = TlsConnection.server(server(ClientAuth.POST_HANDSHAKE).build());
        new MemoryPipe(c, s).handshake();
        IllegalStateException e = assertThrows(IllegalStateException.class, s::requestClientCertificate);
        assertTrue(e.getMessage().contains("post_handshake_auth"), e.getMessage());
    }

    @Test
    void postHandshakeAuthenticationWithAnUntrustedCertificateFails() throws Exception {
        TlsConnection c = TlsConnection.client(client(ProtocolVersion.TLS13)
                .clientCertificate(otherPki.issue(KeyType.ECDSA_P256, "client.test")).build(), "server.test");
        TlsConnection s = TlsConnection.server(server(ClientAuth.POST_HANDSHAKE).build());
        MemoryPipe pipe = new MemoryPipe(c, s);
        pipe.handshake();
        s.requestClientCertificate();
        TlsException e = assertThrows(TlsException.class, pipe::pump);
        assertEquals(AlertDescription.UNKNOWN_CA, e.alert(), e.getMessage());
    }
}
