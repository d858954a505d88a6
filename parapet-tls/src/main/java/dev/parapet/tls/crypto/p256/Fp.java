package dev.parapet.tls.crypto.p256;

/**
 * Arithmetic in GF(p), p = 2^256 - 2^224 + 2^192 + 2^96 - 1 (SEC 2, 2.4.2), on elements in Montgomery form
 * (a * 2^260 mod p) held as five 52-bit limbs in {@code long[5]}, least significant first, every limb in
 * [0, 2^52) except the top one, and <b>partly reduced</b>: every function takes and returns values in [0, 2p), so
 * 0 has two forms, 0 and p. {@link #isZeroMask} knows both, and {@link #fromMont} gives the canonical integer.
 *
 * <p>Why [0, 2p) (lazy reduction): the Montgomery radix R = 2^260 is at least 16p, so for inputs a, b below 2p the
 * reduction's output (ab + mp) / R stays below 4p^2 / R + p < 1.25 p, and a multiplication needs no final
 * conditional subtraction at all; additions and subtractions bring their results back below 2p with one
 * conditional correction by 2p, as a fully reduced form would need by p.
 *
 * <p>Why 52-bit limbs: a column of 52 x 52-bit products, split at bit 52, gives two parts that each fit a 64-bit
 * long, so the product needs no carry detection at all (with 64-bit limbs every addition needs a branch-free carry
 * computation; that version measured about 100 ns a multiplication against 60 ns for 52-bit limbs, same machine
 * and load). The split takes no 128-bit multiplication: the high part of a column comes from a double-precision
 * estimate, the low part from the exact wrapping 64-bit sum (see {@link #mul}). Montgomery reduction needs no
 * multiplication either: -p^-1 = 1 mod 2^52, so each round's multiplier m is the low limb itself, and m * p is m
 * shifted to bits 96, 192 and 256, minus m shifted to bits 0 and 224.
 *
 * <p>Every operation is branch-free and indexes memory only by public values. Outputs may alias inputs.
 */
final class Fp {
    static final int LIMBS = 5;
    private static final long M = (1L << 52) - 1;
    private static final long P0 = 0xFFFFFFFFFFFFFL;
    private static final long P1 = 0xFFFFFFFFFFFL;
    private static final long P2 = 0L;
    private static final long P3 = 0x1000000000L;
    private static final long P4 = 0xFFFFFFFF0000L;
    /** 2p, the same way. */
    private static final long Q0 = 0xFFFFFFFFFFFFEL;
    private static final long Q1 = 0x1FFFFFFFFFFFL;
    private static final long Q2 = 0L;
    private static final long Q3 = 0x2000000000L;
    private static final long Q4 = 0x1FFFFFFFE0000L;
    /** p as 64-bit limbs, for range checks of encoded coordinates. */
    static final long[] P64 = {-1L, 0x00000000FFFFFFFFL, 0L, 0xFFFFFFFF00000001L};
    /** 2^520 mod p, to enter Montgomery form. */
    private static final long[] R2 = {0x300L, 0xFFFFFFFF00000L, 0xFFFFEFFFFFFFBL, 0xFDFFFFFFFFFFFL, 0x4FFFFFFL};
    private static final long[] ONE_PLAIN = {1L, 0L, 0L, 0L, 0L};

    private Fp() {
    }

    static long[] create() {
        return new long[LIMBS];
    }

    /** 1 in Montgomery form (2^260 mod p). */
    static long[] one() {
        return new long[] {0x10L, 0xF000000000000L, 0xFFFFFFFFFFFFFL, 0xFFEFFFFFFFFFFL, 0xFFFFFL};
    }

