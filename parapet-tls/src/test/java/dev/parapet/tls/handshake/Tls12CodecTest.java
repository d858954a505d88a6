package dev.parapet.tls.handshake;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
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
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The TLS 1.2 message and extension codecs (RFC 5246, 7.4; RFC 8422; RFC 5746; RFC 7627; RFC 7366) round-trip, and
 * refuse truncated, padded and malformed encodings with the RFC's alert.
 */
class Tls12CodecTest {

    interface Decoder {
        Object decode(HandshakeMessage m) throws TlsException;
    }

    interface Encoder {
        HandshakeMessage encode(Object decoded);
    }

    record Case(String name, HandshakeMessage message, Decoder decoder, Encoder encoder) {
        @Override
        public String toString() {
            return name;
        }
    }

    static byte[] bytes(int n, int fill) {
        return CodecTest.bytes(n, fill);
    }

    static Stream<Case> messages() {
        return Stream.of(
                new Case("HelloRequest", new HelloRequest().encode(), HelloRequest::decode,
                        o -> ((HelloRequest) o).encode()),
                new Case("ServerHelloDone", new ServerHelloDone().encode(), ServerHelloDone::decode,
                        o -> ((ServerHelloDone) o).encode()),
                new Case("Certificate", new Tls12Certificate(List.of(bytes(300, 0x30), bytes(200, 0x31))).encode(),
                        Tls12Certificate::decode, o -> ((Tls12Certificate) o).encode()),
                new Case("Certificate (empty)", new Tls12Certificate(List.of()).encode(), Tls12Certificate::decode,
                        o -> ((Tls12Certificate) o).encode()),
                new Case("ServerKeyExchange", new ServerKeyExchange(0x0017, bytes(65, 4), 0x0403, bytes(71, 5))
                        .encode(), ServerKeyExchange::decode, o -> ((ServerKeyExchange) o).encode()),
                new Case("ClientKeyExchange (ECDHE)", new ClientKeyExchange(bytes(32, 6)).encodeEcdhe(),
                        ClientKeyExchange::decodeEcdhe, o -> ((ClientKeyExchange) o).encodeEcdhe()),
                new Case("ClientKeyExchange (RSA)", new ClientKeyExchange(bytes(256, 7)).encodeRsa(),
                        ClientKeyExchange::decodeRsa, o -> ((ClientKeyExchange) o).encodeRsa()),
                new Case("CertificateRequest", new Tls12CertificateRequest(
                        List.of(Tls12CertificateRequest.RSA_SIGN, Tls12CertificateRequest.ECDSA_SIGN),
                        List.of(0x0403, 0x0804, 0x0401), List.of(bytes(40, 0x30), bytes(1, 0x31))).encode(),
                        Tls12CertificateRequest::decode, o -> ((Tls12CertificateRequest) o).encode()),
                new Case("CertificateRequest (no authorities)", new Tls12CertificateRequest(List.of(64),
                        List.of(0x0403), List.of()).encode(), Tls12CertificateRequest::decode,
                        o -> ((Tls12CertificateRequest) o).encode()),
                new Case("Finished", new Finished(bytes(12, 8)).encode(), m -> Finished.decode(m, 12),
                        o -> ((Finished) o).encode()));
    }

    @ParameterizedTest
    @MethodSource("messages")
    void roundTrips(Case c) throws TlsException {
        Object decoded = c.decoder().decode(c.message());
        HandshakeMessage again = c.encoder().encode(decoded);
        assertSame(c.message().type(), again.type());
        assertArrayEquals(c.message().body(), again.body());
    }

