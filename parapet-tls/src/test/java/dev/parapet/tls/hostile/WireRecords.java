package dev.parapet.tls.hostile;

import dev.parapet.tls.handshake.HandshakeMessage;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Writes and reads TLSPlaintext records (RFC 8446, 5.1) byte by byte, with nothing checked: the length field, the
 * version and the content type are whatever the test says, so a test can send what no well-behaved peer would.
 */
final class WireRecords {
    static final int TLS12 = 0x0303;
    static final int HEADER = 5;

    /** One record as read off the wire: the outer header and the fragment as sent. */
    record Wire(int type, int version, byte[] fragment) {
    }

    private WireRecords() {
    }

    /** A record with any length field: {@code lengthField} need not match {@code payload.length}. */
    static byte[] record(int type, int version, int lengthField, byte[] payload) {
        ByteBuffer b = ByteBuffer.allocate(HEADER + payload.length);
        b.put((byte) type).putShort((short) version).putShort((short) lengthField).put(payload);
        return b.array();
    }

    /** A well-framed record: version 0x0303, the real length. */
    static byte[] record(int type, byte[] payload) {
        return record(type, TLS12, payload.length, payload);
    }

    /** The encoded handshake messages one after another, as one byte string (RFC 8446, 4). */
    static byte[] handshakeBytes(HandshakeMessage... messages) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (HandshakeMessage m : messages) {
            out.writeBytes(m.encoded());
        }
        return out.toByteArray();
    }

    /** {@code data} cut into fragments of at most {@code size} bytes. */
    static List<byte[]> fragments(byte[] data, int size) {
        List<byte[]> out = new ArrayList<>();
        for (int at = 0; at < data.length; at += size) {
            out.add(Arrays.copyOfRange(data, at, Math.min(data.length, at + size)));
        }
        return out;
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    /** Reads whole records from {@code in}; a trailing partial record stays there. */
    static List<Wire> read(ByteBuffer in) {
        List<Wire> out = new ArrayList<>();
        while (in.remaining() >= HEADER) {
            int p = in.position();
            int length = in.getShort(p + 3) & 0xffff;
            if (in.remaining() < HEADER + length) {
                break;
            }
            int type = in.get() & 0xff;
            int version = in.getShort() & 0xffff;
            in.getShort();
            byte[] fragment = new byte[length];
            in.get(fragment);
            out.add(new Wire(type, version, fragment));
        }
        return out;
    }

    /** The 5-byte header of a record, as the AEAD's additional data (RFC 8446, 5.2). */
    static byte[] header(Wire w) {
        return Arrays.copyOf(record(w.type(), w.version(), w.fragment().length, new byte[0]), HEADER);
    }
}