    /**
     * r = a * b / 2^260 mod p (Montgomery product), in [0, 2p) for a, b in [0, 2p), and also for inputs from
     * {@link #addForMul} (below 4p): (ab + mp) / 2^260 < 16p^2 / 2^260 + p <= 2p since 16p < 2^260.
     *
     * <p>Column k of the schoolbook product, S_k = sum of a_i b_j over i + j = k, needs up to 107 bits. It is split
     * as S_k = h_k 2^52 + l_k without 128-bit arithmetic: h_k is a double-precision estimate of S_k / 2^52,
     * truncated to a long, and l_k = (wrapping 64-bit sum of the a_i b_j) - (h_k &lt;&lt; 52), which is exact because
     * S_k - h_k 2^52 is known to lie in (-2^63, 2^63) (below) and both sides agree modulo 2^64. The columns go to
     * {@link #reduce} in radix 2^52 as c_k = l_k + h_(k-1), the same value sum c_k 2^(52 k) = ab as before.
     *
     * <p>Bounds, for limbs below 2^52 (every caller's: values below 4p &lt; 2^258 have normalized limbs, the top one
     * below 2^50, which the argument does not even need). A column has n &lt;= 5 products, each below 2^104, so
     * S_k &lt; 5 * 2^104. The limbs are exact doubles; each product and each of the n - 1 sums rounds once, so
     * every term carries at most n roundings of relative size 2^-53, and the estimate is off by at most
     * 5.01 * 2^-53 * 5 * 2^104 &lt; 12.6 * 2^52; the scaling by 2^-52 is exact, and the cast truncates the
     * non-negative estimate by less than 1. So h_k is in [0, 5 * 2^52 + 13) and l_k / 2^52 in (-12.6, 13.6): far
     * inside (-2^63, 2^63), and |c_k| &lt; 2^57 (the old split gave c_k in [0, 15 * 2^52)). A negative l_k needs
     * no bias here, unlike Field25519's unsigned carries: reduce carries with arithmetic shifts and takes the low
     * 52 bits with a mask, which is exact for negative columns too (see there). Every double is an integer times a
     * power of two, zero or normal, never subnormal, so no operation's timing depends on the values; the cast's
     * overflow path (estimates of 2^63 and more) is never taken.
     */
    static void mul(long[] r, long[] x, long[] y) {
        long a0 = x[0], a1 = x[1], a2 = x[2], a3 = x[3], a4 = x[4];
        long b0 = y[0], b1 = y[1], b2 = y[2], b3 = y[3], b4 = y[4];
        double fa0 = a0, fa1 = a1, fa2 = a2, fa3 = a3, fa4 = a4;
        double fb0 = b0, fb1 = b1, fb2 = b2, fb3 = b3, fb4 = b4;
        long h0 = (long) (fa0 * fb0 * 0x1p-52);
        long l0 = a0 * b0 - (h0 << 52);
        long h1 = (long) ((fa0 * fb1 + fa1 * fb0) * 0x1p-52);
        long l1 = a0 * b1 + a1 * b0 - (h1 << 52);
        long h2 = (long) ((fa0 * fb2 + fa1 * fb1 + fa2 * fb0) * 0x1p-52);
        long l2 = a0 * b2 + a1 * b1 + a2 * b0 - (h2 << 52);
        long h3 = (long) ((fa0 * fb3 + fa1 * fb2 + fa2 * fb1 + fa3 * fb0) * 0x1p-52);
        long l3 = a0 * b3 + a1 * b2 + a2 * b1 + a3 * b0 - (h3 << 52);
        long h4 = (long) ((fa0 * fb4 + fa1 * fb3 + fa2 * fb2 + fa3 * fb1 + fa4 * fb0) * 0x1p-52);
        long l4 = a0 * b4 + a1 * b3 + a2 * b2 + a3 * b1 + a4 * b0 - (h4 << 52);
        long h5 = (long) ((fa1 * fb4 + fa2 * fb3 + fa3 * fb2 + fa4 * fb1) * 0x1p-52);
        long l5 = a1 * b4 + a2 * b3 + a3 * b2 + a4 * b1 - (h5 << 52);
        long h6 = (long) ((fa2 * fb4 + fa3 * fb3 + fa4 * fb2) * 0x1p-52);
        long l6 = a2 * b4 + a3 * b3 + a4 * b2 - (h6 << 52);
        long h7 = (long) ((fa3 * fb4 + fa4 * fb3) * 0x1p-52);
        long l7 = a3 * b4 + a4 * b3 - (h7 << 52);
        long h8 = (long) (fa4 * fb4 * 0x1p-52);
        long l8 = a4 * b4 - (h8 << 52);
        reduce(r, l0, l1 + h0, l2 + h1, l3 + h2, l4 + h3, l5 + h4, l6 + h5, l7 + h6, l8 + h7, h8);
    }