    @ParameterizedTest
    @MethodSource("messages")
    void refusesEveryTruncation(Case c) {
        byte[] body = c.message().body();
        for (int n = 0; n < body.length; n++) {
            HandshakeMessage cut = HandshakeMessage.of(c.message().type(), Arrays.copyOf(body, n));
            TlsException e = assertThrows(TlsException.class, () -> c.decoder().decode(cut), c + " cut at " + n);
            assertEquals(AlertDescription.DECODE_ERROR, e.alert(), c + " cut at " + n + ": " + e.getMessage());
            assertTrue(e.getMessage() != null && !e.getMessage().isBlank());
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

    private static TlsException refused(AlertDescription alert, Decoder d, HandshakeMessage m) {
        TlsException e = assertThrows(TlsException.class, () -> d.decode(m));
        assertEquals(alert, e.alert(), e.getMessage());
        return e;
    }

    private static HandshakeMessage message(HandshakeType type, TlsWriter body) {
        return HandshakeMessage.of(type, body.toByteArray());
    }

    // --- HelloRequest, ServerHelloDone

    @Test
    void emptyMessagesWithABodyAreDecodeError() {
        HandshakeMessage hr = HandshakeMessage.of(HandshakeType.HELLO_REQUEST, new byte[] {0});
        HandshakeMessage shd = HandshakeMessage.of(HandshakeType.SERVER_HELLO_DONE, new byte[] {1, 2});
        refused(AlertDescription.DECODE_ERROR, HelloRequest::decode, hr);
        refused(AlertDescription.DECODE_ERROR, ServerHelloDone::decode, shd);
    }

    @Test
    void tls12TypeCodes() {
        assertEquals(0, HandshakeType.HELLO_REQUEST.code());
        assertEquals(12, HandshakeType.SERVER_KEY_EXCHANGE.code());
        assertEquals(14, HandshakeType.SERVER_HELLO_DONE.code());
        assertEquals(16, HandshakeType.CLIENT_KEY_EXCHANGE.code());
        assertSame(HandshakeType.HELLO_REQUEST, HandshakeType.fromCode(0));
        assertSame(HandshakeType.SERVER_KEY_EXCHANGE, HandshakeType.fromCode(12));
        assertSame(HandshakeType.SERVER_HELLO_DONE, HandshakeType.fromCode(14));
        assertSame(HandshakeType.CLIENT_KEY_EXCHANGE, HandshakeType.fromCode(16));
        assertSame(HandshakeType.MESSAGE_HASH, HandshakeType.fromCode(254));
        assertEquals("ServerKeyExchange", HandshakeType.SERVER_KEY_EXCHANGE.rfcName());
    }

    // --- Certificate

    @Test
    void emptyCertificateIsDecodeError() {
        TlsWriter w = new TlsWriter();
        int m = w.beginLength(3);
        w.vector24(bytes(10, 0x30)).vector24(new byte[0]);
        w.endLength(m);
        TlsException e = refused(AlertDescription.DECODE_ERROR, Tls12Certificate::decode,
                message(HandshakeType.CERTIFICATE, w));
        assertTrue(e.getMessage().contains("empty"), e.getMessage());
    }

    @Test
    void tls13CertificateIsNotATls12One() {
        HandshakeMessage tls13 = new CertificateMessage(new byte[0], List.of(
                new CertificateMessage.Entry(bytes(20, 0x30), List.of()))).encode();
        refused(AlertDescription.DECODE_ERROR, Tls12Certificate::decode, tls13);
    }

    // --- ServerKeyExchange

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 4, 255})
    void curveTypeOtherThanNamedCurveIsIllegalParameter(int curveType) {
        HandshakeMessage m = message(HandshakeType.SERVER_KEY_EXCHANGE, new TlsWriter().u8(curveType).u16(0x0017)
                .vector8(bytes(65, 4)).u16(0x0403).vector16(bytes(71, 5)));
        TlsException e = refused(AlertDescription.ILLEGAL_PARAMETER, ServerKeyExchange::decode, m);
        assertTrue(e.getMessage().contains("explicit curves are not supported"), e.getMessage());
    }

    @Test
    void emptyServerPointIsDecodeError() {
        HandshakeMessage m = message(HandshakeType.SERVER_KEY_EXCHANGE, new TlsWriter().u8(3).u16(0x001d)
                .vector8(new byte[0]).u16(0x0403).vector16(bytes(71, 5)));
        refused(AlertDescription.DECODE_ERROR, ServerKeyExchange::decode, m);
    }

    @Test
    void serverKeyExchangeFields() throws TlsException {
        ServerKeyExchange ske = ServerKeyExchange.decode(new ServerKeyExchange(0x001d, bytes(32, 9), 0x0804,
                bytes(256, 3)).encode());
        assertEquals(0x001d, ske.namedGroup());
        assertArrayEquals(bytes(32, 9), ske.publicKey());
        assertEquals(0x0804, ske.signatureScheme());
        assertArrayEquals(bytes(256, 3), ske.signature());
    }

