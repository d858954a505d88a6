package dev.parapet.tls.hostile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.parapet.tls.AlertDescription;
import dev.parapet.tls.Limits;
import dev.parapet.tls.TlsException;
import dev.parapet.tls.TlsServerConfig;
import dev.parapet.tls.crypto.KeyExchange;
import dev.parapet.tls.crypto.NamedGroup;
import dev.parapet.tls.handshake.CertificateMessage;
import dev.parapet.tls.handshake.Extension;
import dev.parapet.tls.handshake.ExtensionType;
import dev.parapet.tls.handshake.Extensions;
import dev.parapet.tls.handshake.HandshakeMessage;
import dev.parapet.tls.handshake.HandshakeReassembler;
import dev.parapet.tls.handshake.HandshakeType;
import dev.parapet.tls.handshake.KeyShareEntry;
import dev.parapet.tls.record.ContentType;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Each {@link Limits} bound: its default holds, a configured value moves it, and going over gives the RFC's alert. */
@Timeout(30)
class LimitsTest {
    private static final AlertDescription UNEXPECTED = AlertDescription.UNEXPECTED_MESSAGE;

    @Test
    void defaultsAndValidation() {
        Limits d = Limits.DEFAULT;
        assertEquals(65536, d.maxHandshakeMessage());
        assertEquals(131072, d.maxCertificateChainBytes());
        assertEquals(10, d.maxCertificateChainLength());
        assertEquals(64, d.maxExtensions());
        assertEquals(8, d.maxKeyShares());
        assertEquals(32, d.maxEmptyRecords());
        assertEquals(32, d.maxWarningAlerts());
        assertEquals(32, d.maxKeyUpdates());
        assertEquals(64, d.maxPostHandshakeMessages());
        assertEquals(d.toString(), d.toBuilder().build().toString());
        assertEquals(7, d.toBuilder().maxKeyShares(7).build().maxKeyShares());
        assertThrows(IllegalArgumentException.class, () -> Limits.builder().maxKeyUpdates(0));
        assertThrows(IllegalArgumentException.class, () -> Limits.builder().maxHandshakeMessage(100));
        assertThrows(IllegalArgumentException.class, () -> Limits.builder().maxCertificateChainBytes(1 << 24));
        assertEquals(Limits.DEFAULT, TlsServerConfig.builder().certificate(Fixtures.LEAF).build().limits());
    }

    // ------------------------------------------------------------------ sizes

    /** RFC 8446, 6.2: decode_error, as soon as the header arrives, with the limit named. */
    @Test
    void handshakeMessageOverTheDefault() {
        TlsException e = assertThrows(TlsException.class,
                () -> new HandshakeReassembler().add(ByteBuffer.wrap(header(HandshakeType.CLIENT_HELLO, 70000))));
        assertEquals(AlertDescription.DECODE_ERROR, e.alert());
        assertEquals("ClientHello message of 70000 bytes exceeds Limits.maxHandshakeMessage (65536)", e.getMessage());
    }

    /** Certificate messages alone may be larger, up to maxCertificateChainBytes. */
    @Test
    void certificateMessagesHaveTheirOwnLimit() throws TlsException {
        new HandshakeReassembler().add(ByteBuffer.wrap(header(HandshakeType.CERTIFICATE, 100_000)));
        TlsException e = assertThrows(TlsException.class,
                () -> new HandshakeReassembler().add(ByteBuffer.wrap(header(HandshakeType.CERTIFICATE, 140_000))));
        assertEquals("Certificate message of 140000 bytes exceeds Limits.maxCertificateChainBytes (131072)",
                e.getMessage());
        Limits small = Limits.builder().maxCertificateChainBytes(4096).build();
        e = assertThrows(TlsException.class,
                () -> new HandshakeReassembler(small).add(ByteBuffer.wrap(header(HandshakeType.CERTIFICATE, 70_000))));
        assertEquals(AlertDescription.DECODE_ERROR, e.alert());
        assertEquals("Certificate message of 70000 bytes exceeds Limits.maxHandshakeMessage (65536)", e.getMessage());
    }

    /** A configured smaller limit on a server: the ClientHello is refused with decode_error on the wire. */
    @Test
    void configuredHandshakeMessageLimitOnAServer() {
        ScriptedClient c = ScriptedClient.start(server(Limits.builder().maxHandshakeMessage(1024).build()));
        byte[] padding = new byte[2000];
        Refusal.expect(c, AlertDescription.DECODE_ERROR, "Limits.maxHandshakeMessage (1024)",
                () -> c.sendClientHello(c.hello().with(new Extension(21, padding))));
    }

    // ------------------------------------------------------------------ counts