    /**
     * r = a^2 / 2^260 mod p: as {@link #mul}, with each cross product computed once against a doubled limb
     * (2 a_i &lt; 2^53 is still an exact double). The column sums are mul's for a = b, so the bounds of mul hold as
     * they are; with at most 3 terms a column's estimate rounds at most 3 times (off by less than 7.6 * 2^52).
     */
    static void sqr(long[] r, long[] x) {
        long a0 = x[0], a1 = x[1], a2 = x[2], a3 = x[3], a4 = x[4];
        long d1 = a1 << 1, d2 = a2 << 1, d3 = a3 << 1, d4 = a4 << 1;
        double fa0 = a0, fa1 = a1, fa2 = a2, fa3 = a3, fa4 = a4;
        double fd1 = d1, fd2 = d2, fd3 = d3, fd4 = d4;
        long h0 = (long) (fa0 * fa0 * 0x1p-52);
        long l0 = a0 * a0 - (h0 << 52);
        long h1 = (long) (fa0 * fd1 * 0x1p-52);
        long l1 = a0 * d1 - (h1 << 52);
        long h2 = (long) ((fa0 * fd2 + fa1 * fa1) * 0x1p-52);
        long l2 = a0 * d2 + a1 * a1 - (h2 << 52);
        long h3 = (long) ((fa0 * fd3 + fa1 * fd2) * 0x1p-52);
        long l3 = a0 * d3 + a1 * d2 - (h3 << 52);
        long h4 = (long) ((fa0 * fd4 + fa1 * fd3 + fa2 * fa2) * 0x1p-52);
        long l4 = a0 * d4 + a1 * d3 + a2 * a2 - (h4 << 52);
        long h5 = (long) ((fa1 * fd4 + fa2 * fd3) * 0x1p-52);
        long l5 = a1 * d4 + a2 * d3 - (h5 << 52);
        long h6 = (long) ((fa2 * fd4 + fa3 * fa3) * 0x1p-52);
        long l6 = a2 * d4 + a3 * a3 - (h6 << 52);
        long h7 = (long) (fa3 * fd4 * 0x1p-52);
        long l7 = a3 * d4 - (h7 << 52);
        long h8 = (long) (fa4 * fa4 * 0x1p-52);
        long l8 = a4 * a4 - (h8 << 52);
        reduce(r, l0, l1 + h0, l2 + h1, l3 + h2, l4 + h3, l5 + h4, l6 + h5, l7 + h6, l8 + h7, h8);
    }