    @Test
    void paramsAreTheSignedPrefixOfTheBody() {
        ServerKeyExchange ske = new ServerKeyExchange(0x001d, bytes(32, 9), 0x0403, bytes(70, 3));
        byte[] params = ske.params();
        // RFC 8422, 5.4: curve_type named_curve(3), NamedCurve, then the point with a 1-byte length
        byte[] expected = new TlsWriter().u8(3).u16(0x001d).u8(32).bytes(bytes(32, 9)).toByteArray();
        assertArrayEquals(expected, params);
        byte[] body = ske.encode().body();
        assertArrayEquals(params, Arrays.copyOf(body, params.length));
    }

    @Test
    void signedContentIsRandomsThenParams() {
        byte[] params = new ServerKeyExchange(0x0017, bytes(65, 4), 0x0403, new byte[0]).params();
        byte[] signed = ServerKeyExchange.signedContent(bytes(32, 1), bytes(32, 2), params);
        assertEquals(64 + params.length, signed.length);
        assertArrayEquals(bytes(32, 1), Arrays.copyOfRange(signed, 0, 32));
        assertArrayEquals(bytes(32, 2), Arrays.copyOfRange(signed, 32, 64));
        assertArrayEquals(params, Arrays.copyOfRange(signed, 64, signed.length));
        assertThrows(IllegalArgumentException.class,
                () -> ServerKeyExchange.signedContent(bytes(31, 1), bytes(32, 2), params));
    }

    // --- ClientKeyExchange

    @Test
    void emptyClientKeyExchangeIsDecodeError() {
        refused(AlertDescription.DECODE_ERROR, ClientKeyExchange::decodeEcdhe,
                HandshakeMessage.of(HandshakeType.CLIENT_KEY_EXCHANGE, new byte[] {0}));
        refused(AlertDescription.DECODE_ERROR, ClientKeyExchange::decodeRsa,
                HandshakeMessage.of(HandshakeType.CLIENT_KEY_EXCHANGE, new byte[] {0, 0}));
        refused(AlertDescription.DECODE_ERROR, ClientKeyExchange::decodeEcdhe,
                HandshakeMessage.of(HandshakeType.CLIENT_KEY_EXCHANGE, new byte[0]));
        refused(AlertDescription.DECODE_ERROR, ClientKeyExchange::decodeRsa,
                HandshakeMessage.of(HandshakeType.CLIENT_KEY_EXCHANGE, new byte[0]));
    }

    @Test
    void clientKeyExchangeOfTheOtherFormIsDecodeError() {
        refused(AlertDescription.DECODE_ERROR, ClientKeyExchange::decodeEcdhe,
                new ClientKeyExchange(bytes(256, 7)).encodeRsa());
        refused(AlertDescription.DECODE_ERROR, ClientKeyExchange::decodeRsa,
                new ClientKeyExchange(bytes(32, 6)).encodeEcdhe());
    }

    // --- CertificateRequest

