package dev.parapet.tls.hostile;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parapet.tls.AlertDescription;
import dev.parapet.tls.TlsException;
import dev.parapet.tls.crypto.CipherSuite;
import dev.parapet.tls.crypto.NamedGroup;
import dev.parapet.tls.handshake.Extension;
import dev.parapet.tls.handshake.ExtensionType;
import dev.parapet.tls.handshake.Extensions;
import dev.parapet.tls.handshake.HandshakeMessage;
import dev.parapet.tls.handshake.ServerHello;
import dev.parapet.tls.record.ContentType;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A scripted server bends its ServerHello and HelloRetryRequest; the Parapet client must refuse (RFC 8446, 4.1). */
@Timeout(10)
class HostileServerFlightTest {
    private static final AlertDescription ILLEGAL = AlertDescription.ILLEGAL_PARAMETER;

    @Test
    void honestScriptCompletesAndCarriesData() throws Exception {
        ScriptedServer s = Fixtures.scriptedServer();
        s.completeHandshake();
        s.deliver(s.seal(ContentType.APPLICATION_DATA, new byte[] {1, 2, 3}));
        assertArrayEquals(new byte[] {1, 2, 3}, s.applicationData());
        s.parapet.write(ByteBuffer.wrap(new byte[] {4, 5}));
        List<ScriptedPeer.Inbound> got = s.pull();
        assertEquals(ContentType.APPLICATION_DATA, got.get(0).type());
        assertArrayEquals(new byte[] {4, 5}, got.get(0).payload());
    }

    @Test
    void helloRetryRequestThenHonestServerHelloCompletes() throws Exception {
        ScriptedServer s = Fixtures.scriptedServer();
        s.sendHelloRetryRequest(s.helloRetryRequest(NamedGroup.SECP256R1));
        assertEquals(NamedGroup.SECP256R1, s.clientShareGroup());
        s.sendServerHello();
        s.send(s.flight());
        s.pull();
        assertTrue(s.clientFinished);
    }

    /** RFC 8446, 4.1.3: the cipher suite must be one the client offered, else illegal_parameter. */
    @Test
    void suiteTheClientDidNotOffer() {
        ScriptedServer s = ScriptedServer.start(Fixtures.clientConfig()
                .cipherSuites(CipherSuite.TLS_AES_128_GCM_SHA256).build(), Fixtures.NAME, Fixtures.LEAF);
        Refusal.expect(s, ILLEGAL, "cipher suite", () -> s.deliverHello(s.serverHello(
                CipherSuite.TLS_AES_256_GCM_SHA384.id(), s.hello.legacySessionId(), standardExtensions(s))));
    }

    /** RFC 8446, 4.1.3: legacy_session_id_echo must equal the client's, else illegal_parameter. */
    @Test
    void wrongSessionIdEcho() {
        ScriptedServer s = Fixtures.scriptedServer();
        Refusal.expect(s, ILLEGAL, "session_id", () -> s.deliverHello(s.serverHello(
                s.suite.id(), new byte[32], standardExtensions(s))));
    }

    /** RFC 8446, 4.2.8: the server's share must be in a group the client sent a share for. */
    @Test
    void keyShareForAGroupTheClientDidNotShare() {
        ScriptedServer s = Fixtures.scriptedServer();
        Refusal.expect(s, ILLEGAL, "key_share", () -> s.deliverHello(s.serverHello(s.suite.id(),
                s.hello.legacySessionId(), List.of(Extensions.serverSupportedVersion(Extensions.TLS13),
                        s.keyShare(NamedGroup.SECP384R1)))));
    }

    /**
     * RFC 8446, 4.1.3 and 4.2.1: no supported_versions means TLS 1.2; a TLS 1.3 suite in a TLS 1.2 ServerHello is
     * one the client did not offer for that version: illegal_parameter.
     */
    @Test
    void serverHelloWithoutSupportedVersions() {
        ScriptedServer s = Fixtures.scriptedServer();
        Refusal.expect(s, ILLEGAL, "TLS 1.2", () -> s.deliverHello(s.serverHello(
                s.suite.id(), s.hello.legacySessionId(), List.of(s.keyShare(NamedGroup.X25519)))));
    }

    /** A client that speaks only TLS 1.3 refuses a ServerHello without supported_versions with protocol_version. */
    @Test
    void tls13OnlyClientRefusesTls12() {
        ScriptedServer s = ScriptedServer.start(Fixtures.clientConfig().versions(dev.parapet.tls.ProtocolVersion.TLS13)
                .build(), Fixtures.NAME, Fixtures.LEAF);
        Refusal.expect(s, AlertDescription.PROTOCOL_VERSION, "version", () -> s.deliverHello(s.serverHello(
                s.suite.id(), s.hello.legacySessionId(), List.of(s.keyShare(NamedGroup.X25519)))));
    }

    /** RFC 8446, 4.1.4: a HelloRetryRequest that would not change the ClientHello is illegal_parameter. */
    @Test
    void helloRetryRequestThatChangesNothing() {
        ScriptedServer s = Fixtures.scriptedServer();
        Refusal.expect(s, ILLEGAL, "HelloRetryRequest", () -> s.sendHelloRetryRequest(s.helloRetryRequest(
                List.of(Extensions.serverSupportedVersion(Extensions.TLS13)))));
    }