    /**
     * Montgomery reduction of the column sums c0..c9 (radix 2^52, value c below 16p^2): r = (c + m p) / 2^260 for
     * the m < 2^260 that makes the division exact, below 16p^2 / 2^260 + p < 2p.
     *
     * <p>The columns may be negative (from mul and sqr: |c_k| &lt; 2^57): a column is split into c_k &amp; M (its
     * value modulo 2^52, in [0, 2^52)) and c_k &gt;&gt; 52 (floor division, carried), which is exact for either sign,
     * so each m is the value's, and the output depends on the value c alone. Each round adds less than 2^53 in
     * magnitude to a column, and a column takes at most five rounds and the carries, so every column stays below
     * 2^58 in magnitude: no overflow. The result's limbs come out normalized, the top one non-negative since the
     * value is.
     */
    private static void reduce(long[] r, long c0, long c1, long c2, long c3, long c4, long c5, long c6, long c7,
            long c8, long c9) {
        long m;
        // Montgomery reduction: five rounds clear limbs 0..4 by adding m * p * 2^(52 i).
        // Round 0.
        c1 += c0 >> 52; m = c0 & M;
        c1 += (m << 44) & M; c2 += m >>> 8; c3 += (m << 36) & M;
        c4 += (m >>> 16) + ((m << 48) & M) - ((m << 16) & M); c5 += (m >>> 4) - (m >>> 36);
        // Round 1.
        c2 += c1 >> 52; m = c1 & M;
        c2 += (m << 44) & M; c3 += m >>> 8; c4 += (m << 36) & M;
        c5 += (m >>> 16) + ((m << 48) & M) - ((m << 16) & M); c6 += (m >>> 4) - (m >>> 36);
        // Round 2.
        c3 += c2 >> 52; m = c2 & M;
        c3 += (m << 44) & M; c4 += m >>> 8; c5 += (m << 36) & M;
        c6 += (m >>> 16) + ((m << 48) & M) - ((m << 16) & M); c7 += (m >>> 4) - (m >>> 36);
        // Round 3.
        c4 += c3 >> 52; m = c3 & M;
        c4 += (m << 44) & M; c5 += m >>> 8; c6 += (m << 36) & M;
        c7 += (m >>> 16) + ((m << 48) & M) - ((m << 16) & M); c8 += (m >>> 4) - (m >>> 36);
        // Round 4.
        c5 += c4 >> 52; m = c4 & M;
        c5 += (m << 44) & M; c6 += m >>> 8; c7 += (m << 36) & M;
        c8 += (m >>> 16) + ((m << 48) & M) - ((m << 16) & M); c9 += (m >>> 4) - (m >>> 36);
        // The result c5..c9 is below 2p: normalize the limbs and stop there (no conditional subtraction).
        c6 += c5 >> 52;
        c7 += c6 >> 52;
        c8 += c7 >> 52;
        r[0] = c5 & M;
        r[1] = c6 & M;
        r[2] = c7 & M;
        r[3] = c8 & M;
        r[4] = c9 + (c8 >> 52);
    }

    /** r = s - p when that is non-negative, else s, for normalized limbs of s < 2p: the canonical form. */
    private static void subtractPOnce(long[] r, long s0, long s1, long s2, long s3, long s4) {
        long d0 = s0 - P0;
        long d1 = s1 - P1 + (d0 >> 52);
        long d2 = s2 - P2 + (d1 >> 52);
        long d3 = s3 - P3 + (d2 >> 52);
        long d4 = s4 - P4 + (d3 >> 52);
        long keep = d4 >> 63; // all ones when s < p
        r[0] = (s0 & keep) | (d0 & M & ~keep);
        r[1] = (s1 & keep) | (d1 & M & ~keep);
        r[2] = (s2 & keep) | (d2 & M & ~keep);
        r[3] = (s3 & keep) | (d3 & M & ~keep);
        r[4] = (s4 & keep) | (d4 & ~keep);
    }

    /** r = a + b, in [0, 2p): the sum (below 4p) minus 2p when that is non-negative. */
    static void add(long[] r, long[] a, long[] b) {
        long s0 = a[0] + b[0];
        long s1 = a[1] + b[1] + (s0 >> 52);
        long s2 = a[2] + b[2] + (s1 >> 52);
        long s3 = a[3] + b[3] + (s2 >> 52);
        long s4 = a[4] + b[4] + (s3 >> 52);
        s0 &= M;
        s1 &= M;
        s2 &= M;
        s3 &= M;
        long d0 = s0 - Q0;
        long d1 = s1 - Q1 + (d0 >> 52);
        long d2 = s2 - Q2 + (d1 >> 52);
        long d3 = s3 - Q3 + (d2 >> 52);
        long d4 = s4 - Q4 + (d3 >> 52);
        long keep = d4 >> 63; // all ones when s < 2p
        r[0] = (s0 & keep) | (d0 & M & ~keep);
        r[1] = (s1 & keep) | (d1 & M & ~keep);
        r[2] = (s2 & keep) | (d2 & M & ~keep);
        r[3] = (s3 & keep) | (d3 & M & ~keep);
        r[4] = (s4 & keep) | (d4 & ~keep);
    }