    @Test
    void certificateChainLength() throws Exception {
        ScriptedServer s = Fixtures.afterServerHello();
        List<HandshakeMessage> flight = s.flight();
        CertificateMessage honest = CertificateMessage.decode(flight.get(1));
        List<CertificateMessage.Entry> eleven = new ArrayList<>(Collections.nCopies(11, honest.entries().get(0)));
        HandshakeMessage cert = new CertificateMessage(new byte[0], eleven).encode();
        Refusal.expect(s, AlertDescription.ILLEGAL_PARAMETER,
                "certificate chain of 11 certificates exceeds Limits.maxCertificateChainLength (10)",
                () -> s.send(flight.get(0), cert));
    }

    @Test
    void configuredCertificateChainLengthOnAClient() throws Exception {
        ScriptedServer s = ScriptedServer.start(Fixtures.clientConfig()
                .limits(Limits.builder().maxCertificateChainLength(1).build()).build(), Fixtures.NAME, Fixtures.LEAF);
        s.sendServerHello();
        List<HandshakeMessage> flight = s.flight();
        CertificateMessage honest = CertificateMessage.decode(flight.get(1));
        HandshakeMessage two = new CertificateMessage(new byte[0],
                List.of(honest.entries().get(0), honest.entries().get(0))).encode();
        Refusal.expect(s, AlertDescription.ILLEGAL_PARAMETER, "Limits.maxCertificateChainLength (1)",
                () -> s.send(flight.get(0), two));
    }

    @Test
    void extensionsInAClientHello() {
        ScriptedClient ok = Fixtures.scriptedClient();
        HelloSpec sixtyFour = ok.hello();
        for (int type = 1000; sixtyFour.extensions.size() < 64; type++) {
            sixtyFour.with(new Extension(type, new byte[0]));
        }
        ScriptedClient c = Fixtures.scriptedClient();
        HelloSpec sixtyFive = c.hello();
        for (int type = 1000; sixtyFive.extensions.size() < 65; type++) {
            sixtyFive.with(new Extension(type, new byte[0]));
        }
        assertThrowsNothing(() -> ok.sendClientHello(sixtyFour));
        Refusal.expect(c, AlertDescription.ILLEGAL_PARAMETER,
                "ClientHello has 65 extensions, over Limits.maxExtensions (64)", () -> c.sendClientHello(sixtyFive));
    }

    /** A client counts too: a ServerHello with more extensions than the limit is refused before it is judged. */
    @Test
    void extensionsInAServerHello() throws Exception {
        ScriptedServer s = ScriptedServer.start(Fixtures.clientConfig()
                .limits(Limits.builder().maxExtensions(3).build()).build(), Fixtures.NAME, Fixtures.LEAF);
        List<Extension> four = new ArrayList<>(s.serverHello().extensions());
        four.add(new Extension(1000, new byte[0]));
        four.add(new Extension(1001, new byte[0]));
        Refusal.expect(s, AlertDescription.ILLEGAL_PARAMETER,
                "ServerHello has 4 extensions, over Limits.maxExtensions (3)",
                () -> s.deliverHello(s.serverHello(s.suite.id(), s.hello.legacySessionId(), four)));
    }

    @Test
    void keySharesInAClientHello() {
        ScriptedClient c = Fixtures.scriptedClient();
        List<KeyShareEntry> nine = new ArrayList<>();
        List<Integer> groups = new ArrayList<>();
        for (int i = 0; i < 9; i++) {
            KeyExchange k = KeyExchange.generate(NamedGroup.X25519, new SecureRandom());
            int group = i == 0 ? NamedGroup.X25519.id() : 0x7000 + i; // unknown groups after ours
            nine.add(new KeyShareEntry(group, k.publicKeyShare()));
            groups.add(group);
        }
        Refusal.expect(c, AlertDescription.ILLEGAL_PARAMETER, "9 key shares, over Limits.maxKeyShares (8)",
                () -> c.sendClientHello(c.hello().with(Extensions.clientKeyShares(nine))
                        .with(Extensions.u16List(ExtensionType.SUPPORTED_GROUPS, groups))));
    }

    @Test
    void configuredKeySharesOnAServer() {
        ScriptedClient c = ScriptedClient.start(server(Limits.builder().maxKeyShares(1).build()));
        KeyExchange p256 = KeyExchange.generate(NamedGroup.SECP256R1, new SecureRandom());
        Refusal.expect(c, AlertDescription.ILLEGAL_PARAMETER, "Limits.maxKeyShares (1)",
                () -> c.sendClientHello(c.hello().with(HelloSpec.keyShares(c.share, p256))));
    }

    // ------------------------------------------------------------------ floods after the handshake

