package dev.parapet.tls.attack;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parapet.tls.AlertDescription;
import dev.parapet.tls.ProtocolVersion;
import dev.parapet.tls.TlsClientConfig;
import dev.parapet.tls.TlsConnection;
import dev.parapet.tls.TlsException;
import dev.parapet.tls.TlsServerConfig;
import dev.parapet.tls.crypto.CipherSuite;
import dev.parapet.tls.handshake.ExtensionType;
import dev.parapet.tls.testing.TestPki;
import dev.parapet.tls.testing.TestPki.KeyType;
import dev.parapet.tls.x509.CertifiedKey;
import dev.parapet.tls.x509.PkixCertificateVerifier;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * TLS 1.2 renegotiation is refused (RFC 5746 is spoken, renegotiation itself is not: a no_renegotiation warning
 * to a renegotiating ClientHello or a HelloRequest, and the connection carries on), and a peer without
 * extended_master_secret (RFC 7627) is refused when it is required, in both roles.
 */
class Tls12RenegotiationAndEmsTest {
    private static final String SERVER_NAME = "server.test";
    private static final CipherSuite SUITE = CipherSuite.TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256;
    private static TestPki pki;
    private static CertifiedKey rsa;

    @BeforeAll
    static void pki() {
        pki = TestPki.create(KeyType.ECDSA_P256);
        rsa = pki.issue(KeyType.RSA_2048, SERVER_NAME);
    }

    private static TlsClientConfig.Builder client() {
        return TlsClientConfig.builder().certificateVerifier(new PkixCertificateVerifier(pki.trustAnchors()))
                .versions(ProtocolVersion.TLS12).cipherSuites(SUITE);
    }

    private static TlsServerConfig.Builder server() {
        return TlsServerConfig.builder().certificate(rsa).cipherSuites(SUITE);
    }

    private static AttackPair connected() {
        AttackPair p = new AttackPair(client(), server().build(), SERVER_NAME).handshake(null);
        assertNull(p.failure, () -> "handshake failed: " + p.failure);
        assertEquals("TLSv1.2", p.client.session().protocol());
        return p;
    }

    private static byte[] open(Tls12Wire.Protection reader, byte[] wire, int expectedType) {
        List<Tls12Wire.Wire> records = Tls12Wire.records(wire);
        assertEquals(1, records.size(), "one record expected, got " + records.size());
        assertEquals(expectedType, records.get(0).type());
        try {
            return reader.openGcm(records.get(0));
        } catch (Exception e) {
            throw new AssertionError("cannot open Parapet's record", e);
        }
    }

    private static String readAll(TlsConnection c) {
        ByteBuffer b = ByteBuffer.allocate(1000);
        c.read(b);
        return new String(b.array(), 0, b.position(), StandardCharsets.US_ASCII);
    }

    /** A ClientHello under the session's keys: the server answers no_renegotiation (warning) and carries on. */
    @Test
    void renegotiatingClientHelloGetsNoRenegotiationWarning() {
        AttackPair p = connected();
        Tls12Wire.Protection clientWrites = p.afterFinished(true);
        Tls12Wire.Protection serverWrites = p.afterFinished(false);

        assertNull(Tls12Wire.deliver(p.server, clientWrites.seal(Tls12Wire.HANDSHAKE, p.clientHello)));
        byte[] answer = open(serverWrites, Tls12Wire.drain(p.server), Tls12Wire.ALERT);
        assertArrayEquals(new byte[] {1, (byte) AlertDescription.NO_RENEGOTIATION.code()}, answer,
                "a warning-level no_renegotiation alert");
        assertFalse(p.server.isHandshaking());

        // the connection goes on, both ways
        assertNull(Tls12Wire.deliver(p.server, clientWrites.seal(Tls12Wire.APPLICATION_DATA,
                "still here".getBytes(StandardCharsets.US_ASCII))));
        assertEquals("still here", readAll(p.server));
        try {
            p.server.write(ByteBuffer.wrap("me too".getBytes(StandardCharsets.US_ASCII)));
        } catch (TlsException e) {
            throw new AssertionError(e);
        }
        assertEquals("me too", new String(open(serverWrites, Tls12Wire.drain(p.server),
                Tls12Wire.APPLICATION_DATA), StandardCharsets.US_ASCII));
    }

