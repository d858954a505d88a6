package dev.parapet.tls.crypto.p256;

import static dev.parapet.tls.crypto.p256.Limbs.carry;
import static dev.parapet.tls.crypto.p256.Limbs.mulHigh;

/**
 * Arithmetic in GF(p), p = 2^256 - 2^224 + 2^192 + 2^96 - 1 (SEC 2, 2.4.2), on elements in Montgomery form
 * (a * 2^256 mod p) held as four 64-bit limbs, least significant first, always fully reduced (below p). Every
 * operation is branch-free and indexes memory only by public values. Output arrays may alias inputs.
 */
final class Fp {
    /** p, little-endian limbs. */
    static final long[] P = {-1L, 0x00000000FFFFFFFFL, 0L, 0xFFFFFFFF00000001L};
    private static final long P3 = P[3];
    /** 2^512 mod p, to enter Montgomery form. */
    private static final long[] R2 = {3L, 0xFFFFFFFBFFFFFFFFL, 0xFFFFFFFFFFFFFFFEL, 0x00000004FFFFFFFDL};
    private static final long[] ONE_PLAIN = {1L, 0L, 0L, 0L};

    private Fp() {
    }

    /** 1 in Montgomery form (2^256 mod p). */
    static long[] one() {
        return new long[] {1L, 0xFFFFFFFF00000000L, -1L, 0x00000000FFFFFFFEL};
    }

    /** r = a * b / 2^256 mod p (Montgomery product). */
    static void mul(long[] r, long[] x, long[] y) {
        long a0 = x[0], a1 = x[1], a2 = x[2], a3 = x[3];
        long b0 = y[0], b1 = y[1], b2 = y[2], b3 = y[3];
        long lo, hi, s, c, k;
        k = 0;
        lo = a0 * b0; hi = mulHigh(a0, b0);
        long t0 = lo; k = hi;
        lo = a0 * b1; hi = mulHigh(a0, b1);
        long t1 = lo + k; k = hi + carry(lo, k, t1);
        lo = a0 * b2; hi = mulHigh(a0, b2);
        long t2 = lo + k; k = hi + carry(lo, k, t2);
        lo = a0 * b3; hi = mulHigh(a0, b3);
        long t3 = lo + k; k = hi + carry(lo, k, t3);
        long t4 = k;
        k = 0;
        lo = a1 * b0; hi = mulHigh(a1, b0);
        s = lo + t1; c = carry(lo, t1, s);
        t1 = s + k; k = hi + c + carry(s, k, t1);
        lo = a1 * b1; hi = mulHigh(a1, b1);
        s = lo + t2; c = carry(lo, t2, s);
        t2 = s + k; k = hi + c + carry(s, k, t2);
        lo = a1 * b2; hi = mulHigh(a1, b2);
        s = lo + t3; c = carry(lo, t3, s);
        t3 = s + k; k = hi + c + carry(s, k, t3);
        lo = a1 * b3; hi = mulHigh(a1, b3);
        s = lo + t4; c = carry(lo, t4, s);
        t4 = s + k; k = hi + c + carry(s, k, t4);
        long t5 = k;
        k = 0;
        lo = a2 * b0; hi = mulHigh(a2, b0);
        s = lo + t2; c = carry(lo, t2, s);
        t2 = s + k; k = hi + c + carry(s, k, t2);
        lo = a2 * b1; hi = mulHigh(a2, b1);
        s = lo + t3; c = carry(lo, t3, s);
        t3 = s + k; k = hi + c + carry(s, k, t3);
        lo = a2 * b2; hi = mulHigh(a2, b2);
        s = lo + t4; c = carry(lo, t4, s);
        t4 = s + k; k = hi + c + carry(s, k, t4);
        lo = a2 * b3; hi = mulHigh(a2, b3);
        s = lo + t5; c = carry(lo, t5, s);
        t5 = s + k; k = hi + c + carry(s, k, t5);
        long t6 = k;
        k = 0;
        lo = a3 * b0; hi = mulHigh(a3, b0);
        s = lo + t3; c = carry(lo, t3, s);
        t3 = s + k; k = hi + c + carry(s, k, t3);
        lo = a3 * b1; hi = mulHigh(a3, b1);
        s = lo + t4; c = carry(lo, t4, s);
        t4 = s + k; k = hi + c + carry(s, k, t4);
        lo = a3 * b2; hi = mulHigh(a3, b2);
        s = lo + t5; c = carry(lo, t5, s);
        t5 = s + k; k = hi + c + carry(s, k, t5);
        lo = a3 * b3; hi = mulHigh(a3, b3);
        s = lo + t6; c = carry(lo, t6, s);
        t6 = s + k; k = hi + c + carry(s, k, t6);
        long t7 = k;
        reduce(r, t0, t1, t2, t3, t4, t5, t6, t7);
    }

    /** r = a^2 / 2^256 mod p. */
    static void sqr(long[] r, long[] a) {
        mul(r, a, a);
    }