    @Test
    void emptyRecordsConfigured() throws Exception {
        ScriptedServer s = connected(Limits.builder().maxEmptyRecords(3).build());
        s.deliver(repeat(() -> s.seal(ContentType.APPLICATION_DATA, new byte[0]), 3));
        assertNull(s.parapet.failure());
        Refusal.expect(s, UNEXPECTED, "Limits.maxEmptyRecords",
                () -> s.deliver(s.seal(ContentType.APPLICATION_DATA, new byte[0])));
    }

    @Test
    void warningAlertsConfigured() throws Exception {
        ScriptedServer s = connected(Limits.builder().maxWarningAlerts(2).build());
        byte[] warning = {1, (byte) AlertDescription.USER_CANCELED.code()};
        s.deliver(repeat(() -> s.seal(ContentType.ALERT, warning), 2));
        s.deliver(s.seal(ContentType.APPLICATION_DATA, new byte[] {1}));
        s.deliver(repeat(() -> s.seal(ContentType.ALERT, warning), 2));
        assertNull(s.parapet.failure(), "application data resets the count");
        Refusal.expect(s, UNEXPECTED, "Limits.maxWarningAlerts", () -> s.deliver(s.seal(ContentType.ALERT, warning)));
    }

    /** RFC 8446, 4.6.3 sets no bound; 32 KeyUpdates without data in between (the default) is already plenty. */
    @Test
    void keyUpdatesByDefault() throws Exception {
        ScriptedServer s = connected(Limits.DEFAULT);
        s.deliver(repeat(() -> s.keyUpdate(false), 32));
        s.deliver(s.seal(ContentType.APPLICATION_DATA, new byte[] {1}));
        s.deliver(repeat(() -> s.keyUpdate(false), 32));
        assertNull(s.parapet.failure(), "application data resets the count");
        TlsException e = Refusal.expect(s, UNEXPECTED, "Limits.maxKeyUpdates", () -> s.deliver(s.keyUpdate(false)));
        assertEquals("more than 32 KeyUpdates without application data in between exceed Limits.maxKeyUpdates",
                e.getMessage());
    }

    @Test
    void postHandshakeMessagesByDefault() throws Exception {
        ScriptedServer s = connected(Limits.DEFAULT);
        byte[] ticket = SampleMessages.of(HandshakeType.NEW_SESSION_TICKET).encoded();
        s.deliver(repeat(() -> s.seal(ContentType.HANDSHAKE, ticket), 64));
        assertNull(s.parapet.failure());
        Refusal.expect(s, UNEXPECTED, "Limits.maxPostHandshakeMessages",
                () -> s.deliver(s.seal(ContentType.HANDSHAKE, ticket)));
    }

    @Test
    void postHandshakeMessagesConfigured() throws Exception {
        ScriptedServer s = connected(Limits.builder().maxPostHandshakeMessages(2).build());
        byte[] ticket = SampleMessages.of(HandshakeType.NEW_SESSION_TICKET).encoded();
        s.deliver(repeat(() -> s.seal(ContentType.HANDSHAKE, ticket), 2));
        s.deliver(s.seal(ContentType.APPLICATION_DATA, new byte[] {1}));
        s.deliver(s.keyUpdate(false));
        s.deliver(s.seal(ContentType.HANDSHAKE, ticket));
        assertNull(s.parapet.failure(), "application data resets the count");
        Refusal.expect(s, UNEXPECTED, "more than 2 post-handshake messages",
                () -> s.deliver(s.seal(ContentType.HANDSHAKE, ticket)));
    }

    // ------------------------------------------------------------------ helpers

    private static TlsServerConfig server(Limits limits) {
        return TlsServerConfig.builder().certificate(Fixtures.LEAF).limits(limits).build();
    }

    private static ScriptedServer connected(Limits limits) throws TlsException {
        ScriptedServer s = ScriptedServer.start(Fixtures.clientConfig().limits(limits).build(), Fixtures.NAME,
                Fixtures.LEAF);
        s.completeHandshake();
        return s;
    }

    /** A handshake record holding only the header of a message of {@code length} bytes and a few body bytes. */
    private static byte[] header(HandshakeType type, int length) {
        return new byte[] {(byte) type.code(), (byte) (length >>> 16), (byte) (length >>> 8), (byte) length, 1, 2};
    }

    private static byte[] repeat(Supplier<byte[]> record, int times) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < times; i++) {
            out.writeBytes(record.get());
        }
        return out.toByteArray();
    }

    private static void assertThrowsNothing(org.junit.jupiter.api.function.Executable action) {
        org.junit.jupiter.api.Assertions.assertDoesNotThrow(action);
    }
}