    /** A HelloRequest under the session's keys: the client answers no_renegotiation (warning) and carries on. */
    @Test
    void helloRequestGetsNoRenegotiationWarning() {
        AttackPair p = connected();
        Tls12Wire.Protection clientWrites = p.afterFinished(true);
        Tls12Wire.Protection serverWrites = p.afterFinished(false);

        assertNull(Tls12Wire.deliver(p.client, serverWrites.seal(Tls12Wire.HANDSHAKE, new byte[] {0, 0, 0, 0})));
        byte[] answer = open(clientWrites, Tls12Wire.drain(p.client), Tls12Wire.ALERT);
        assertArrayEquals(new byte[] {1, (byte) AlertDescription.NO_RENEGOTIATION.code()}, answer,
                "a warning-level no_renegotiation alert, and no ClientHello");
        assertFalse(p.client.isHandshaking());

        assertNull(Tls12Wire.deliver(p.client, serverWrites.seal(Tls12Wire.APPLICATION_DATA,
                "still here".getBytes(StandardCharsets.US_ASCII))));
        assertEquals("still here", readAll(p.client));
        try {
            p.client.write(ByteBuffer.wrap("me too".getBytes(StandardCharsets.US_ASCII)));
        } catch (TlsException e) {
            throw new AssertionError(e);
        }
        assertEquals("me too", new String(open(clientWrites, Tls12Wire.drain(p.client),
                Tls12Wire.APPLICATION_DATA), StandardCharsets.US_ASCII));
    }

    // ---- extended master secret

    /** Server role: a ClientHello without extended_master_secret is refused (default: required). */
    @Test
    void serverRefusesClientWithoutEms() {
        AttackPair p = new AttackPair(client().requireExtendedMasterSecret(false), server().build(), SERVER_NAME)
                .handshake(AttackPair.without(ExtensionType.EXTENDED_MASTER_SECRET));
        TlsException e = p.server.failure();
        assertNotNull(e, "the server must refuse");
        assertEquals(AlertDescription.HANDSHAKE_FAILURE, e.alert(), e.toString());
        assertTrue(e.getMessage().contains("extended_master_secret"), e.getMessage());
        assertFalse(e.receivedFromPeer());
    }

    /** Control for the server role: when not required, the same client completes without EMS. */
    @Test
    void serverAcceptsClientWithoutEmsWhenNotRequired() {
        ScriptedRsaClient c = new ScriptedRsaClient(CipherSuite.TLS_RSA_WITH_AES_128_GCM_SHA256,
                TlsServerConfig.builder().certificate(rsa).legacy(true).requireExtendedMasterSecret(false).build(),
                pki, ScriptedRsaClient.without(ExtensionType.EXTENDED_MASTER_SECRET)).complete(rsa);
        assertFalse(c.ems);
        assertFalse(c.server.session().extendedMasterSecret(), c.server.session().summary());
    }

    /** Server role, scripted client: refused at the ClientHello, before anything is sent. */
    @Test
    void serverRefusesScriptedClientWithoutEms() {
        ScriptedRsaClient.Refused r = assertThrows(ScriptedRsaClient.Refused.class, () -> new ScriptedRsaClient(
                CipherSuite.TLS_RSA_WITH_AES_128_GCM_SHA256, rsa, pki,
                ScriptedRsaClient.without(ExtensionType.EXTENDED_MASTER_SECRET)));
        assertEquals(AlertDescription.HANDSHAKE_FAILURE, r.failure.alert(), r.failure.toString());
        assertTrue(r.failure.getMessage().contains("extended_master_secret"), r.failure.getMessage());
        assertFalse(r.failure.receivedFromPeer());
    }

    /**
     * Client role: a server that does not echo extended_master_secret (here because a middlebox removed it from
     * the ClientHello, and the server does not require it) is refused by a client that requires it (default).
     */
    @Test
    void clientRefusesServerWithoutEms() {
        AttackPair p = new AttackPair(client(), server().requireExtendedMasterSecret(false).build(), SERVER_NAME)
                .handshake(AttackPair.without(ExtensionType.EXTENDED_MASTER_SECRET));
        TlsException e = p.client.failure();
        assertNotNull(e, "the client must refuse; first failure: " + p.failure);
        assertEquals(AlertDescription.HANDSHAKE_FAILURE, e.alert(), e.toString());
        assertTrue(e.getMessage().contains("extended_master_secret"), e.getMessage());
        assertFalse(e.receivedFromPeer());
        assertTrue(p.client.isHandshaking() || p.client.failure() != null);
    }
}