    @Test
    void emptyCertificateTypesIsDecodeError() {
        HandshakeMessage m = message(HandshakeType.CERTIFICATE_REQUEST, new TlsWriter().vector8(new byte[0])
                .vector16(new byte[] {4, 3}).vector16(new byte[0]));
        refused(AlertDescription.DECODE_ERROR, Tls12CertificateRequest::decode, m);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 3})
    void badSignatureAlgorithmsLengthIsDecodeError(int length) {
        HandshakeMessage m = message(HandshakeType.CERTIFICATE_REQUEST, new TlsWriter().vector8(new byte[] {64})
                .vector16(bytes(length, 4)).vector16(new byte[0]));
        refused(AlertDescription.DECODE_ERROR, Tls12CertificateRequest::decode, m);
    }

    @Test
    void emptyDistinguishedNameIsDecodeError() {
        TlsWriter w = new TlsWriter().vector8(new byte[] {64}).vector16(new byte[] {4, 3});
        int mark = w.beginLength(2);
        w.vector16(bytes(5, 0x30)).vector16(new byte[0]);
        w.endLength(mark);
        refused(AlertDescription.DECODE_ERROR, Tls12CertificateRequest::decode,
                message(HandshakeType.CERTIFICATE_REQUEST, w));
    }

    @Test
    void certificateRequestFields() throws TlsException {
        Tls12CertificateRequest cr = Tls12CertificateRequest.decode(new Tls12CertificateRequest(List.of(1, 64),
                List.of(0x0403, 0x0804), List.of(bytes(3, 0x30))).encode());
        assertEquals(List.of(1, 64), cr.certificateTypes());
        assertEquals(List.of(0x0403, 0x0804), cr.signatureAlgorithms());
        assertEquals(1, cr.certificateAuthorities().size());
        assertArrayEquals(bytes(3, 0x30), cr.certificateAuthorities().get(0));
    }

    // --- Finished (RFC 5246, 7.4.9: verify_data_length is 12 for every TLS 1.2 suite we speak)

    @Test
    void tls12FinishedIsTwelveBytes() throws TlsException {
        assertArrayEquals(bytes(12, 8), Finished.decode(new Finished(bytes(12, 8)).encode(), 12).verifyData());
        refused(AlertDescription.DECODE_ERROR, m -> Finished.decode(m, 12), new Finished(bytes(32, 8)).encode());
        refused(AlertDescription.DECODE_ERROR, m -> Finished.decode(m, 12), new Finished(bytes(11, 8)).encode());
    }

    // --- extensions

    private static void refusedExtension(AlertDescription alert, ExtensionDecoder d, Extension e) {
        TlsException x = assertThrows(TlsException.class, () -> d.decode(e));
        assertEquals(alert, x.alert(), x.getMessage());
    }

    interface ExtensionDecoder {
        Object decode(Extension e) throws TlsException;
    }

    @Test
    void renegotiationInfoRoundTrips() throws TlsException {
        Extension initial = Extensions.renegotiationInfo(new byte[0]);
        assertEquals(ExtensionType.RENEGOTIATION_INFO, initial.type());
        assertArrayEquals(new byte[] {0}, initial.data());
        assertArrayEquals(new byte[0], Extensions.decodeRenegotiationInfo(initial));
        // RFC 5746, 3.5 and 3.6: in a renegotiation, client_verify_data (and server_verify_data from the server)
        byte[] both = bytes(24, 5);
        assertArrayEquals(both, Extensions.decodeRenegotiationInfo(Extensions.renegotiationInfo(both)));
    }

    @Test
    void malformedRenegotiationInfoIsDecodeError() {
        int type = ExtensionType.RENEGOTIATION_INFO;
        refusedExtension(AlertDescription.DECODE_ERROR, Extensions::decodeRenegotiationInfo,
                new Extension(type, new byte[0]));
        refusedExtension(AlertDescription.DECODE_ERROR, Extensions::decodeRenegotiationInfo,
                new Extension(type, new byte[] {2, 1}));
        refusedExtension(AlertDescription.DECODE_ERROR, Extensions::decodeRenegotiationInfo,
                new Extension(type, new byte[] {0, 0}));
        assertThrows(IllegalArgumentException.class, () -> Extensions.renegotiationInfo(new byte[256]));
    }

    @ParameterizedTest
    @ValueSource(ints = {ExtensionType.EXTENDED_MASTER_SECRET, ExtensionType.ENCRYPT_THEN_MAC})
    void emptyExtensionsBothWays(int type) throws TlsException {
        Extension e = Extensions.empty(type);
        assertEquals(type, e.type());
        assertEquals(0, e.data().length);
        Extensions.checkEmpty(e);
        refusedExtension(AlertDescription.DECODE_ERROR, x -> {
            Extensions.checkEmpty(x);
            return null;
        }, new Extension(type, new byte[] {0}));
    }

    @Test
    void ecPointFormatsRoundTrips() throws TlsException {
        Extension e = Extensions.ecPointFormats();
        assertEquals(ExtensionType.EC_POINT_FORMATS, e.type());
        assertArrayEquals(new byte[] {1, 0}, e.data());
        assertEquals(List.of(Extensions.POINT_FORMAT_UNCOMPRESSED), Extensions.decodeEcPointFormats(e));
        // other formats beside uncompressed are tolerated (RFC 8422, 5.1.2)
        Extension many = new Extension(ExtensionType.EC_POINT_FORMATS, new byte[] {3, 1, 0, 2});
        assertEquals(List.of(1, 0, 2), Extensions.decodeEcPointFormats(many));
    }

    @Test
    void ecPointFormatsWithoutUncompressedIsIllegalParameter() {
        refusedExtension(AlertDescription.ILLEGAL_PARAMETER, Extensions::decodeEcPointFormats,
                new Extension(ExtensionType.EC_POINT_FORMATS, new byte[] {2, 1, 2}));
    }

    @Test
    void malformedEcPointFormatsIsDecodeError() {
        int type = ExtensionType.EC_POINT_FORMATS;
        for (byte[] data : List.of(new byte[0], new byte[] {0}, new byte[] {2, 0}, new byte[] {1, 0, 0})) {
            refusedExtension(AlertDescription.DECODE_ERROR, Extensions::decodeEcPointFormats,
                    new Extension(type, data));
        }
    }

    @Test
    void extensionNames() {
        assertEquals(22, ExtensionType.ENCRYPT_THEN_MAC);
        assertEquals("encrypt_then_mac", ExtensionType.name(ExtensionType.ENCRYPT_THEN_MAC));
        assertEquals("extended_master_secret", ExtensionType.name(ExtensionType.EXTENDED_MASTER_SECRET));
        assertEquals("ec_point_formats", ExtensionType.name(ExtensionType.EC_POINT_FORMATS));
        assertEquals("renegotiation_info", ExtensionType.name(ExtensionType.RENEGOTIATION_INFO));
    }

    @Test
    void signalingCipherSuiteValues() {
        assertEquals(0x00ff, CipherSuiteValues.TLS_EMPTY_RENEGOTIATION_INFO_SCSV);
        assertEquals(0x5600, CipherSuiteValues.TLS_FALLBACK_SCSV);
    }

    // --- MessageSummary

    @Test
    void summariesOfTls12Messages() {
        String ske = MessageSummary.describe(new ServerKeyExchange(0x001d, bytes(32, 9), 0x0403, bytes(70, 3))
                .encode());
        assertTrue(ske.contains("group=x25519") && ske.contains("scheme=ecdsa_secp256r1_sha256"), ske);
        String cke = MessageSummary.describe(new ClientKeyExchange(bytes(256, 7)).encodeRsa());
        assertTrue(cke.contains("258"), cke);
        assertEquals("", MessageSummary.describe(new ServerHelloDone().encode()));
        assertEquals("", MessageSummary.describe(new HelloRequest().encode(), true));
        String bad = MessageSummary.describe(HandshakeMessage.of(HandshakeType.SERVER_KEY_EXCHANGE,
                new byte[] {1, 0, 0x17}));
        assertTrue(bad.startsWith("malformed:"), bad);
    }

    @Test
    void certificateSummaryDependsOnTheVersion() {
        HandshakeMessage tls12 = new Tls12Certificate(List.of(bytes(30, 0x30), bytes(20, 0x30))).encode();
        String s = MessageSummary.describe(tls12, true);
        assertTrue(s.startsWith("2 certificate(s)"), s);
        assertTrue(MessageSummary.describe(tls12).startsWith("malformed:"));
        assertEquals("no certificates", MessageSummary.describe(new Tls12Certificate(List.of()).encode(), true));

        HandshakeMessage tls13 = new CertificateMessage(new byte[0], List.of(
                new CertificateMessage.Entry(bytes(30, 0x30), List.of()))).encode();
        assertTrue(MessageSummary.describe(tls13).startsWith("1 certificate(s)"));
        assertEquals(MessageSummary.describe(tls13), MessageSummary.describe(tls13, false));

        HandshakeMessage cr = new Tls12CertificateRequest(List.of(64), List.of(0x0403), List.of()).encode();
        String crs = MessageSummary.describe(cr, true);
        assertTrue(crs.contains("types=[64]") && crs.contains("ecdsa_secp256r1_sha256"), crs);
        assertFalse(MessageSummary.describe(cr, true).startsWith("malformed"));
    }
}
