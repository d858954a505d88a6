package dev.parapet.tls.x509;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;

/**
 * A small DER (ITU-T X.690) reader and writer: enough for keys, names and certificate building.
 *
 * <p>The reader is bounded: every length is checked against the remaining input before it is used, only the
 * definite, minimal length form is accepted, and only single-byte tags (tag numbers below 31). Failures are
 * {@link DerException}s with a one-line reason.
 */
public final class Der {
    public static final int BOOLEAN = 0x01;
    public static final int INTEGER = 0x02;
    public static final int BIT_STRING = 0x03;
    public static final int OCTET_STRING = 0x04;
    public static final int NULL = 0x05;
    public static final int OID = 0x06;
    public static final int UTF8_STRING = 0x0c;
    public static final int PRINTABLE_STRING = 0x13;
    public static final int T61_STRING = 0x14;
    public static final int IA5_STRING = 0x16;
    public static final int UTC_TIME = 0x17;
    public static final int GENERALIZED_TIME = 0x18;
    public static final int UNIVERSAL_STRING = 0x1c;
    public static final int BMP_STRING = 0x1e;
    public static final int SEQUENCE = 0x30;
    public static final int SET = 0x31;

    private static final int MAX_LENGTH_OCTETS = 4;

    private Der() {
    }

    /** Malformed or unexpected DER. */
    public static final class DerException extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        public DerException(String message) {
            super(message);
        }
    }

    /** The tag of a context-specific [n] element. */
    public static int contextTag(int number, boolean constructed) {
        if (number < 0 || number > 30) {
            throw new IllegalArgumentException("context tag number out of range: " + number);
        }
        return 0x80 | (constructed ? 0x20 : 0) | number;
    }

    /** One decoded element: its tag, its contents and its whole encoding (tag, length and contents). */
    public record Element(int tag, byte[] value, byte[] encoded) {
        /** A reader over the contents, for constructed elements. */
        public Reader contents() {
            return new Reader(value);
        }
    }

    /** Reads consecutive elements from a byte range. */
    public static final class Reader {
        private final byte[] data;
        private int pos;
        private final int end;

        public Reader(byte[] data) {
            this(data, 0, data.length);
        }

        public Reader(byte[] data, int offset, int length) {
            if (offset < 0 || length < 0 || offset > data.length - length) {
                throw new IllegalArgumentException("range outside the array");
            }
            this.data = data;
            this.pos = offset;
            this.end = offset + length;
        }

        public boolean hasMore() {
            return pos < end;
        }

        /** The next tag, or -1 at the end. */
        public int peekTag() {
            return hasMore() ? data[pos] & 0xff : -1;
        }

        /** Reads the next element, whatever its tag. */
        public Element read() {
            int start = pos;
            if (!hasMore()) {
                throw new DerException("malformed DER: unexpected end of input, expected a tag");
            }
            int tag = data[pos++] & 0xff;
            if ((tag & 0x1f) == 0x1f) {
                throw new DerException("malformed DER: multi-byte tags are not supported");
            }
            int length = readLength();
            byte[] value = Arrays.copyOfRange(data, pos, pos + length);
            pos += length;
            return new Element(tag, value, Arrays.copyOfRange(data, start, pos));
        }

        // X.690, 8.1.3 and 10.1: definite form only, minimal number of octets.
        private int readLength() {
            if (!hasMore()) {
                throw new DerException("malformed DER: unexpected end of input, expected a length");
            }
            int first = data[pos++] & 0xff;
            if (first < 0x80) {
                return checkRemaining(first);
            }
            int octets = first & 0x7f;
            if (octets == 0) {
                throw new DerException("malformed DER: indefinite length is not allowed");
            }
            if (octets > MAX_LENGTH_OCTETS) {
                throw new DerException("malformed DER: length of " + octets + " octets is too large");
            }
            if (octets > end - pos) {
                throw new DerException("malformed DER: truncated length");
            }
            long length = 0;
            for (int i = 0; i < octets; i++) {
                length = (length << 8) | (data[pos++] & 0xff);
            }
            if (length < 0x80 || length < (1L << (8 * (octets - 1)))) {
                throw new DerException("malformed DER: length not minimally encoded");
            }
            if (length > end - pos) {
                throw new DerException("malformed DER: length " + length + " exceeds the " + (end - pos)
                        + " remaining bytes");
            }
            return (int) length;
        }

        private int checkRemaining(int length) {
            if (length > end - pos) {
                throw new DerException("malformed DER: length " + length + " exceeds the " + (end - pos)
                        + " remaining bytes");
            }
            return length;
        }

        /** Reads the next element and checks its tag. */
        public Element read(int expectedTag) {
            int tag = peekTag();
            if (tag != expectedTag) {
                throw new DerException(String.format("malformed DER: expected tag 0x%02x, found %s", expectedTag,
                        tag < 0 ? "end of input" : String.format("0x%02x", tag)));
            }
            return read();
        }

        /** The next element if it has this tag, else null (for OPTIONAL and DEFAULT fields). */
        public Element readOptional(int tag) {
            return peekTag() == tag ? read() : null;
        }

        public Reader readSequence() {
            return read(SEQUENCE).contents();
        }

        /** Reads a constructed element with this tag (e.g. an explicit [0]) and returns a reader over it. */
        public Reader readConstructed(int tag) {
            return read(tag).contents();
        }

        // X.690, 8.3: two's complement, minimal.
        public BigInteger readInteger() {
            return decodeInteger(read(INTEGER).value());
        }

        public int readSmallInteger() {
            BigInteger value = readInteger();
            if (value.bitLength() > 31) {
                throw new DerException("malformed DER: integer too large: " + value.bitLength() + " bits");
            }
            return value.intValue();
        }

        public String readOid() {
            return decodeOid(read(OID).value());
        }

        public byte[] readOctetString() {
            return read(OCTET_STRING).value();
        }

        /** The bits of a BIT STRING whose bit count is a multiple of 8 (keys, signatures). */
        public byte[] readBitString() {
            byte[] value = read(BIT_STRING).value();
            if (value.length == 0) {
                throw new DerException("malformed DER: empty BIT STRING");
            }
            if (value[0] != 0) {
                throw new DerException("malformed DER: BIT STRING with " + value[0]
                        + " unused bits where whole bytes were expected");
            }
            return Arrays.copyOfRange(value, 1, value.length);
        }

        public void readNull() {
            if (read(NULL).value().length != 0) {
                throw new DerException("malformed DER: NULL with contents");
            }
        }

        /** Fails unless every byte was read. */
        public void expectEnd() {
            if (hasMore()) {
                throw new DerException("malformed DER: " + (end - pos) + " trailing bytes");
            }
        }
    }

    /** Parses exactly one element spanning all of {@code der}. */
    public static Element parse(byte[] der) {
        Reader reader = new Reader(der);
        Element element = reader.read();
        reader.expectEnd();
        return element;
    }

    static BigInteger decodeInteger(byte[] value) {
        if (value.length == 0) {
            throw new DerException("malformed DER: empty INTEGER");
        }
        if (value.length > 1 && ((value[0] == 0 && value[1] >= 0) || (value[0] == -1 && value[1] < 0))) {
            throw new DerException("malformed DER: INTEGER not minimally encoded");
        }
        return new BigInteger(value);
    }

    // X.690, 8.19: sub-identifiers in base 128; the first one packs the first two arcs.
    static String decodeOid(byte[] value) {
        if (value.length == 0) {
            throw new DerException("malformed DER: empty OBJECT IDENTIFIER");
        }
        StringBuilder out = new StringBuilder(3 * value.length);
        long arc = 0;
        BigInteger big = null; // only for an arc beyond 2^63 (legal, never seen in practice)
        boolean arcStart = true;
        boolean first = true;
        for (int i = 0; i < value.length; i++) {
            int b = value[i] & 0xff;
            if (arcStart && b == 0x80) {
                throw new DerException("malformed DER: OBJECT IDENTIFIER arc not minimally encoded");
            }
            arcStart = false;
            if (big == null && arc >>> 56 != 0) {
                big = BigInteger.valueOf(arc);
            }
            if (big != null) {
                big = big.shiftLeft(7).or(BigInteger.valueOf(b & 0x7f));
            } else {
                arc = (arc << 7) | (b & 0x7f);
            }
            if ((b & 0x80) != 0) {
                if (i == value.length - 1) {
                    throw new DerException("malformed DER: truncated OBJECT IDENTIFIER");
                }
                continue;
            }
            appendArc(out, arc, big, first);
            first = false;
            arc = 0;
            big = null;
            arcStart = true;
        }
        return out.toString();
    }

    /** X.690, 8.19.4: the first subidentifier holds the first two arcs, 40 x + y (x is 2 from 80 on). */
    private static void appendArc(StringBuilder out, long arc, BigInteger big, boolean first) {
        if (!first) {
            out.append('.');
            if (big != null) {
                out.append(big);
            } else {
                out.append(arc);
            }
        } else if (big != null) {
            out.append("2.").append(big.subtract(BigInteger.valueOf(80)));
        } else {
            long top = arc >= 80 ? 2 : arc / 40;
            out.append(top).append('.').append(arc - 40 * top);
        }
    }

    // ---- Writer: each method returns one complete encoding. ----

    /** Tag, length, then the concatenated contents. */
    public static byte[] tlv(int tag, byte[]... contents) {
        int length = 0;
        for (byte[] part : contents) {
            length += part.length;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(length + 6);
        out.write(tag);
        writeLength(out, length);
        for (byte[] part : contents) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    private static void writeLength(ByteArrayOutputStream out, int length) {
        if (length < 0x80) {
            out.write(length);
            return;
        }
        int octets = (Integer.SIZE - Integer.numberOfLeadingZeros(length) + 7) / 8;
        out.write(0x80 | octets);
        for (int i = octets - 1; i >= 0; i--) {
            out.write(length >>> (8 * i));
        }
    }

    public static byte[] sequence(byte[]... elements) {
        return tlv(SEQUENCE, elements);
    }

    public static byte[] set(byte[]... elements) {
        return tlv(SET, elements);
    }

    public static byte[] integer(BigInteger value) {
        return tlv(INTEGER, value.toByteArray());
    }

    public static byte[] integer(long value) {
        return integer(BigInteger.valueOf(value));
    }

    public static byte[] bool(boolean value) {
        return tlv(BOOLEAN, new byte[] {(byte) (value ? 0xff : 0x00)});
    }

    public static byte[] nullValue() {
        return tlv(NULL);
    }

    public static byte[] octetString(byte[] value) {
        return tlv(OCTET_STRING, value);
    }

    /** A BIT STRING of whole bytes (no unused bits). */
    public static byte[] bitString(byte[] bits) {
        return tlv(BIT_STRING, new byte[] {0}, bits);
    }

    /** A BIT STRING of named bits (X.680, 22.7): bit 0 is the most significant; trailing zero bits dropped. */
    public static byte[] namedBits(int... bitNumbers) {
        int highest = -1;
        for (int bit : bitNumbers) {
            highest = Math.max(highest, bit);
        }
        byte[] bytes = new byte[highest / 8 + 1];
        for (int bit : bitNumbers) {
            bytes[bit / 8] |= (byte) (0x80 >>> (bit % 8));
        }
        int unused = highest < 0 ? 0 : 7 - highest % 8;
        return tlv(BIT_STRING, new byte[] {(byte) unused}, highest < 0 ? new byte[0] : bytes);
    }

    public static byte[] oid(String dotted) {
        String[] parts = dotted.split("\\.", -1);
        if (parts.length < 2) {
            throw new IllegalArgumentException("OID needs at least two arcs: " + dotted);
        }
        BigInteger[] arcs = new BigInteger[parts.length];
        for (int i = 0; i < parts.length; i++) {
            if (!parts[i].matches("0|[1-9][0-9]*")) {
                throw new IllegalArgumentException("not an OID: " + dotted);
            }
            arcs[i] = new BigInteger(parts[i]);
        }
        boolean firstOk = arcs[0].compareTo(BigInteger.TWO) <= 0;
        boolean secondOk = arcs[0].equals(BigInteger.TWO) || arcs[1].compareTo(BigInteger.valueOf(40)) < 0;
        if (!firstOk || !secondOk) {
            throw new IllegalArgumentException("not an OID: " + dotted);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        writeArc(out, arcs[0].multiply(BigInteger.valueOf(40)).add(arcs[1]));
        for (int i = 2; i < arcs.length; i++) {
            writeArc(out, arcs[i]);
        }
        return tlv(OID, out.toByteArray());
    }

    private static void writeArc(ByteArrayOutputStream out, BigInteger arc) {
        int groups = Math.max(1, (arc.bitLength() + 6) / 7);
        for (int i = groups - 1; i >= 0; i--) {
            int bits = arc.shiftRight(7 * i).intValue() & 0x7f;
            out.write(i > 0 ? bits | 0x80 : bits);
        }
    }

    public static byte[] utf8String(String value) {
        return tlv(UTF8_STRING, value.getBytes(StandardCharsets.UTF_8));
    }

    public static byte[] ia5String(String value) {
        for (int i = 0; i < value.length(); i++) {
            if (value.charAt(i) > 0x7f) {
                throw new IllegalArgumentException("IA5String must be ASCII: " + value);
            }
        }
        return tlv(IA5_STRING, value.getBytes(StandardCharsets.US_ASCII));
    }

    private static final DateTimeFormatter UTC_TIME_FORMAT = DateTimeFormatter.ofPattern("yyMMddHHmmss'Z'");
    private static final DateTimeFormatter GENERALIZED_TIME_FORMAT =
            DateTimeFormatter.ofPattern("yyyyMMddHHmmss'Z'");

    /** RFC 5280, 4.1.2.5: UTCTime through 2049, GeneralizedTime from 2050; whole seconds, always Zulu. */
    public static byte[] time(Instant instant) {
        ZonedDateTime t = instant.atZone(ZoneOffset.UTC);
        if (t.getYear() >= 1950 && t.getYear() < 2050) {
            return tlv(UTC_TIME, UTC_TIME_FORMAT.format(t).getBytes(StandardCharsets.US_ASCII));
        }
        return tlv(GENERALIZED_TIME, GENERALIZED_TIME_FORMAT.format(t).getBytes(StandardCharsets.US_ASCII));
    }

    /** An EXPLICIT [n] wrapper around complete encodings. */
    public static byte[] explicit(int number, byte[]... inner) {
        return tlv(contextTag(number, true), inner);
    }

    /** An IMPLICIT [n] primitive whose contents are {@code value}. */
    public static byte[] implicit(int number, byte[] value) {
        return tlv(contextTag(number, false), value);
    }
}
