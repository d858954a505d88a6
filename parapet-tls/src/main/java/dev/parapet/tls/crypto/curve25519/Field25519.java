package dev.parapet.tls.crypto.curve25519;

/**
 * Arithmetic modulo p = 2^255 - 19 (RFC 7748, 4.1), shared by X25519 and Ed25519.
 *
 * <p>An element is a {@code long[5]} in radix 2^51: value = sum of {@code f[i] * 2^(51 i)}. Every operation returns
 * a "loosely reduced" element (each limb below 2^52), which is what every operation accepts; only
 * {@link #toBytes} produces the unique representative in [0, p). Products are split at bit 51 with the help of a
 * double-precision estimate of their high part, corrected exactly by 64-bit integer arithmetic (see {@link #mul}).
 * There are no branches and no memory accesses that depend on the values: conditional moves and swaps use masks.
 * Outputs may alias inputs.
 */
final class Field25519 {
    static final int LIMBS = 5;
    private static final long MASK = (1L << 51) - 1;

    private Field25519() {
    }

    static long[] create() {
        return new long[LIMBS];
    }

    static long[] of(long small) {
        long[] f = create();
        f[0] = small;
        return f;
    }

    static long[] copyOf(long[] a) {
        return a.clone();
    }

    static void copy(long[] r, long[] a) {
        System.arraycopy(a, 0, r, 0, LIMBS);
    }

    static void zero(long[] r) {
        java.util.Arrays.fill(r, 0L);
    }

    static void one(long[] r) {
        zero(r);
        r[0] = 1;
    }

    /** Reads 32 little-endian bytes, ignoring the top bit (RFC 7748, 5: "mask the most significant bit"). */
    static void fromBytes(long[] r, byte[] in, int off) {
        long w0 = le64(in, off);
        long w1 = le64(in, off + 8);
        long w2 = le64(in, off + 16);
        long w3 = le64(in, off + 24);
        r[0] = w0 & MASK;
        r[1] = ((w0 >>> 51) | (w1 << 13)) & MASK;
        r[2] = ((w1 >>> 38) | (w2 << 26)) & MASK;
        r[3] = ((w2 >>> 25) | (w3 << 39)) & MASK;
        r[4] = (w3 >>> 12) & MASK;
    }

    /** Writes the canonical value in [0, p) as 32 little-endian bytes. */
    static void toBytes(byte[] out, int off, long[] a) {
        long h0 = a[0], h1 = a[1], h2 = a[2], h3 = a[3], h4 = a[4];
        // Two carry passes bring every limb below 2^51 (h4 at most 2^51), so the value is below 2p.
        for (int pass = 0; pass < 2; pass++) {
            h1 += h0 >>> 51; h0 &= MASK;
            h2 += h1 >>> 51; h1 &= MASK;
            h3 += h2 >>> 51; h2 &= MASK;
            h4 += h3 >>> 51; h3 &= MASK;
            h0 += 19 * (h4 >>> 51); h4 &= MASK;
        }
        h1 += h0 >>> 51; h0 &= MASK;
        h2 += h1 >>> 51; h1 &= MASK;
        h3 += h2 >>> 51; h2 &= MASK;
        h4 += h3 >>> 51; h3 &= MASK;
        // q = 1 exactly when value >= p, i.e. when value + 19 reaches 2^255; then value - p = value + 19 - 2^255.
        long q = (h0 + 19) >>> 51;
        q = (h1 + q) >>> 51;
        q = (h2 + q) >>> 51;
        q = (h3 + q) >>> 51;
        q = (h4 + q) >>> 51;
        h0 += 19 * q;
        h1 += h0 >>> 51; h0 &= MASK;
        h2 += h1 >>> 51; h1 &= MASK;
        h3 += h2 >>> 51; h2 &= MASK;
        h4 += h3 >>> 51; h3 &= MASK;
        h4 &= MASK;
        putLe64(out, off, h0 | (h1 << 51));
        putLe64(out, off + 8, (h1 >>> 13) | (h2 << 38));
        putLe64(out, off + 16, (h2 >>> 26) | (h3 << 25));
        putLe64(out, off + 24, (h3 >>> 39) | (h4 << 12));
    }

    static byte[] toBytes(long[] a) {
        byte[] out = new byte[32];
        toBytes(out, 0, a);
        return out;
    }

    static void add(long[] r, long[] a, long[] b) {
        long h0 = a[0] + b[0], h1 = a[1] + b[1], h2 = a[2] + b[2], h3 = a[3] + b[3], h4 = a[4] + b[4];
        carry(r, h0, h1, h2, h3, h4);
    }

