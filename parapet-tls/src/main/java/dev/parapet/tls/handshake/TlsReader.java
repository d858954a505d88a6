package dev.parapet.tls.handshake;

import dev.parapet.tls.TlsException;
import java.nio.ByteBuffer;

/**
 * Reads the TLS presentation language (RFC 8446, 3) from a byte array, checking every length against what is left
 * before using it. Any overrun is a {@code decode_error} naming what was being read.
 */
public final class TlsReader {
    private final byte[] data;
    private int pos;
    private final int end;
    private final String what;

    public TlsReader(byte[] data, String what) {
        this(data, 0, data.length, what);
    }

    private TlsReader(byte[] data, int from, int end, String what) {
        this.data = data;
        this.pos = from;
        this.end = end;
        this.what = what;
    }

    public int remaining() {
        return end - pos;
    }

    public boolean hasRemaining() {
        return pos < end;
    }

    public int u8() throws TlsException {
        need(1);
        return data[pos++] & 0xff;
    }

    public int u16() throws TlsException {
        need(2);
        int v = ((data[pos] & 0xff) << 8) | (data[pos + 1] & 0xff);
        pos += 2;
        return v;
    }

    public int u24() throws TlsException {
        need(3);
        int v = ((data[pos] & 0xff) << 16) | ((data[pos + 1] & 0xff) << 8) | (data[pos + 2] & 0xff);
        pos += 3;
        return v;
    }

    public long u32() throws TlsException {
        need(4);
        long v = ((long) u16() << 16) | u16();
        return v;
    }

    public byte[] bytes(int n) throws TlsException {
        need(n);
        byte[] out = new byte[n];
        System.arraycopy(data, pos, out, 0, n);
        pos += n;
        return out;
    }

    /** An opaque vector with a 1-byte length: {@code opaque x<0..2^8-1>}. */
    public byte[] vector8() throws TlsException {
        return bytes(u8());
    }

    public byte[] vector16() throws TlsException {
        return bytes(u16());
    }

    public byte[] vector24() throws TlsException {
        return bytes(u24());
    }

    /** A reader over the next vector with a {@code lengthBytes}-byte length prefix; this reader skips past it. */
    public TlsReader sub(int lengthBytes) throws TlsException {
        int len = switch (lengthBytes) {
            case 1 -> u8();
            case 2 -> u16();
            case 3 -> u24();
            default -> throw new IllegalArgumentException("length prefix of " + lengthBytes);
        };
        need(len);
        TlsReader r = new TlsReader(data, pos, pos + len, what);
        pos += len;
        return r;
    }

    /** Fails with decode_error unless everything was read. */
    public void expectEnd() throws TlsException {
        if (pos != end) {
            throw TlsException.decodeError(what + " has " + (end - pos) + " unexpected trailing bytes");
        }
    }

    private void need(int n) throws TlsException {
        if (n < 0 || n > end - pos) {
            throw TlsException.decodeError(what + " is truncated: needed " + n + " more bytes, " + (end - pos)
                    + " left");
        }
    }

    /** Copies the remaining bytes of a buffer into an array (for decoding a message body held in a buffer). */
    public static byte[] toArray(ByteBuffer buf) {
        byte[] out = new byte[buf.remaining()];
        buf.get(out);
        return out;
    }
}