    /**
     * r = a + b in [0, 4p) with normalized limbs (the top one below 2^50), without the correction: only as an
     * input to {@link #mul} or {@link #sqr}, which accept values below 4p.
     */
    static void addForMul(long[] r, long[] a, long[] b) {
        long s0 = a[0] + b[0];
        long s1 = a[1] + b[1] + (s0 >> 52);
        long s2 = a[2] + b[2] + (s1 >> 52);
        long s3 = a[3] + b[3] + (s2 >> 52);
        r[0] = s0 & M;
        r[1] = s1 & M;
        r[2] = s2 & M;
        r[3] = s3 & M;
        r[4] = a[4] + b[4] + (s3 >> 52);
    }

    /** r = a - b, in [0, 2p): the difference (above -2p) plus 2p when it is negative. */
    static void sub(long[] r, long[] a, long[] b) {
        long d0 = a[0] - b[0];
        long d1 = a[1] - b[1] + (d0 >> 52);
        long d2 = a[2] - b[2] + (d1 >> 52);
        long d3 = a[3] - b[3] + (d2 >> 52);
        long d4 = a[4] - b[4] + (d3 >> 52);
        long neg = d4 >> 63; // all ones when a < b: add 2p back
        long s0 = (d0 & M) + (Q0 & neg);
        long s1 = (d1 & M) + (Q1 & neg) + (s0 >> 52);
        long s2 = (d2 & M) + (Q2 & neg) + (s1 >> 52);
        long s3 = (d3 & M) + (Q3 & neg) + (s2 >> 52);
        r[0] = s0 & M;
        r[1] = s1 & M;
        r[2] = s2 & M;
        r[3] = s3 & M;
        r[4] = d4 + (Q4 & neg) + (s3 >> 52);
    }

    /** All ones when a represents 0 (a == 0 or a == p), else 0. */
    static long isZeroMask(long[] a) {
        long z = a[0] | a[1] | a[2] | a[3] | a[4];
        long e = (a[0] ^ P0) | (a[1] ^ P1) | (a[2] ^ P2) | (a[3] ^ P3) | (a[4] ^ P4);
        return ~((z | -z) >> 63) | ~((e | -e) >> 63);
    }

    /** All ones when a and b represent the same element, else 0. */
    static long equalMask(long[] a, long[] b) {
        long[] d = create();
        sub(d, a, b);
        return isZeroMask(d);
    }

    /** r = mask ? a : r, for mask 0 or all ones. */
    static void cmov(long[] r, long[] a, long mask) {
        for (int i = 0; i < LIMBS; i++) {
            r[i] ^= (r[i] ^ a[i]) & mask;
        }
    }

    /** A plain integer below p, as 64-bit limbs, to Montgomery form. */
    static void toMont(long[] r, long[] plain64) {
        long w0 = plain64[0], w1 = plain64[1], w2 = plain64[2], w3 = plain64[3];
        long[] t = {w0 & M, ((w0 >>> 52) | (w1 << 12)) & M, ((w1 >>> 40) | (w2 << 24)) & M,
            ((w2 >>> 28) | (w3 << 36)) & M, w3 >>> 16};
        mul(r, t, R2);
    }

    /** Montgomery form back to the canonical plain integer (below p), as 64-bit limbs. */
    static void fromMont(long[] plain64, long[] a) {
        long[] t = new long[LIMBS];
        mul(t, a, ONE_PLAIN); // (a + m p) / 2^260 < 2p / 2^260 + p: at most p, and p only for a = 0 or p
        subtractPOnce(t, t[0], t[1], t[2], t[3], t[4]);
        plain64[0] = t[0] | (t[1] << 52);
        plain64[1] = (t[1] >>> 12) | (t[2] << 40);
        plain64[2] = (t[2] >>> 24) | (t[3] << 28);
        plain64[3] = (t[3] >>> 36) | (t[4] << 16);
    }

    /** r = a^(2^n) for n >= 1. */
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
        long[] t = create();
        long[] x2 = create();
        long[] x3 = create();
        long[] x6 = create();
        long[] x12 = create();
        long[] x15 = create();
        long[] x30 = create();
        long[] x32 = create();
        // xN = a^(2^N - 1): N one bits.
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
        // ffffffff | 00000001 | 96 zeros, ffffffff | ffffffff | 30 ones | 01
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