    /** r = a - b, computed as a + 4p - b so that no limb goes negative (limbs of b are below 2^52 < 4p's). */
    static void sub(long[] r, long[] a, long[] b) {
        long h0 = a[0] + FOUR_P0 - b[0];
        long h1 = a[1] + FOUR_PI - b[1];
        long h2 = a[2] + FOUR_PI - b[2];
        long h3 = a[3] + FOUR_PI - b[3];
        long h4 = a[4] + FOUR_PI - b[4];
        carry(r, h0, h1, h2, h3, h4);
    }

    /** 4p in radix 2^51: limb 0 is 4 * (2^51 - 19), the others 4 * (2^51 - 1). */
    private static final long FOUR_P0 = 4 * ((1L << 51) - 19);
    private static final long FOUR_PI = 4 * ((1L << 51) - 1);

    /*
     * Ladder-only variants without the carry pass (X25519's ladder, nowhere else). They rely on two bounds shown at
     * mul and reduce: every output of mul, square and mulSmall has limbs below 2^51 + 2^17 ("reduced"), and mul and
     * square stay exact for operands with limbs below LADDER_BOUND = 13 * 2^49 (about 2^52.70).
     */

    /** Largest limb (exclusive) that mul and square accept; the ladder's add/sub results stay below it. */
    static final long LADDER_BOUND = 13L << 49;
    /** Limbs of every mul, square and mulSmall output are below this (see reduce). */
    static final long REDUCED_BOUND = (1L << 51) + (1L << 17);

    /**
     * r = a + b without carrying, for reduced a and b (limbs below 2^51 + 2^17): limbs of r are below
     * 2^52 + 2^18 &lt; LADDER_BOUND, so r may go straight into mul or square, but not into another no-carry op.
     */
    static void addNoCarry(long[] r, long[] a, long[] b) {
        r[0] = a[0] + b[0];
        r[1] = a[1] + b[1];
        r[2] = a[2] + b[2];
        r[3] = a[3] + b[3];
        r[4] = a[4] + b[4];
    }

    /**
     * r = a - b without carrying, computed as a + 2p - b, for reduced a and b (limbs below 2^51 + 2^17). The limbs
     * of 2p are 2^52 - 38 and 2^52 - 2, at least b's, so no limb goes negative; limbs of r are below
     * 3 * 2^51 + 2^17 &lt; LADDER_BOUND = 3.25 * 2^51, so r may go straight into mul, square or mulSmall.
     */
    static void subNoCarry(long[] r, long[] a, long[] b) {
        r[0] = a[0] + TWO_P0 - b[0];
        r[1] = a[1] + TWO_PI - b[1];
        r[2] = a[2] + TWO_PI - b[2];
        r[3] = a[3] + TWO_PI - b[3];
        r[4] = a[4] + TWO_PI - b[4];
    }

    /** 2p in radix 2^51: limb 0 is 2 * (2^51 - 19), the others 2 * (2^51 - 1). */
    private static final long TWO_P0 = 2 * ((1L << 51) - 19);
    private static final long TWO_PI = 2 * ((1L << 51) - 1);

    static void neg(long[] r, long[] a) {
        sub(r, ZERO, a);
    }

    private static final long[] ZERO = new long[LIMBS];

    private static void carry(long[] r, long h0, long h1, long h2, long h3, long h4) {
        h1 += h0 >>> 51; h0 &= MASK;
        h2 += h1 >>> 51; h1 &= MASK;
        h3 += h2 >>> 51; h2 &= MASK;
        h4 += h3 >>> 51; h3 &= MASK;
        h0 += 19 * (h4 >>> 51); h4 &= MASK;
        h1 += h0 >>> 51; h0 &= MASK;
        r[0] = h0; r[1] = h1; r[2] = h2; r[3] = h3; r[4] = h4;
    }

