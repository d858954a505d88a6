package dev.parapet.tls.crypto.p256;

/**
 * 64-bit limb helpers shared by the field and scalar arithmetic: unsigned high product, carry and borrow bits, all
 * computed with arithmetic only (no branches, so no secret-dependent timing). Numbers are {@code long[4]}, least
 * significant limb first.
 */
final class Limbs {
    private Limbs() {
    }

    /** The high 64 bits of the unsigned 128-bit product a * b (JDK 17 has only the signed multiplyHigh). */
    static long mulHigh(long a, long b) {
        return Math.multiplyHigh(a, b) + ((a >> 63) & b) + ((b >> 63) & a);
    }

    /** The carry out of s = a + b (+ carry-in), given a, b and s. */
    static long carry(long a, long b, long s) {
        return ((a & b) | ((a | b) & ~s)) >>> 63;
    }

    /** The borrow out of d = a - b (- borrow-in), given a, b and d. */
    static long borrow(long a, long b, long d) {
        return ((~a & b) | (~(a ^ b) & d)) >>> 63;
    }

    /** All ones when a == 0, else 0. */
    static long isZeroMask(long[] a) {
        long x = a[0] | a[1] | a[2] | a[3];
        return ~((x | -x) >> 63);
    }

    /** r = mask ? a : r, for mask 0 or all ones. */
    static void cmov(long[] r, long[] a, long mask) {
        r[0] ^= (r[0] ^ a[0]) & mask;
        r[1] ^= (r[1] ^ a[1]) & mask;
        r[2] ^= (r[2] ^ a[2]) & mask;
        r[3] ^= (r[3] ^ a[3]) & mask;
    }

    /** All ones when a < m (unsigned 256-bit), else 0. */
    static long lessThanMask(long[] a, long[] m) {
        long d = a[0] - m[0];
        long b = borrow(a[0], m[0], d);
        long d1 = a[1] - m[1] - b;
        b = borrow(a[1], m[1], d1);
        long d2 = a[2] - m[2] - b;
        b = borrow(a[2], m[2], d2);
        long d3 = a[3] - m[3] - b;
        b = borrow(a[3], m[3], d3);
        return -b;
    }

    /**
     * r = (top:a) - m when that is non-negative, else a: the final conditional subtraction of Montgomery reduction
     * and modular addition, for a value below 2m given as 256 bits plus a top bit.
     */
    static void reduceOnce(long[] r, long a0, long a1, long a2, long a3, long top, long[] m) {
        long d0 = a0 - m[0];
        long b = borrow(a0, m[0], d0);
        long d1 = a1 - m[1] - b;
        b = borrow(a1, m[1], d1);
        long d2 = a2 - m[2] - b;
        b = borrow(a2, m[2], d2);
        long d3 = a3 - m[3] - b;
        b = borrow(a3, m[3], d3);
        // Keep the difference when it did not underflow, or when the top bit pays for the borrow.
        long keep = -(top | (b ^ 1));
        r[0] = (d0 & keep) | (a0 & ~keep);
        r[1] = (d1 & keep) | (a1 & ~keep);
        r[2] = (d2 & keep) | (a2 & ~keep);
        r[3] = (d3 & keep) | (a3 & ~keep);
    }

    /** r = a + b mod m, for a, b < m. */
    static void addMod(long[] r, long[] a, long[] b, long[] m) {
        long s0 = a[0] + b[0];
        long c = carry(a[0], b[0], s0);
        long s1 = a[1] + b[1] + c;
        c = carry(a[1], b[1], s1);
        long s2 = a[2] + b[2] + c;
        c = carry(a[2], b[2], s2);
        long s3 = a[3] + b[3] + c;
        c = carry(a[3], b[3], s3);
        reduceOnce(r, s0, s1, s2, s3, c, m);
    }

    /** r = a - b mod m, for a, b < m. */
    static void subMod(long[] r, long[] a, long[] b, long[] m) {
        long d0 = a[0] - b[0];
        long w = borrow(a[0], b[0], d0);
        long d1 = a[1] - b[1] - w;
        w = borrow(a[1], b[1], d1);
        long d2 = a[2] - b[2] - w;
        w = borrow(a[2], b[2], d2);
        long d3 = a[3] - b[3] - w;
        w = borrow(a[3], b[3], d3);
        long mask = -w;
        long m0 = m[0] & mask;
        long m1 = m[1] & mask;
        long m2 = m[2] & mask;
        long m3 = m[3] & mask;
        long s0 = d0 + m0;
        long c = carry(d0, m0, s0);
        long s1 = d1 + m1 + c;
        c = carry(d1, m1, s1);
        long s2 = d2 + m2 + c;
        c = carry(d2, m2, s2);
        r[0] = s0;
        r[1] = s1;
        r[2] = s2;
        r[3] = d3 + m3 + c;
    }

    /** The 512-bit product a * b into t[0..7]. */
    static void mulWide(long[] t, long[] a, long[] b) {
        for (int i = 0; i < 8; i++) {
            t[i] = 0;
        }
        for (int i = 0; i < 4; i++) {
            long k = 0;
            for (int j = 0; j < 4; j++) {
                long lo = a[i] * b[j];
                long hi = mulHigh(a[i], b[j]);
                long s = lo + t[i + j];
                long c = carry(lo, t[i + j], s);
                long u = s + k;
                k = hi + c + carry(s, k, u);
                t[i + j] = u;
            }
            t[i + 4] = k;
        }
    }

    /** Big-endian 32 bytes at off to limbs (no reduction). */
    static void fromBytes(long[] r, byte[] in, int off) {
        for (int i = 0; i < 4; i++) {
            long v = 0;
            for (int j = 0; j < 8; j++) {
                v = (v << 8) | (in[off + 8 * (3 - i) + j] & 0xFF);
            }
            r[i] = v;
        }
    }

    /** Limbs to big-endian 32 bytes at off. */
    static void toBytes(byte[] out, int off, long[] a) {
        for (int i = 0; i < 4; i++) {
            long v = a[i];
            for (int j = 7; j >= 0; j--) {
                out[off + 8 * (3 - i) + j] = (byte) v;
                v >>>= 8;
            }
        }
    }
}
