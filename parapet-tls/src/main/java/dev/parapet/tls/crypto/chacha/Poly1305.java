package dev.parapet.tls.crypto.chacha;

import static dev.parapet.tls.crypto.chacha.ChaCha20.LE_INT;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The Poly1305 one-time authenticator (RFC 8439, 2.5) with the accumulator and r in five 26-bit limbs, so every
 * product fits a long. Only what the AEAD needs: {@link #padded} MACs a byte range as if zero-padded to a multiple
 * of 16 (RFC 8439, 2.8), {@link #lengths} the final block of two 64-bit lengths. Not thread-safe; allocates nothing.
 */
final class Poly1305 {
    private static final long M26 = 0x3ffffff;
    private static final long M32 = 0xffffffffL;
    private static final long HIBIT = 1L << 24;
    private static final VarHandle LE_INT_ARRAY = MethodHandles.byteArrayViewVarHandle(int[].class,
            ByteOrder.LITTLE_ENDIAN);

    private long r0, r1, r2, r3, r4;
    private long s1, s2, s3, s4;
    private long h0, h1, h2, h3, h4;
    private long pad0, pad1, pad2, pad3;
    /** Holds a final partial block, zero-padded. */
    private final ByteBuffer partial = ByteBuffer.allocate(16);
    /** The tag of {@link #finish}, four little-endian words. */
    final int[] tag = new int[4];

    /** RFC 8439, 2.5: r = words 0..3 clamped, s = words 4..7 (the one-time key from ChaCha20 block 0). */
    void init(int[] key) {
        long t0 = key[0] & M32;
        long t1 = key[1] & M32;
        long t2 = key[2] & M32;
        long t3 = key[3] & M32;
        // clamp(r): r &= 0x0ffffffc0ffffffc0ffffffc0fffffff, split into 26-bit limbs
        r0 = t0 & 0x3ffffff;
        r1 = ((t0 >>> 26) | (t1 << 6)) & 0x3ffff03;
        r2 = ((t1 >>> 20) | (t2 << 12)) & 0x3ffc0ff;
        r3 = ((t2 >>> 14) | (t3 << 18)) & 0x3f03fff;
        r4 = (t3 >>> 8) & 0x00fffff;
        // 2^130 = 5 (mod p): the limbs that wrap around are multiplied by 5
        s1 = r1 * 5;
        s2 = r2 * 5;
        s3 = r3 * 5;
        s4 = r4 * 5;
        h0 = h1 = h2 = h3 = h4 = 0;
        pad0 = key[4] & M32;
        pad1 = key[5] & M32;
        pad2 = key[6] & M32;
        pad3 = key[7] & M32;
    }

    /** MACs {@code buf[at, at+length)} followed by zeros up to a multiple of 16 bytes (RFC 8439, 2.8: pad16). */
    void padded(ByteBuffer buf, int at, int length) {
        int end = at + length;
        int i = at;
        if (buf.hasArray()) {
            int whole = length & -16;
            blocks(buf.array(), buf.arrayOffset() + at, whole);
            i += whole;
        }
        for (; end - i >= 16; i += 16) {
            block(buf, i, HIBIT);
        }
        if (i < end) {
            for (int j = 0; j < 16; j++) {
                partial.put(j, i + j < end ? buf.get(i + j) : 0);
            }
            block(partial, 0, HIBIT);
        }
    }

    /**
     * Poly1305 of a message as RFC 8439, 2.5 defines it for any length: a final partial block gets a 1 byte and
     * zeros instead of the 2^128 bit. The AEAD does not need it; the RFC's Poly1305 vectors do.
     */
    void message(ByteBuffer buf, int at, int length) {
        int end = at + length;
        int i = at;
        for (; end - i >= 16; i += 16) {
            block(buf, i, HIBIT);
        }
        if (i < end) {
            for (int j = 0; j < 16; j++) {
                int k = i + j;
                partial.put(j, k < end ? buf.get(k) : k == end ? 1 : (byte) 0);
            }
            block(partial, 0, 0);
        }
    }

    /** RFC 8439, 2.8: the last block, le64(aad length) || le64(ciphertext length). */
    void lengths(long aadLength, long ciphertextLength) {
        partial.putLong(0, Long.reverseBytes(aadLength));
        partial.putLong(8, Long.reverseBytes(ciphertextLength));
        block(partial, 0, HIBIT);
    }

    /** One 16-byte block plus {@code hibit} (the 2^128 bit, or 0). */
    private void block(ByteBuffer buf, int at, long hibit) {
        multiply((int) LE_INT.get(buf, at) & M32, (int) LE_INT.get(buf, at + 4) & M32,
                (int) LE_INT.get(buf, at + 8) & M32, (int) LE_INT.get(buf, at + 12) & M32, hibit);
    }

    /** Whole blocks of a heap array: byte[] views are the fastest access the JIT offers. */
    private void blocks(byte[] a, int at, int length) {
        for (int end = at + length; at < end; at += 16) {
            multiply((int) LE_INT_ARRAY.get(a, at) & M32, (int) LE_INT_ARRAY.get(a, at + 4) & M32,
                    (int) LE_INT_ARRAY.get(a, at + 8) & M32, (int) LE_INT_ARRAY.get(a, at + 12) & M32, HIBIT);
        }
    }

    /** h = (h + t + hibit * 2^128) * r mod 2^130 - 5, t the block as four 32-bit words. */
    private void multiply(long t0, long t1, long t2, long t3, long hibit) {
        long a0 = h0 + (t0 & M26);
        long a1 = h1 + (((t0 >>> 26) | (t1 << 6)) & M26);
        long a2 = h2 + (((t1 >>> 20) | (t2 << 12)) & M26);
        long a3 = h3 + (((t2 >>> 14) | (t3 << 18)) & M26);
        long a4 = h4 + ((t3 >>> 8) | hibit);

        long d0 = a0 * r0 + a1 * s4 + a2 * s3 + a3 * s2 + a4 * s1;
        long d1 = a0 * r1 + a1 * r0 + a2 * s4 + a3 * s3 + a4 * s2;
        long d2 = a0 * r2 + a1 * r1 + a2 * r0 + a3 * s4 + a4 * s3;
        long d3 = a0 * r3 + a1 * r2 + a2 * r1 + a3 * r0 + a4 * s4;
        long d4 = a0 * r4 + a1 * r3 + a2 * r2 + a3 * r1 + a4 * r0;

        // partial reduction: limbs back to about 26 bits
        d1 += d0 >>> 26;
        d2 += d1 >>> 26;
        d3 += d2 >>> 26;
        d4 += d3 >>> 26;
        long c = d4 >>> 26;
        long x0 = (d0 & M26) + c * 5;
        h1 = (d1 & M26) + (x0 >>> 26);
        h0 = x0 & M26;
        h2 = d2 & M26;
        h3 = d3 & M26;
        h4 = d4 & M26;
    }

    /** RFC 8439, 2.5: tag = ((h mod p) + s) mod 2^128, into {@link #tag}; branch-free. */
    void finish() {
        // full carry, twice: after the first pass h1 may still be 2^26; after the second every limb is < 2^26
        long c;
        for (int pass = 0; pass < 2; pass++) {
            c = h1 >>> 26; h1 &= M26; h2 += c;
            c = h2 >>> 26; h2 &= M26; h3 += c;
            c = h3 >>> 26; h3 &= M26; h4 += c;
            c = h4 >>> 26; h4 &= M26; h0 += c * 5;
            c = h0 >>> 26; h0 &= M26; h1 += c;
        }

        // g = h + 5 - 2^130; take g when it is not negative, that is when h >= p
        long g0 = h0 + 5;
        c = g0 >>> 26; g0 &= M26;
        long g1 = h1 + c;
        c = g1 >>> 26; g1 &= M26;
        long g2 = h2 + c;
        c = g2 >>> 26; g2 &= M26;
        long g3 = h3 + c;
        c = g3 >>> 26; g3 &= M26;
        long g4 = h4 + c - (1L << 26);
        long useG = ~(g4 >> 63);
        long f0 = (h0 & ~useG) | (g0 & useG);
        long f1 = (h1 & ~useG) | (g1 & useG);
        long f2 = (h2 & ~useG) | (g2 & useG);
        long f3 = (h3 & ~useG) | (g3 & useG);
        long f4 = (h4 & ~useG) | (g4 & useG & M26);

        // to four 32-bit words, then + s mod 2^128
        long w0 = (f0 | (f1 << 26)) & M32;
        long w1 = ((f1 >>> 6) | (f2 << 20)) & M32;
        long w2 = ((f2 >>> 12) | (f3 << 14)) & M32;
        long w3 = ((f3 >>> 18) | (f4 << 8)) & M32;
        long sum = w0 + pad0;
        tag[0] = (int) sum;
        sum = w1 + pad1 + (sum >>> 32);
        tag[1] = (int) sum;
        sum = w2 + pad2 + (sum >>> 32);
        tag[2] = (int) sum;
        sum = w3 + pad3 + (sum >>> 32);
        tag[3] = (int) sum;
        h0 = h1 = h2 = h3 = h4 = 0;
    }
}