    /**
     * r = a * b. Column k of the schoolbook product is S_k = sum of a_i b_j over i + j = k (mod 5), the terms with
     * i + j &gt;= 5 carrying the factor 19 (2^255 = 19 mod p), folded into b beforehand. S_k needs about 112 bits; it
     * is split as S_k = h_k 2^51 + l_k without 128-bit arithmetic: h_k is an estimate of S_k / 2^51 from a
     * double-precision dot product, lowered by BIAS, and l_k = (wrapping sum of a_i b_j) - (h_k &lt;&lt; 51) is exact
     * because S_k - h_k 2^51 is known to lie in [0, 2^63) (below) and both sides agree modulo 2^64.
     *
     * <p>Bounds, for limbs of a and b below LADDER_BOUND = 13 * 2^49 (so also for the usual "below 2^52"):
     * a column has 5 terms, at most 4 with the factor 19, so S_k &lt; 77 * 169 * 2^98, i.e. S_k / 2^51 &lt;
     * 13013 * 2^47 &lt; 2^60.67; column 4 has no 19, so S_4 / 2^51 &lt; 845 * 2^47. In the estimate, a_i and b_j are
     * exact doubles (below 2^53); 19 * (double) b_j, each product and each of the 4 sums round once (one multiply
     * by 19 in double is cheaper than a second long-to-double conversion), so every term carries
     * at most 6 roundings of relative size 2^-53 and the estimate is off by at most 6.01 * 2^-53 * 13013 * 2^47
     * &lt; 1223; the scaling by 2^-51 is exact and the cast to long truncates by less than 1. With BIAS = 2048,
     * l_k / 2^51 lies in [825, 3272): l_k is positive and below 2^63. Every value stays a normal double or zero
     * (integers times 2^-51), so no operation's timing depends on it; the cast's overflow path is never taken.
     */
    static void mul(long[] r, long[] a, long[] b) {
        long a0 = a[0], a1 = a[1], a2 = a[2], a3 = a[3], a4 = a[4];
        long b0 = b[0], b1 = b[1], b2 = b[2], b3 = b[3], b4 = b[4];
        long b1x19 = 19 * b1, b2x19 = 19 * b2, b3x19 = 19 * b3, b4x19 = 19 * b4;
        double fa0 = a0, fa1 = a1, fa2 = a2, fa3 = a3, fa4 = a4;
        double fb0 = b0, fb1 = b1, fb2 = b2, fb3 = b3, fb4 = b4;
        double fb1x19 = fb1 * 19, fb2x19 = fb2 * 19, fb3x19 = fb3 * 19, fb4x19 = fb4 * 19;
        long h0 = (long) ((fa0 * fb0 + fa1 * fb4x19 + fa2 * fb3x19 + fa3 * fb2x19 + fa4 * fb1x19) * 0x1p-51) - BIAS;
        long l0 = a0 * b0 + a1 * b4x19 + a2 * b3x19 + a3 * b2x19 + a4 * b1x19 - (h0 << 51);
        long h1 = (long) ((fa0 * fb1 + fa1 * fb0 + fa2 * fb4x19 + fa3 * fb3x19 + fa4 * fb2x19) * 0x1p-51) - BIAS;
        long l1 = a0 * b1 + a1 * b0 + a2 * b4x19 + a3 * b3x19 + a4 * b2x19 - (h1 << 51);
        long h2 = (long) ((fa0 * fb2 + fa1 * fb1 + fa2 * fb0 + fa3 * fb4x19 + fa4 * fb3x19) * 0x1p-51) - BIAS;
        long l2 = a0 * b2 + a1 * b1 + a2 * b0 + a3 * b4x19 + a4 * b3x19 - (h2 << 51);
        long h3 = (long) ((fa0 * fb3 + fa1 * fb2 + fa2 * fb1 + fa3 * fb0 + fa4 * fb4x19) * 0x1p-51) - BIAS;
        long l3 = a0 * b3 + a1 * b2 + a2 * b1 + a3 * b0 + a4 * b4x19 - (h3 << 51);
        long h4 = (long) ((fa0 * fb4 + fa1 * fb3 + fa2 * fb2 + fa3 * fb1 + fa4 * fb0) * 0x1p-51) - BIAS;
        long l4 = a0 * b4 + a1 * b3 + a2 * b2 + a3 * b1 + a4 * b0 - (h4 << 51);
        reduce(r, l0, h0, l1, h1, l2, h2, l3, h3, l4, h4);
    }

    /** What mul and square subtract from their estimates of S_k / 2^51 so that l_k is never negative. */
    private static final long BIAS = 1L << 11;

