package dev.parapet.tls.handshake;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parapet.tls.AlertDescription;
import dev.parapet.tls.TlsException;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every message codec round-trips, and refuses truncated, padded and malformed encodings with the RFC's alert. */
class CodecTest {

    interface Decoder {
        Object decode(HandshakeMessage m) throws TlsException;
    }

    record Case(String name, HandshakeMessage message, Decoder decoder) {
        @Override
        public String toString() {
            return name;
        }
    }

    static byte[] bytes(int n, int fill) {
        byte[] b = new byte[n];
        Arrays.fill(b, (byte) fill);
        return b;
    }

    static List<Extension> someExtensions() {
        return List.of(Extensions.serverName("example.com"), Extensions.alpn(List.of("h2", "http/1.1")),
                Extensions.clientSupportedVersions(List.of(0x0304)),
                Extensions.clientKeyShares(List.of(new KeyShareEntry(0x001d, bytes(32, 7)))));
    }

    static Stream<Case> messages() {
        return Stream.of(
                new Case("ClientHello", new ClientHello(0x0303, bytes(32, 1), bytes(32, 2), List.of(0x1301, 0x1302),
                        new byte[] {0}, someExtensions()).encode(), ClientHello::decode),
                new Case("ServerHello", new ServerHello(0x0303, bytes(32, 3), bytes(32, 2), 0x1301, 0,
                        List.of(Extensions.serverSupportedVersion(0x0304),
                                Extensions.serverKeyShare(new KeyShareEntry(0x001d, bytes(32, 9))))).encode(),
                        ServerHello::decode),
                new Case("EncryptedExtensions", new EncryptedExtensions(List.of(Extensions.alpn(List.of("h2"))))
                        .encode(), EncryptedExtensions::decode),
                new Case("Certificate", new CertificateMessage(new byte[0], List.of(
                        new CertificateMessage.Entry(bytes(300, 0x30), List.of()),
                        new CertificateMessage.Entry(bytes(200, 0x31), List.of()))).encode(),
                        CertificateMessage::decode),
                new Case("CertificateVerify", new CertificateVerify(0x0403, bytes(70, 5)).encode(),
                        CertificateVerify::decode),
                new Case("Finished", new Finished(bytes(32, 4)).encode(), m -> Finished.decode(m, 32)),
                new Case("KeyUpdate", new KeyUpdate(true).encode(), KeyUpdate::decode),
                new Case("NewSessionTicket", new NewSessionTicket(7200, 12345, bytes(8, 1), bytes(64, 2), List.of())
                        .encode(), NewSessionTicket::decode),
                new Case("CertificateRequest", new CertificateRequest(new byte[0], List.of(Extensions.u16List(
                        ExtensionType.SIGNATURE_ALGORITHMS, List.of(0x0403)))).encode(), CertificateRequest::decode));
    }

    @ParameterizedTest
    @MethodSource("messages")
    void roundTrips(Case c) throws TlsException {
        Object decoded = c.decoder().decode(c.message());
        byte[] again = reencode(decoded).body();
        assertArrayEquals(c.message().body(), again);
    }

    @ParameterizedTest
    @MethodSource("messages")
    void refusesEveryTruncation(Case c) {
        byte[] body = c.message().body();
        for (int n = 0; n < body.length; n++) {
            HandshakeMessage cut = HandshakeMessage.of(c.message().type(), Arrays.copyOf(body, n));
            if (isHelloWithoutExtensions(c, cut)) {
                continue; // RFC 8446, 4.1.2: hellos may end before the extensions block
            }
            TlsException e = assertThrows(TlsException.class, () -> c.decoder().decode(cut), c + " cut at " + n);
            assertTrue(e.alert() == AlertDescription.DECODE_ERROR || e.alert() == AlertDescription.ILLEGAL_PARAMETER
                    || e.alert() == AlertDescription.MISSING_EXTENSION, c + " cut at " + n + ": " + e.alert());
            assertTrue(e.getMessage() != null && !e.getMessage().isBlank());
        }
    }

    private static boolean isHelloWithoutExtensions(Case c, HandshakeMessage cut) {
        try {
            Object d = c.decoder().decode(cut);
            boolean hello = d instanceof ClientHello || d instanceof ServerHello;
            return hello && Arrays.equals(reencode(d).body(), Arrays.copyOf(cut.body(), cut.body().length + 2));
        } catch (TlsException e) {
            return false;
        }
    }

    @ParameterizedTest
    @MethodSource("messages")
    void refusesTrailingBytes(Case c) {
        byte[] body = Arrays.copyOf(c.message().body(), c.message().body().length + 1);
        HandshakeMessage padded = HandshakeMessage.of(c.message().type(), body);
        TlsException e = assertThrows(TlsException.class, () -> c.decoder().decode(padded));
        assertEquals(AlertDescription.DECODE_ERROR, e.alert(), e.getMessage());
    }

