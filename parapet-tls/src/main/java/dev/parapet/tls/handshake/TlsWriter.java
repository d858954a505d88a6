package dev.parapet.tls.handshake;

import java.util.Arrays;

/** Writes the TLS presentation language into a growing byte array. Length prefixes are back-patched. */
public final class TlsWriter {
    private byte[] buf = new byte[256];
    private int len;

    public TlsWriter u8(int v) {
        ensure(1);
        buf[len++] = (byte) v;
        return this;
    }

    public TlsWriter u16(int v) {
        ensure(2);
        buf[len++] = (byte) (v >>> 8);
        buf[len++] = (byte) v;
        return this;
    }

    public TlsWriter u24(int v) {
        ensure(3);
        buf[len++] = (byte) (v >>> 16);
        buf[len++] = (byte) (v >>> 8);
        buf[len++] = (byte) v;
        return this;
    }

    public TlsWriter u32(long v) {
        u16((int) (v >>> 16));
        return u16((int) v);
    }

    public TlsWriter bytes(byte[] b) {
        ensure(b.length);
        System.arraycopy(b, 0, buf, len, b.length);
        len += b.length;
        return this;
    }

    public TlsWriter vector8(byte[] b) {
        checkFits(b.length, 1);
        return u8(b.length).bytes(b);
    }

    public TlsWriter vector16(byte[] b) {
        checkFits(b.length, 2);
        return u16(b.length).bytes(b);
    }

    public TlsWriter vector24(byte[] b) {
        checkFits(b.length, 3);
        return u24(b.length).bytes(b);
    }

    /** Reserves a length prefix of {@code lengthBytes}; pass the result to {@link #endLength}. */
    public int beginLength(int lengthBytes) {
        ensure(lengthBytes);
        int mark = len;
        len += lengthBytes;
        return mark | (lengthBytes << 28);
    }

    /** Writes the length of everything since {@link #beginLength} into its prefix. */
    public TlsWriter endLength(int mark) {
        int lengthBytes = mark >>> 28;
        int at = mark & 0x0fffffff;
        int n = len - at - lengthBytes;
        checkFits(n, lengthBytes);
        for (int i = lengthBytes - 1; i >= 0; i--) {
            buf[at + i] = (byte) (n >>> (8 * (lengthBytes - 1 - i)));
        }
        return this;
    }

    public int length() {
        return len;
    }

    public byte[] toByteArray() {
        return Arrays.copyOf(buf, len);
    }

    private static void checkFits(int n, int lengthBytes) {
        if (n >= (1L << (8 * lengthBytes))) {
            throw new IllegalArgumentException(n + " bytes do not fit a " + lengthBytes + "-byte length");
        }
    }

    private void ensure(int n) {
        if (len + n > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + n));
        }
    }
}
