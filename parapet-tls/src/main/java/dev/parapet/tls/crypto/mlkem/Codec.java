package dev.parapet.tls.crypto.mlkem;

import static dev.parapet.tls.crypto.mlkem.Field.Q;
import static dev.parapet.tls.crypto.mlkem.Ntt.N;

/**
 * ByteEncode_d / ByteDecode_d (FIPS 203, Algorithms 5 and 6) and Compress_d / Decompress_d (FIPS 203, 4.2.1).
 * Loops depend only on d, never on coefficient values; the division by q in Compress is a multiplication, as a
 * hardware divide can take data-dependent time.
 */
final class Codec {
    /** ceil(2^40 / q): floor(n / q) == (n * M) >> 40 for 0 <= n < 2^23, so for every numerator of compress. */
    private static final long DIVIDE_BY_Q = 330282857L;

    private Codec() {
    }

    /** FIPS 203, Algorithm 5: 256 d-bit values (0 <= f[i] < 2^d) into 32 d bytes at out[off]. */
    static void encode(int[] f, int d, byte[] out, int off) {
        long acc = 0;
        int bits = 0;
        int o = off;
        for (int i = 0; i < N; i++) {
            acc |= (long) f[i] << bits;
            bits += d;
            while (bits >= 8) {
                out[o++] = (byte) acc;
                acc >>>= 8;
                bits -= 8;
            }
        }
    }

    /** FIPS 203, Algorithm 6 for d < 12: 32 d bytes at in[off] into 256 d-bit values. */
    static void decode(byte[] in, int off, int d, int[] f) {
        long acc = 0;
        int bits = 0;
        int p = off;
        int mask = (1 << d) - 1;
        for (int i = 0; i < N; i++) {
            while (bits < d) {
                acc |= (in[p++] & 0xffL) << bits;
                bits += 8;
            }
            f[i] = (int) acc & mask;
            acc >>>= d;
            bits -= d;
        }
    }

    /** FIPS 203, Algorithm 6 for d = 12: 384 bytes at in[off] into values reduced mod q, in [0, q). */
    static void decode12(byte[] in, int off, int[] f) {
        for (int i = 0, p = off; i < N; i += 2, p += 3) {
            int b0 = in[p] & 0xff;
            int b1 = in[p + 1] & 0xff;
            int b2 = in[p + 2] & 0xff;
            f[i] = Field.reduceOnce(b0 | (b1 & 0x0f) << 8);
            f[i + 1] = Field.reduceOnce(b1 >>> 4 | b2 << 4);
        }
    }

    /** FIPS 203, Algorithm 5 for d = 12: 256 values in [0, q) into 384 bytes at out[off]. */
    static void encode12(int[] f, byte[] out, int off) {
        for (int i = 0, p = off; i < N; i += 2, p += 3) {
            int a = f[i];
            int b = f[i + 1];
            out[p] = (byte) a;
            out[p + 1] = (byte) (a >>> 8 | b << 4);
            out[p + 2] = (byte) (b >>> 4);
        }
    }

    /**
     * FIPS 203, 7.2, the encapsulation key's modulus check: true when all 256 12-bit values at in[off] are below
     * q, that is when ByteEncode_12(ByteDecode_12(x)) == x. For public keys only (it returns early).
     */
    static boolean isReduced12(byte[] in, int off) {
        for (int i = 0, p = off; i < N; i += 2, p += 3) {
            int b1 = in[p + 1] & 0xff;
            if (((in[p] & 0xff) | (b1 & 0x0f) << 8) >= Q || (b1 >>> 4 | (in[p + 2] & 0xff) << 4) >= Q) {
                return false;
            }
        }
        return true;
    }

    /** Compress_d(x) = round(2^d / q * x) mod 2^d for x in [0, q), every coefficient in place (d <= 11). */
    static void compress(int[] f, int d) {
        int mask = (1 << d) - 1;
        for (int i = 0; i < N; i++) {
            long numerator = ((long) f[i] << d) + Q / 2;
            f[i] = (int) ((numerator * DIVIDE_BY_Q) >>> 40) & mask;
        }
    }

    /** Decompress_d(y) = round(q / 2^d * y) for y in [0, 2^d), every coefficient in place. */
    static void decompress(int[] f, int d) {
        for (int i = 0; i < N; i++) {
            f[i] = (f[i] * Q + (1 << (d - 1))) >>> d;
        }
    }
}