    /**
     * Montgomery reduction of the 512-bit t: r = t / 2^256 mod p, for t < p * 2^256. As -p^-1 = 1 mod 2^64, each
     * round's multiplier m is the lowest limb itself, and m * p = m * 2^256 - m * 2^224 + m * 2^192 + m * 2^96 - m
     * needs only shifts and one product by the top limb of p.
     */
    private static void reduce(long[] r, long t0, long t1, long t2, long t3, long t4, long t5, long t6, long t7) {
        long s, c, x, y, lo, hi, top;
        // Round 0: m = t0; t0 - m = 0; add m * 2^96 at limbs 1-2 and m * P3 at limbs 3-4.
        x = t0 << 32; y = t0 >>> 32; lo = t0 * P3; hi = mulHigh(t0, P3);
        s = t1 + x; c = carry(t1, x, s); t1 = s;
        s = t2 + y + c; c = carry(t2, y, s); t2 = s;
        s = t3 + lo + c; c = carry(t3, lo, s); t3 = s;
        s = t4 + hi + c; c = carry(t4, hi, s); t4 = s;
        top = c;
        // Round 1: m = t1.
        x = t1 << 32; y = t1 >>> 32; lo = t1 * P3; hi = mulHigh(t1, P3) + top;
        s = t2 + x; c = carry(t2, x, s); t2 = s;
        s = t3 + y + c; c = carry(t3, y, s); t3 = s;
        s = t4 + lo + c; c = carry(t4, lo, s); t4 = s;
        s = t5 + hi + c; c = carry(t5, hi, s); t5 = s;
        top = c;
        // Round 2: m = t2.
        x = t2 << 32; y = t2 >>> 32; lo = t2 * P3; hi = mulHigh(t2, P3) + top;
        s = t3 + x; c = carry(t3, x, s); t3 = s;
        s = t4 + y + c; c = carry(t4, y, s); t4 = s;
        s = t5 + lo + c; c = carry(t5, lo, s); t5 = s;
        s = t6 + hi + c; c = carry(t6, hi, s); t6 = s;
        top = c;
        // Round 3: m = t3.
        x = t3 << 32; y = t3 >>> 32; lo = t3 * P3; hi = mulHigh(t3, P3) + top;
        s = t4 + x; c = carry(t4, x, s); t4 = s;
        s = t5 + y + c; c = carry(t5, y, s); t5 = s;
        s = t6 + lo + c; c = carry(t6, lo, s); t6 = s;
        s = t7 + hi + c; c = carry(t7, hi, s); t7 = s;
        // The result is below 2p: one conditional subtraction.
        Limbs.reduceOnce(r, t4, t5, t6, t7, c, P);
    }

    static void add(long[] r, long[] a, long[] b) {
        Limbs.addMod(r, a, b, P);
    }

    static void sub(long[] r, long[] a, long[] b) {
        Limbs.subMod(r, a, b, P);
    }

    /** Plain integer a (below p) to Montgomery form. */
    static void toMont(long[] r, long[] a) {
        mul(r, a, R2);
    }

    /** Montgomery form back to the plain integer. */
    static void fromMont(long[] r, long[] a) {
        mul(r, a, ONE_PLAIN);
    }

    /** r = a^k for k = 2^n squarings: r = a^(2^n). */
    private static void sqrN(long[] r, long[] a, int n) {
        sqr(r, a);
        for (int i = 1; i < n; i++) {
            sqr(r, r);
        }
    }

    /**
     * r = a^(p-2) = 1/a (0 for a = 0), by a fixed addition chain over the bits of p - 2 =
     * ffffffff 00000001 00000000 00000000 00000000 ffffffff ffffffff fffffffd: constant time.
     */
    static void inv(long[] r, long[] a) {
        long[] t = new long[4];
        long[] x2 = new long[4];
        long[] x3 = new long[4];
        long[] x6 = new long[4];
        long[] x12 = new long[4];
        long[] x15 = new long[4];
        long[] x30 = new long[4];
        long[] x32 = new long[4];
        // xN = a^(2^N - 1), N one bits.
        sqr(x2, a);
        mul(x2, x2, a);
        sqr(x3, x2);
        mul(x3, x3, a);
        sqrN(x6, x3, 3);
        mul(x6, x6, x3);
        sqrN(x12, x6, 6);
        mul(x12, x12, x6);
        sqrN(x15, x12, 3);
        mul(x15, x15, x3);
        sqrN(x30, x15, 15);
        mul(x30, x30, x15);
        sqrN(x32, x30, 2);
        mul(x32, x32, x2);
        // ffffffff | 00000001 | 96 zeros then ffffffff | ffffffff | 30 ones | 01
        sqrN(t, x32, 32);
        mul(t, t, a);
        sqrN(t, t, 128);
        mul(t, t, x32);
        sqrN(t, t, 32);
        mul(t, t, x32);
        sqrN(t, t, 30);
        mul(t, t, x30);
        sqrN(t, t, 2);
        mul(r, t, a);
    }
}
