package dev.parapet.tls.crypto.p256;

import java.util.Arrays;

/**
 * The DER form of an ECDSA signature, {@code SEQUENCE { r INTEGER, s INTEGER }} (RFC 3279, 2.2.3; X.690, 8.3 and
 * 10.1), as TLS carries it (RFC 8446, 4.2.3), converted to and from the fixed 64-byte r || s.
 */
final class EcdsaDer {
    private static final int SCALAR = 32;

    private EcdsaDer() {
    }

    static byte[] toDer(byte[] rs64) {
        if (rs64 == null || rs64.length != 2 * SCALAR) {
            throw new IllegalArgumentException("r || s must be 64 bytes");
        }
        byte[] r = integer(rs64, 0);
        byte[] s = integer(rs64, SCALAR);
        byte[] out = new byte[2 + r.length + s.length];
        out[0] = 0x30;
        out[1] = (byte) (r.length + s.length);
        System.arraycopy(r, 0, out, 2, r.length);
        System.arraycopy(s, 0, out, 2 + r.length, s.length);
        return out;
    }

    /** The minimal, positive DER INTEGER (tag and length included) of the 32-byte unsigned value at off. */
    private static byte[] integer(byte[] in, int off) {
        int start = off;
        while (start < off + SCALAR - 1 && in[start] == 0) {
            start++;
        }
        int len = off + SCALAR - start;
        int pad = (in[start] & 0x80) != 0 ? 1 : 0;
        byte[] out = new byte[2 + pad + len];
        out[0] = 0x02;
        out[1] = (byte) (pad + len);
        System.arraycopy(in, start, out, 2 + pad, len);
        return out;
    }

    /** r || s from strict DER, or null (lengths must be minimal, integers positive and minimal, nothing after). */
    static byte[] fromDer(byte[] der) {
        // At most 2 + 2 * (2 + 33) = 72 bytes, so every length fits the one-byte short form (X.690, 8.1.3.4).
        if (der == null || der.length < 2 || der.length > 72 || der[0] != 0x30 || (der[1] & 0xFF) != der.length - 2) {
            return null;
        }
        byte[] out = new byte[2 * SCALAR];
        int pos = readInteger(der, 2, out, 0);
        if (pos < 0) {
            return null;
        }
        pos = readInteger(der, pos, out, SCALAR);
        if (pos != der.length) {
            return null;
        }
        return out;
    }

    /** Reads one INTEGER at pos into out[off..off+32), returning the position after it or -1. */
    private static int readInteger(byte[] der, int pos, byte[] out, int off) {
        if (pos + 2 > der.length || der[pos] != 0x02) {
            return -1;
        }
        int len = der[pos + 1] & 0xFF;
        int start = pos + 2;
        if (len == 0 || len > der.length - start) {
            return -1;
        }
        if ((der[start] & 0x80) != 0) {
            return -1; // negative
        }
        if (der[start] == 0 && len > 1) {
            if ((der[start + 1] & 0x80) == 0) {
                return -1; // X.690, 8.3.2: the first nine bits must not all be 0
            }
            start++;
            len--;
        }
        if (len > SCALAR) {
            return -1;
        }
        Arrays.fill(out, off, off + SCALAR, (byte) 0);
        System.arraycopy(der, start, out, off + SCALAR - len, len);
        return start + len;
    }
}