    /** RFC 8446, 4.1.4: asking for the group the client already shared is illegal_parameter too. */
    @Test
    void helloRetryRequestForTheGroupAlreadyShared() {
        ScriptedServer s = Fixtures.scriptedServer();
        Refusal.expect(s, ILLEGAL, "group", () -> s.sendHelloRetryRequest(s.helloRetryRequest(NamedGroup.X25519)));
    }

    /** RFC 8446, 4.1.4: a second HelloRetryRequest is unexpected_message. */
    @Test
    void secondHelloRetryRequest() throws Exception {
        ScriptedServer s = Fixtures.scriptedServer();
        s.sendHelloRetryRequest(s.helloRetryRequest(NamedGroup.SECP256R1));
        Refusal.expect(s, AlertDescription.UNEXPECTED_MESSAGE, "HelloRetryRequest",
                () -> s.sendHelloRetryRequest(s.helloRetryRequest(NamedGroup.SECP384R1)));
    }

    /** RFC 8446, 4.1.4: the ServerHello after a HelloRetryRequest keeps its cipher suite. */
    @Test
    void serverHelloChangesTheSuiteAfterHelloRetryRequest() throws Exception {
        ScriptedServer s = Fixtures.scriptedServer();
        s.sendHelloRetryRequest(s.helloRetryRequest(NamedGroup.SECP256R1));
        Refusal.expect(s, ILLEGAL, "cipher suite", () -> s.deliverHello(s.serverHello(
                CipherSuite.TLS_CHACHA20_POLY1305_SHA256.id(), s.hello.legacySessionId(), standardExtensions(s))));
    }

    /** RFC 8446, 4.2.8: after a HelloRetryRequest, the ServerHello's group is the one the HRR named. */
    @Test
    void serverHelloUsesAnotherGroupAfterHelloRetryRequest() throws Exception {
        ScriptedServer s = Fixtures.scriptedServer();
        s.sendHelloRetryRequest(s.helloRetryRequest(NamedGroup.SECP256R1));
        Refusal.expect(s, ILLEGAL, "key_share", () -> s.deliverHello(s.serverHello(s.suite.id(),
                s.hello.legacySessionId(), List.of(Extensions.serverSupportedVersion(Extensions.TLS13),
                        s.keyShare(NamedGroup.X25519)))));
    }

    /** RFC 8446, 4.2: an extension the client did not offer is unsupported_extension. */
    @Test
    void serverHelloWithAnUnofferedExtension() throws Exception {
        ScriptedServer s = Fixtures.scriptedServer();
        List<Extension> ext = new ArrayList<>(standardExtensions(s));
        ext.add(new Extension(ExtensionType.STATUS_REQUEST, new byte[0]));
        Refusal.expect(s, AlertDescription.UNSUPPORTED_EXTENSION, "status_request",
                () -> s.deliverHello(s.serverHello(s.suite.id(), s.hello.legacySessionId(), ext)));
    }

    /** RFC 8446, 4.2: one the client offered (for TLS 1.2) but that a TLS 1.3 ServerHello may not carry. */
    @Test
    void serverHelloWithATls12OnlyExtension() throws Exception {
        ScriptedServer s = Fixtures.scriptedServer();
        List<Extension> ext = new ArrayList<>(standardExtensions(s));
        ext.add(new Extension(ExtensionType.EXTENDED_MASTER_SECRET, new byte[0]));
        Refusal.expect(s, ILLEGAL, "extended_master_secret",
                () -> s.deliverHello(s.serverHello(s.suite.id(), s.hello.legacySessionId(), ext)));
    }

    /** RFC 8446, 5.1: ServerHello and EncryptedExtensions in one record span a key change: unexpected_message. */
    @Test
    void serverHelloAndEncryptedExtensionsInOneRecord() throws Exception {
        ScriptedServer s = Fixtures.scriptedServer();
        HandshakeMessage sh = s.serverHello().encode();
        Refusal.expect(s, AlertDescription.UNEXPECTED_MESSAGE, "key change", () -> s.deliver(
                WireRecords.record(ContentType.HANDSHAKE, WireRecords.handshakeBytes(sh, s.encryptedExtensions()))));
    }

    /** RFC 8446, 5.1: the ServerHello may be split over records, as long as nothing else comes between. */
    @Test
    void serverHelloInOneByteFragmentsIsFine() throws Exception {
        ScriptedServer s = Fixtures.scriptedServer();
        HandshakeMessage sh = s.serverHello().encode();
        s.deriveHandshakeKeys(sh);
        for (byte[] f : WireRecords.fragments(sh.encoded(), 1)) {
            s.deliver(WireRecords.record(ContentType.HANDSHAKE, f));
        }
        s.send(s.flight());
        s.pull();
        assertTrue(s.clientFinished);
    }

    static List<Extension> standardExtensions(ScriptedServer s) throws TlsException {
        return List.of(Extensions.serverSupportedVersion(Extensions.TLS13), s.keyShare(s.clientShareGroup()));
    }
}
