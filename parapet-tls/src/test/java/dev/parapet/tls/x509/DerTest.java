package dev.parapet.tls.x509;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.time.Instant;
import java.util.HexFormat;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.DERBitString;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.DERUTCTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DerTest {
    private static byte[] hex(String s) {
        return HexFormat.of().parseHex(s.replace(" ", ""));
    }

    @ParameterizedTest
    @ValueSource(longs = {0, 1, 127, 128, 255, 256, -1, -128, -129, 65535, Long.MAX_VALUE, Long.MIN_VALUE})
    void integersRoundTripAndMatchBouncyCastle(long value) throws Exception {
        byte[] encoded = Der.integer(value);
        assertArrayEquals(new ASN1Integer(value).getEncoded(), encoded);
        assertEquals(BigInteger.valueOf(value), new Der.Reader(encoded).readInteger());
    }

    @ParameterizedTest
    @ValueSource(strings = {"1.2.840.113549.1.1.1", "2.5.29.17", "0.0", "1.39", "2.999.1", "2.5.29.37.0",
            "1.3.6.1.4.1.311.60.2.1.3", "1.2.3.18446744073709551616", "1.2.72057594037927935",
            "1.2.72057594037927936", "1.2.9223372036854775807", "1.2.9223372036854775808.5",
            "2.18446744073709551616.1", "2.9223372036854775727", "2.9223372036854775728"})
    void oidsRoundTripAndMatchBouncyCastle(String oid) throws Exception {
        byte[] encoded = Der.oid(oid);
        assertArrayEquals(new ASN1ObjectIdentifier(oid).getEncoded(), encoded);
        assertEquals(oid, new Der.Reader(encoded).readOid());
    }

    @ParameterizedTest
    @ValueSource(strings = {"3.1", "1.40", "1", "1..2", "1.02", "a.b"})
    void invalidOidsAreRefusedByTheWriter(String oid) {
        assertThrows(IllegalArgumentException.class, () -> Der.oid(oid));
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 127, 128, 255, 256, 65535, 65536, 1 << 20})
    void lengthsRoundTrip(int length) throws Exception {
        byte[] value = new byte[length];
        if (length > 0) {
            value[length - 1] = 7;
        }
        byte[] encoded = Der.octetString(value);
        assertArrayEquals(new DEROctetString(value).getEncoded(), encoded);
        assertArrayEquals(value, new Der.Reader(encoded).readOctetString());
    }

    @Test
    void nestedStructuresMatchBouncyCastle() throws Exception {
        byte[] ours = Der.sequence(Der.integer(5), Der.oid("1.2.3"), Der.bitString(new byte[] {1, 2}),
                Der.sequence(Der.octetString(new byte[] {9})));
        ASN1Encodable[] parts = {new ASN1Integer(5), new ASN1ObjectIdentifier("1.2.3"),
            new DERBitString(new byte[] {1, 2}), new DERSequence(new DEROctetString(new byte[] {9}))};
        assertArrayEquals(new DERSequence(parts).getEncoded(), ours);

        Der.Reader reader = Der.parse(ours).contents();
        assertEquals(5, reader.readSmallInteger());
        assertEquals("1.2.3", reader.readOid());
        assertArrayEquals(new byte[] {1, 2}, reader.readBitString());
        assertArrayEquals(new byte[] {9}, reader.readSequence().readOctetString());
        assertFalse(reader.hasMore());
        reader.expectEnd();
    }

    @Test
    void namedBitsDropTrailingZeros() {
        // RFC 5280 KeyUsage: keyCertSign(5) + cRLSign(6) -> 03 02 01 06; digitalSignature(0) -> 03 02 07 80.
        assertArrayEquals(hex("03 02 01 06"), Der.namedBits(5, 6));
        assertArrayEquals(hex("03 02 07 80"), Der.namedBits(0));
        assertArrayEquals(hex("03 02 05 a0"), Der.namedBits(0, 2));
        assertArrayEquals(hex("03 03 07 00 80"), Der.namedBits(8));
    }

    @Test
    void timesUseUtcTimeBefore2050AndGeneralizedTimeAfter() throws Exception {
        Instant t = Instant.parse("2026-01-01T00:00:00Z");
        assertArrayEquals(new DERUTCTime("260101000000Z").getEncoded(), Der.time(t));
        assertArrayEquals(hex("18 0f") , java.util.Arrays.copyOf(Der.time(Instant.parse("2050-01-01T00:00:00Z")), 2));
        assertEquals("20500101000000Z", new String(Der.parse(Der.time(Instant.parse("2050-01-01T00:00:00Z")))
                .value(), java.nio.charset.StandardCharsets.US_ASCII));
    }

    @Test
    void contextTagsAndOptionalFields() {
        byte[] encoded = Der.sequence(Der.explicit(0, Der.integer(2)), Der.implicit(2, "a.example".getBytes()));
        Der.Reader reader = Der.parse(encoded).contents();
        assertEquals(null, reader.readOptional(Der.contextTag(1, true)));
        assertEquals(2, reader.readConstructed(Der.contextTag(0, true)).readSmallInteger());
        assertEquals("a.example", new String(reader.read(0x82).value()));
        assertEquals(-1, reader.peekTag());
    }

    @Test
    void bouncyCastleOutputParses() throws Exception {
        byte[] bc = new DERSequence(new ASN1Encodable[] {new ASN1Integer(new BigInteger("123456789012345678901234567890")),
            new ASN1ObjectIdentifier("1.3.101.112")}).getEncoded();
        Der.Reader reader = Der.parse(bc).contents();
        assertEquals(new BigInteger("123456789012345678901234567890"), reader.readInteger());
        assertEquals("1.3.101.112", reader.readOid());
        assertTrue(ASN1Primitive.fromByteArray(Der.sequence(Der.nullValue(), Der.bool(true))) instanceof ASN1Sequence);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "",                 // no tag
        "30",               // no length
        "30 05 02 01",      // length beyond input
        "04 81",            // truncated long-form length
        "04 82 01",         // truncated long-form length
        "30 80 00 00",      // indefinite length
        "04 81 05 0102030405", // long form for a short length
        "04 82 00 80",      // leading zero length octet
        "04 85 0000000001 00", // five length octets
        "04 84 ffffffff 00",   // oversized length
        "1f 81 01 00",      // multi-byte tag
        "02 00",            // empty INTEGER
        "02 02 00 01",      // non-minimal INTEGER
        "02 02 ff 80",      // non-minimal negative INTEGER
        "06 00",            // empty OID
        "06 02 2a 86",      // truncated OID
        "06 03 2a 80 01",   // non-minimal OID arc
        "03 00",            // empty BIT STRING
        "03 02 01 80",      // BIT STRING with unused bits where bytes were expected
        "02 01 05 00",      // trailing data
    })
    void malformedInputIsRefused(String input) {
        Der.DerException e = assertThrows(Der.DerException.class, () -> readAll(hex(input)));
        assertTrue(e.getMessage().startsWith("malformed DER: "), e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
    }

    private static void readAll(byte[] input) {
        Der.Element element = Der.parse(input);
        switch (element.tag()) {
            case Der.INTEGER:
                Der.decodeInteger(element.value());
                break;
            case Der.OID:
                Der.decodeOid(element.value());
                break;
            case Der.BIT_STRING:
                new Der.Reader(element.encoded()).readBitString();
                break;
            default:
                break;
        }
    }

    @Test
    void wrongTagNamesBothTags() {
        Der.DerException e = assertThrows(Der.DerException.class, () -> new Der.Reader(Der.integer(1)).readOid());
        assertEquals("malformed DER: expected tag 0x06, found 0x02", e.getMessage());
        e = assertThrows(Der.DerException.class, () -> new Der.Reader(new byte[0]).readSequence());
        assertEquals("malformed DER: expected tag 0x30, found end of input", e.getMessage());
    }

    @Test
    void nestedLengthsAreBoundedByTheirParent() {
        // The inner OCTET STRING claims 3 bytes, but its SEQUENCE holds only 2 of them.
        byte[] input = hex("30 04 04 03 01 02 03 04");
        Der.Reader outer = new Der.Reader(input);
        assertThrows(Der.DerException.class, () -> outer.readSequence().readOctetString());
    }
}