    /**
     * r = a^2: the symmetric products counted once, doubled (2 a_i &lt; 2^54 is still an exact double). The bounds of
     * {@link #mul} hold as they are: the column weights are 77, 59, 41, 23 and 5 products of two limbs, against
     * mul's 77 at most, and with 3 terms a column's estimate rounds at most 4 times.
     */
    static void square(long[] r, long[] a) {
        long a0 = a[0], a1 = a[1], a2 = a[2], a3 = a[3], a4 = a[4];
        long d0 = 2 * a0, d1 = 2 * a1, d2 = 2 * a2, d3 = 2 * a3;
        long a3x19 = 19 * a3, a4x19 = 19 * a4;
        double fa0 = a0, fa1 = a1, fa2 = a2, fa3 = a3, fa4 = a4;
        double fd0 = d0, fd1 = d1, fd2 = d2, fd3 = d3;
        double fa3x19 = fa3 * 19, fa4x19 = fa4 * 19;
        long h0 = (long) ((fa0 * fa0 + fd1 * fa4x19 + fd2 * fa3x19) * 0x1p-51) - BIAS;
        long l0 = a0 * a0 + d1 * a4x19 + d2 * a3x19 - (h0 << 51);
        long h1 = (long) ((fd0 * fa1 + fd2 * fa4x19 + fa3 * fa3x19) * 0x1p-51) - BIAS;
        long l1 = d0 * a1 + d2 * a4x19 + a3 * a3x19 - (h1 << 51);
        long h2 = (long) ((fd0 * fa2 + fa1 * fa1 + fd3 * fa4x19) * 0x1p-51) - BIAS;
        long l2 = d0 * a2 + a1 * a1 + d3 * a4x19 - (h2 << 51);
        long h3 = (long) ((fd0 * fa3 + fd1 * fa2 + fa4 * fa4x19) * 0x1p-51) - BIAS;
        long l3 = d0 * a3 + d1 * a2 + a4 * a4x19 - (h3 << 51);
        long h4 = (long) ((fd0 * fa4 + fd1 * fa3 + fa2 * fa2) * 0x1p-51) - BIAS;
        long l4 = d0 * a4 + d1 * a3 + a2 * a2 - (h4 << 51);
        reduce(r, l0, h0, l1, h1, l2, h2, l3, h3, l4, h4);
    }

    /**
     * The product's limb k is lo_k + hi_(k-1); hi_4 lands at 2^255 and wraps around times 19. One carry step, all
     * limbs at once (no serial chain): t_k = lo_k + hi_(k-1) (t_0 = lo_0 + 19 hi_4), r_k = (t_k mod 2^51) +
     * floor(t_(k-1) / 2^51), the carry out of t_4 wrapping into r_0 times 19.
     *
     * <p>Bounds. From mul and square (see mul): lo_k / 2^51 in [825, 3272), -3272 &lt; hi_k &lt; 13013 * 2^47 and
     * hi_4 &lt; 845 * 2^47, so every t_k is positive; t_1..t_4 &lt; (52352 + 13013) * 2^47 &lt; 2^63 (carries at most 4085)
     * and t_0 &lt; (52352 + 19 * 845) * 2^47 &lt; 2^64, read unsigned by &gt;&gt;&gt; and the mask (carry at most 4275). So
     * r_0 &lt;= 2^51 - 1 + 19 * 4085 and the other limbs &lt;= 2^51 - 1 + 4275: every output limb is below
     * 2^51 + 2^17 (REDUCED_BOUND). From mulSmall, lo_k &lt; 2^51 and hi_k &lt; 2^22: far inside the same bounds.
     */
    private static void reduce(long[] r, long lo0, long hi0, long lo1, long hi1, long lo2, long hi2,
                               long lo3, long hi3, long lo4, long hi4) {
        long t0 = lo0 + 19 * hi4;
        long t1 = lo1 + hi0;
        long t2 = lo2 + hi1;
        long t3 = lo3 + hi2;
        long t4 = lo4 + hi3;
        r[0] = (t0 & MASK) + 19 * (t4 >>> 51);
        r[1] = (t1 & MASK) + (t0 >>> 51);
        r[2] = (t2 & MASK) + (t1 >>> 51);
        r[3] = (t3 & MASK) + (t2 >>> 51);
        r[4] = (t4 & MASK) + (t3 >>> 51);
    }

    /** r = a^(2^n), n >= 1. */
    static void squareTimes(long[] r, long[] a, int n) {
        square(r, a);
        for (int i = 1; i < n; i++) {
            square(r, r);
        }
    }

