package dev.parapet.tls.crypto.p256;

/**
 * Helpers for 256-bit integers as four 64-bit limbs ({@code long[4]}, least significant first), the form scalars
 * and encoded coordinates take at the edges: byte conversion, carry and borrow bits, comparison and one conditional
 * subtraction, all with arithmetic only (no branches, so no secret-dependent timing).
 */
final class Limbs {
    private Limbs() {
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