    private static HandshakeMessage reencode(Object o) {
        if (o instanceof ClientHello m) {
            return m.encode();
        } else if (o instanceof ServerHello m) {
            return m.encode();
        } else if (o instanceof EncryptedExtensions m) {
            return m.encode();
        } else if (o instanceof CertificateMessage m) {
            return m.encode();
        } else if (o instanceof CertificateVerify m) {
            return m.encode();
        } else if (o instanceof Finished m) {
            return m.encode();
        } else if (o instanceof KeyUpdate m) {
            return m.encode();
        } else if (o instanceof NewSessionTicket m) {
            return m.encode();
        } else if (o instanceof CertificateRequest m) {
            return m.encode();
        }
        throw new AssertionError(o);
    }

    @Test
    void duplicateExtensionIsIllegalParameter() {
        Extension alpn = Extensions.alpn(List.of("h2"));
        HandshakeMessage m = new EncryptedExtensions(List.of(alpn, alpn)).encode();
        TlsException e = assertThrows(TlsException.class, () -> EncryptedExtensions.decode(m));
        assertEquals(AlertDescription.ILLEGAL_PARAMETER, e.alert());
        assertTrue(e.getMessage().contains("duplicate"), e.getMessage());
    }

    @Test
    void keyUpdateValueTwoIsIllegalParameter() {
        HandshakeMessage m = HandshakeMessage.of(HandshakeType.KEY_UPDATE, new byte[] {2});
        assertEquals(AlertDescription.ILLEGAL_PARAMETER,
                assertThrows(TlsException.class, () -> KeyUpdate.decode(m)).alert());
    }

    @Test
    void finishedOfWrongLengthIsDecodeError() {
        HandshakeMessage m = new Finished(bytes(32, 1)).encode();
        assertEquals(AlertDescription.DECODE_ERROR,
                assertThrows(TlsException.class, () -> Finished.decode(m, 48)).alert());
    }

    @Test
    void sessionIdLongerThan32IsIllegalParameter() {
        HandshakeMessage m = new ClientHello(0x0303, bytes(32, 1), bytes(33, 2), List.of(0x1301), new byte[] {0},
                List.of()).encode();
        assertEquals(AlertDescription.ILLEGAL_PARAMETER,
                assertThrows(TlsException.class, () -> ClientHello.decode(m)).alert());
    }

    @Test
    void oddCipherSuiteLengthIsDecodeError() {
        byte[] body = new TlsWriter().u16(0x0303).bytes(bytes(32, 1)).vector8(new byte[0])
                .vector16(new byte[] {0x13, 0x01, 0x13}).vector8(new byte[] {0}).u16(0).toByteArray();
        assertEquals(AlertDescription.DECODE_ERROR, assertThrows(TlsException.class,
                () -> ClientHello.decode(HandshakeMessage.of(HandshakeType.CLIENT_HELLO, body))).alert());
    }

    @Test
    void duplicateKeyShareGroupIsIllegalParameter() {
        KeyShareEntry k = new KeyShareEntry(0x001d, bytes(32, 1));
        Extension e = Extensions.clientKeyShares(List.of(k, k));
        assertEquals(AlertDescription.ILLEGAL_PARAMETER,
                assertThrows(TlsException.class, () -> Extensions.decodeClientKeyShares(e)).alert());
    }

    @Test
    void serverNameMustBePrintable() {
        Extension e = Extensions.serverName("bad\u0001name");
        assertEquals(AlertDescription.ILLEGAL_PARAMETER,
                assertThrows(TlsException.class, () -> Extensions.decodeServerName(e)).alert());
        assertEquals("example.com", assertDoesNotThrowName(Extensions.serverName("example.com.")));
    }

    private static String assertDoesNotThrowName(Extension e) {
        try {
            return Extensions.decodeServerName(e);
        } catch (TlsException x) {
            throw new AssertionError(x);
        }
    }

    @Test
    void emptyAlpnNameIsDecodeError() {
        Extension e = new Extension(ExtensionType.ALPN, new byte[] {0, 1, 0});
        assertEquals(AlertDescription.DECODE_ERROR,
                assertThrows(TlsException.class, () -> Extensions.decodeAlpn(e)).alert());
    }

    @Test
    void helloRetryRequestIsRecognised() throws TlsException {
        ServerHello hrr = new ServerHello(0x0303, ServerHello.HELLO_RETRY_REQUEST_RANDOM, new byte[0], 0x1301, 0,
                List.of(Extensions.helloRetryKeyShare(0x0017)));
        ServerHello decoded = ServerHello.decode(hrr.encode());
        assertTrue(decoded.isHelloRetryRequest());
        assertEquals(0x0017, Extensions.decodeHelloRetryKeyShare(decoded.extension(ExtensionType.KEY_SHARE)));
    }
}