    /** r = a * c for a small constant 0 <= c < 2^20. */
    static void mulSmall(long[] r, long[] a, long c) {
        long a0 = a[0], a1 = a[1], a2 = a[2], a3 = a[3], a4 = a[4];
        long p0 = a0 * c, p1 = a1 * c, p2 = a2 * c, p3 = a3 * c, p4 = a4 * c;
        reduce(r,
                p0 & MASK, (Math.multiplyHigh(a0, c) << 13) + (p0 >>> 51),
                p1 & MASK, (Math.multiplyHigh(a1, c) << 13) + (p1 >>> 51),
                p2 & MASK, (Math.multiplyHigh(a2, c) << 13) + (p2 >>> 51),
                p3 & MASK, (Math.multiplyHigh(a3, c) << 13) + (p3 >>> 51),
                p4 & MASK, (Math.multiplyHigh(a4, c) << 13) + (p4 >>> 51));
    }

    /** Returns a^(2^250 - 1) and leaves a^11 in z11; the common prefix of inversion and {@link #pow22523}. */
    private static long[] pow2250m1(long[] a, long[] z11) {
        long[] t = create();
        long[] z9 = create();
        square(t, a);                 // a^2
        squareTimes(z9, t, 2);        // a^8
        mul(z9, z9, a);               // a^9
        mul(z11, z9, t);              // a^11
        square(t, z11);               // a^22
        long[] e5 = create();
        mul(e5, t, z9);               // a^(2^5 - 1)
        long[] e10 = create();
        squareTimes(t, e5, 5);
        mul(e10, t, e5);              // a^(2^10 - 1)
        long[] e20 = create();
        squareTimes(t, e10, 10);
        mul(e20, t, e10);             // a^(2^20 - 1)
        squareTimes(t, e20, 20);
        mul(t, t, e20);               // a^(2^40 - 1)
        long[] e50 = create();
        squareTimes(t, t, 10);
        mul(e50, t, e10);             // a^(2^50 - 1)
        long[] e100 = create();
        squareTimes(t, e50, 50);
        mul(e100, t, e50);            // a^(2^100 - 1)
        squareTimes(t, e100, 100);
        mul(t, t, e100);              // a^(2^200 - 1)
        squareTimes(t, t, 50);
        mul(t, t, e50);               // a^(2^250 - 1)
        return t;
    }

    /** r = a^(p - 2) = 1/a (0 for a = 0), by a fixed chain of 254 squarings and 11 multiplications. */
    static void invert(long[] r, long[] a) {
        long[] z11 = create();
        long[] t = pow2250m1(a, z11);
        squareTimes(t, t, 5);         // a^(2^255 - 32)
        mul(r, t, z11);               // a^(2^255 - 21) = a^(p - 2)
    }

    /** r = a^((p - 5) / 8) = a^(2^252 - 3), for square roots (RFC 8032, 5.1.3). */
    static void pow22523(long[] r, long[] a) {
        long[] z11 = create();
        long[] t = pow2250m1(a, z11);
        squareTimes(t, t, 2);         // a^(2^252 - 4)
        mul(r, t, a);                 // a^(2^252 - 3)
    }

    /** Swaps a and b when bit is 1, leaves them when bit is 0, with the same operations either way. */
    static void cswap(long[] a, long[] b, long bit) {
        long mask = -bit;
        for (int i = 0; i < LIMBS; i++) {
            long t = mask & (a[i] ^ b[i]);
            a[i] ^= t;
            b[i] ^= t;
        }
    }

    /** r = a when bit is 1, unchanged when bit is 0. */
    static void cmov(long[] r, long[] a, long bit) {
        long mask = -bit;
        for (int i = 0; i < LIMBS; i++) {
            r[i] ^= mask & (r[i] ^ a[i]);
        }
    }

    /** 1 when a = 0 (mod p), else 0; constant time. */
    static int isZero(long[] a) {
        byte[] s = toBytes(a);
        int acc = 0;
        for (byte x : s) {
            acc |= x;
        }
        return ((acc & 0xff) - 1) >>> 31;
    }

    /** The least significant bit of the canonical value: the "sign" of x in RFC 8032, 5.1.2. */
    static int isNegative(long[] a) {
        return toBytes(a)[0] & 1;
    }

    /** 1 when a = b (mod p), else 0; constant time. */
    static int equal(long[] a, long[] b) {
        long[] d = create();
        sub(d, a, b);
        return isZero(d);
    }

    private static long le64(byte[] b, int off) {
        long v = 0;
        for (int i = 7; i >= 0; i--) {
            v = (v << 8) | (b[off + i] & 0xffL);
        }
        return v;
    }

    private static void putLe64(byte[] b, int off, long v) {
        for (int i = 0; i < 8; i++) {
            b[off + i] = (byte) (v >>> (8 * i));
        }
    }
}
