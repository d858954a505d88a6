package dev.parapet.tls.hostile;


import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parapet.tls.AlertDescription;
import dev.parapet.tls.TlsServerConfig;
import dev.parapet.tls.crypto.KeyExchange;
import dev.parapet.tls.crypto.NamedGroup;
import dev.parapet.tls.handshake.ExtensionType;
import dev.parapet.tls.handshake.Extensions;
import dev.parapet.tls.handshake.HandshakeMessage;
import dev.parapet.tls.handshake.HandshakeType;
import dev.parapet.tls.record.ContentType;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A scripted client sends ClientHellos no TLS 1.3 client should (RFC 8446, 4.1.2 and 4.2); the server refuses. */
@Timeout(10)
class HostileClientHelloTest {
    private static final AlertDescription ILLEGAL = AlertDescription.ILLEGAL_PARAMETER;

    /**
     * RFC 8446, 4.2.1: without supported_versions the client speaks TLS 1.2 or older: protocol_version from a server
     * that speaks only TLS 1.3.
     */
    @Test
    void noSupportedVersions() {
        ScriptedClient c = ScriptedClient.start(tls13OnlyServer());
        Refusal.expect(c, AlertDescription.PROTOCOL_VERSION, "no supported_versions",
                () -> c.sendClientHello(c.hello().without(ExtensionType.SUPPORTED_VERSIONS)));
    }

    /** RFC 8446, 4.2.1: supported_versions without 0x0304 leaves a TLS 1.3-only server no version: protocol_version. */
    @Test
    void supportedVersionsWithOnlyTls12() {
        ScriptedClient c = ScriptedClient.start(tls13OnlyServer());
        Refusal.expect(c, AlertDescription.PROTOCOL_VERSION, "0x0303", () -> c.sendClientHello(c.hello()
                .with(Extensions.clientSupportedVersions(List.of(Extensions.TLS12)))));
    }

    /** A server that also speaks TLS 1.2 takes such a hello as TLS 1.2: with only TLS 1.3 suites there is none. */
    @Test
    void tls12HelloWithOnlyTls13SuitesHasNoCommonSuite() {
        ScriptedClient c = Fixtures.scriptedClient();
        Refusal.expect(c, AlertDescription.HANDSHAKE_FAILURE, "no common TLS 1.2 cipher suite",
                () -> c.sendClientHello(c.hello().without(ExtensionType.SUPPORTED_VERSIONS)));
    }

    private static dev.parapet.tls.TlsServerConfig tls13OnlyServer() {
        return dev.parapet.tls.TlsServerConfig.builder().certificate(Fixtures.LEAF)
                .versions(dev.parapet.tls.ProtocolVersion.TLS13).build();
    }

    /** RFC 8446, 9.2: a TLS 1.3 ClientHello without PSK needs key_share: missing_extension. */
    @Test
    void noKeyShare() {
        ScriptedClient c = Fixtures.scriptedClient();
        Refusal.expect(c, AlertDescription.MISSING_EXTENSION, "key_share",
                () -> c.sendClientHello(c.hello().without(ExtensionType.KEY_SHARE)));
    }

    /** RFC 8446, 9.2: likewise signature_algorithms. */
    @Test
    void noSignatureAlgorithms() {
        ScriptedClient c = Fixtures.scriptedClient();
        Refusal.expect(c, AlertDescription.MISSING_EXTENSION, "signature_algorithms",
                () -> c.sendClientHello(c.hello().without(ExtensionType.SIGNATURE_ALGORITHMS)));
    }

    /** RFC 8446, 4.2.8: each share must be for a group in supported_groups, else illegal_parameter. */
    @Test
    void keyShareGroupNotInSupportedGroups() {
        ScriptedClient c = Fixtures.scriptedClient();
        Refusal.expect(c, ILLEGAL, "supported_groups", () -> c.sendClientHello(c.hello().with(
                Extensions.u16List(ExtensionType.SUPPORTED_GROUPS, List.of(NamedGroup.SECP256R1.id())))));
    }

    /** RFC 8446, 4.2.8: at most one share per group, else illegal_parameter. */
    @Test
    void twoSharesForOneGroup() {
        ScriptedClient c = Fixtures.scriptedClient();
        KeyExchange other = KeyExchange.generate(NamedGroup.X25519, new SecureRandom());
        Refusal.expect(c, ILLEGAL, "two shares",
                () -> c.sendClientHello(c.hello().with(HelloSpec.keyShares(c.share, other))));
    }

    /** RFC 8446, 4.1.2: legacy_compression_methods must be exactly one zero byte, else illegal_parameter. */
    @Test
    void compressionOtherThanNull() {
        for (byte[] methods : List.of(new byte[] {1}, new byte[] {0, 1})) {
            ScriptedClient c = Fixtures.scriptedClient();
            HelloSpec h = c.hello();
            h.compression = methods;
            Refusal.expect(c, ILLEGAL, "compression", () -> c.sendClientHello(h));
        }
    }

    /** RFC 8446, 4.1.1: no cipher suite in common is handshake_failure. */
    @Test
    void noCommonCipherSuite() {
        ScriptedClient c = Fixtures.scriptedClient();
        HelloSpec h = c.hello();
        h.suites = List.of(0xc02f, 0x009c); // TLS 1.2 suites only
        Refusal.expect(c, AlertDescription.HANDSHAKE_FAILURE, "no common cipher suite", () -> c.sendClientHello(h));
    }

    /** RFC 8446, 4.2: "There MUST NOT be more than one extension of the same type": illegal_parameter. */
    @Test
    void duplicateExtension() {
        ScriptedClient c = Fixtures.scriptedClient();
        HelloSpec h = c.hello();
        h.extensions.add(Extensions.u16List(ExtensionType.SUPPORTED_GROUPS, List.of(NamedGroup.X25519.id())));
        Refusal.expect(c, ILLEGAL, "duplicate supported_groups", () -> c.sendClientHello(h));
    }

    /** RFC 8446, 4: a body shorter than its fields say is decode_error. */
    @Test
    void truncatedClientHello() {
        ScriptedClient c = Fixtures.scriptedClient();
        byte[] body = c.hello().encode().body();
        HandshakeMessage cut = HandshakeMessage.of(HandshakeType.CLIENT_HELLO, Arrays.copyOf(body, body.length - 7));
        Refusal.expect(c, AlertDescription.DECODE_ERROR, "ClientHello",
                () -> c.deliver(WireRecords.record(ContentType.HANDSHAKE, cut.encoded())));
    }

    /** An SSLv2-format ClientHello (RFC 6176 forbids SSLv2): a clean failure that says so. */
    @Test
    void sslv2ClientHello() {
        ScriptedClient c = Fixtures.scriptedClient();
        byte[] v2 = {(byte) 0x80, 0x2e, 0x01, 0x03, 0x01, 0x00, 0x15, 0x00, 0x00, 0x00, 0x10,
                0x07, 0x00, (byte) 0xc0, 0x05, 0x00, (byte) 0x80, 0x03, 0x00, (byte) 0x80};
        byte[] hello = Arrays.copyOf(v2, 48);
        Refusal.expect(c, AlertDescription.UNEXPECTED_MESSAGE, "SSLv2", () -> c.deliver(hello));
    }

    /** Plain HTTP to a TLS port: a clean failure naming HTTP. */
    @Test
    void plainHttpRequest() {
        ScriptedClient c = Fixtures.scriptedClient();
        byte[] get = "GET / HTTP/1.1\r\nHost: server.test\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
        Refusal.expect(c, AlertDescription.UNEXPECTED_MESSAGE, "HTTP", () -> c.deliver(get));
    }

    /** RFC 8446, 5: change_cipher_spec is acceptable only after the first ClientHello. */
    @Test
    void changeCipherSpecBeforeClientHello() {
        ScriptedClient c = Fixtures.scriptedClient();
        Refusal.expect(c, AlertDescription.UNEXPECTED_MESSAGE, "change_cipher_spec",
                () -> c.deliver(WireRecords.record(ContentType.CHANGE_CIPHER_SPEC, new byte[] {1})));
    }

    /** RFC 8446, 4.1.2: the second ClientHello answers the HelloRetryRequest; the wrong share is illegal. */
    @Test
    void secondClientHelloIgnoresTheRetryRequest() throws Exception {
        ScriptedClient c = ScriptedClient.start(TlsServerConfig.builder().certificate(Fixtures.LEAF)
                .namedGroups(NamedGroup.SECP256R1).build());
        HelloSpec first = c.hello();
        c.sendClientHello(first);
        assertTrue(c.helloRetried, "the server asked for another share");
        first.random = first.random.clone();
        Refusal.expect(c, ILLEGAL, "key share", () -> c.sendClientHello(first));
    }

    /** RFC 8446, 4.1.4: after the retry, the session id stays the same. */
    @Test
    void secondClientHelloChangesTheSessionId() throws Exception {
        ScriptedClient c = ScriptedClient.start(TlsServerConfig.builder().certificate(Fixtures.LEAF)
                .namedGroups(NamedGroup.SECP256R1).build());
        c.sendClientHello(c.hello());
        KeyExchange p256 = KeyExchange.generate(NamedGroup.SECP256R1, new SecureRandom());
        HelloSpec second = c.hello().with(HelloSpec.keyShares(p256));
        second.sessionId = new byte[32];
        Refusal.expect(c, ILLEGAL, "legacy_session_id", () -> c.sendClientHello(second));
    }
}
