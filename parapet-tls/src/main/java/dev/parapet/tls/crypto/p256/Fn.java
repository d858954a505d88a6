package dev.parapet.tls.crypto.p256;

/**
 * Arithmetic modulo the group order n of P-256 (SEC 2, 2.4.2), for ECDSA. Montgomery form (a * 2^260 mod n) in
 * five 52-bit limbs ({@code long[5]}, least significant first, fully reduced), the same carry-free column sums as
 * {@link Fp}, with a generic Montgomery reduction. Plain integers enter and leave as four 64-bit limbs
 * ({@code long[4]}). Branch-free; inversion is an exponentiation by the public exponent n - 2 with fixed 4-bit
 * windows, the same steps for every input.
 */
final class Fn {
    static final int LIMBS = 5;
    private static final long M = (1L << 52) - 1;
    private static final long M53 = (1L << 53) - 1;
    /** n, 64-bit limbs. */
    static final long[] N64 = {0xF3B9CAC2FC632551L, 0xBCE6FAADA7179E84L, -1L, 0xFFFFFFFF00000000L};
    private static final long N_0 = 0x9CAC2FC632551L;
    private static final long N_1 = 0xADA7179E84F3BL;
    private static final long N_2 = 0xFFFFFFFBCE6FAL;
    private static final long N_3 = 0xFFFFFFFFFL;
    private static final long N_4 = 0xFFFFFFFF0000L;
    /** -n^-1 mod 2^52. */
    private static final long N0 = 0x1C8AAEE00BC4FL;
    /** 2^520 mod n. */
    private static final long[] R2 = {0x5CC0DEA6DC3BAL, 0x192A067D8A084L, 0xBEC59615571BBL, 0x1FC245B2392B6L,
        0xE12D9559D956L};
    private static final long[] ONE_PLAIN = {1L, 0L, 0L, 0L, 0L};

    private Fn() {
    }

    static long[] create() {
        return new long[LIMBS];
    }

    /**
     * r = a * b / 2^260 mod n, for a, b below n (limbs below 2^52): the column split of {@link Fp#mul}, whose
     * bounds need nothing but limbs below 2^52 (low parts in (-12.6, 13.6) * 2^52, high parts below 2^55, columns
     * below 2^57 in magnitude).
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
        montReduce(r, l0, l1 + h0, l2 + h1, l3 + h2, l4 + h3, l5 + h4, l6 + h5, l7 + h6, l8 + h7, h8);
    }

    /** r = a^2 / 2^260 mod n: each cross product once, against a doubled limb, split as in {@link Fp#sqr}. */
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
        montReduce(r, l0, l1 + h0, l2 + h1, l3 + h2, l4 + h3, l5 + h4, l6 + h5, l7 + h6, l8 + h7, h8);
    }

    /**
     * Montgomery reduction of the column sums c0..c9 (radix 2^52, value below n * 2^260): r = c / 2^260 mod n.
     * The columns may be negative (from mul and sqr: below 2^57 in magnitude): carries use arithmetic shifts and
     * the low limb a mask, exact for either sign, so each m is the value's; each round adds less than 2^55 in
     * magnitude to a column, so all stay below 2^59. (Splitting m * N_j with double estimates here measured
     * slower: the rounds form one serial chain, and a conversion, a multiply and a cast back take longer than
     * multiplyHigh.)
     */
    private static void montReduce(long[] r, long c0, long c1, long c2, long c3, long c4, long c5, long c6,
            long c7, long c8, long c9) {
        long low, m, ms;
        // Round 0: add m * n * 2^(52 * 0) with m chosen to clear limb 0.
        low = c0 & M; c1 += c0 >> 52; m = (low * N0) & M; ms = m << 11;
        c1 += ((low + (m * N_0 & M53)) >> 52) + (Math.multiplyHigh(ms, N_0) << 1);
        c1 += m * N_1 & M53; c2 += Math.multiplyHigh(ms, N_1) << 1;
        c2 += m * N_2 & M53; c3 += Math.multiplyHigh(ms, N_2) << 1;
        c3 += m * N_3 & M53; c4 += Math.multiplyHigh(ms, N_3) << 1;
        c4 += m * N_4 & M53; c5 += Math.multiplyHigh(ms, N_4) << 1;
        // Round 1: add m * n * 2^(52 * 1) with m chosen to clear limb 1.
        low = c1 & M; c2 += c1 >> 52; m = (low * N0) & M; ms = m << 11;
        c2 += ((low + (m * N_0 & M53)) >> 52) + (Math.multiplyHigh(ms, N_0) << 1);
        c2 += m * N_1 & M53; c3 += Math.multiplyHigh(ms, N_1) << 1;
        c3 += m * N_2 & M53; c4 += Math.multiplyHigh(ms, N_2) << 1;
        c4 += m * N_3 & M53; c5 += Math.multiplyHigh(ms, N_3) << 1;
        c5 += m * N_4 & M53; c6 += Math.multiplyHigh(ms, N_4) << 1;
        // Round 2: add m * n * 2^(52 * 2) with m chosen to clear limb 2.
        low = c2 & M; c3 += c2 >> 52; m = (low * N0) & M; ms = m << 11;
        c3 += ((low + (m * N_0 & M53)) >> 52) + (Math.multiplyHigh(ms, N_0) << 1);
        c3 += m * N_1 & M53; c4 += Math.multiplyHigh(ms, N_1) << 1;
        c4 += m * N_2 & M53; c5 += Math.multiplyHigh(ms, N_2) << 1;
        c5 += m * N_3 & M53; c6 += Math.multiplyHigh(ms, N_3) << 1;
        c6 += m * N_4 & M53; c7 += Math.multiplyHigh(ms, N_4) << 1;
        // Round 3: add m * n * 2^(52 * 3) with m chosen to clear limb 3.
        low = c3 & M; c4 += c3 >> 52; m = (low * N0) & M; ms = m << 11;
        c4 += ((low + (m * N_0 & M53)) >> 52) + (Math.multiplyHigh(ms, N_0) << 1);
        c4 += m * N_1 & M53; c5 += Math.multiplyHigh(ms, N_1) << 1;
        c5 += m * N_2 & M53; c6 += Math.multiplyHigh(ms, N_2) << 1;
        c6 += m * N_3 & M53; c7 += Math.multiplyHigh(ms, N_3) << 1;
        c7 += m * N_4 & M53; c8 += Math.multiplyHigh(ms, N_4) << 1;
        // Round 4: add m * n * 2^(52 * 4) with m chosen to clear limb 4.
        low = c4 & M; c5 += c4 >> 52; m = (low * N0) & M; ms = m << 11;
        c5 += ((low + (m * N_0 & M53)) >> 52) + (Math.multiplyHigh(ms, N_0) << 1);
        c5 += m * N_1 & M53; c6 += Math.multiplyHigh(ms, N_1) << 1;
        c6 += m * N_2 & M53; c7 += Math.multiplyHigh(ms, N_2) << 1;
        c7 += m * N_3 & M53; c8 += Math.multiplyHigh(ms, N_3) << 1;
        c8 += m * N_4 & M53; c9 += Math.multiplyHigh(ms, N_4) << 1;
        c6 += c5 >> 52; c5 &= M;
        c7 += c6 >> 52; c6 &= M;
        c8 += c7 >> 52; c7 &= M;
        c9 += c8 >> 52; c8 &= M;
        subtractNOnce(r, c5, c6, c7, c8, c9);
    }

    /** r = s - n when that is non-negative, else s, for normalized limbs of s < 2n. */
    private static void subtractNOnce(long[] r, long s0, long s1, long s2, long s3, long s4) {
        long d0 = s0 - N_0;
        long d1 = s1 - N_1 + (d0 >> 52);
        long d2 = s2 - N_2 + (d1 >> 52);
        long d3 = s3 - N_3 + (d2 >> 52);
        long d4 = s4 - N_4 + (d3 >> 52);
        long keep = d4 >> 63;
        r[0] = (s0 & keep) | (d0 & M & ~keep);
        r[1] = (s1 & keep) | (d1 & M & ~keep);
        r[2] = (s2 & keep) | (d2 & M & ~keep);
        r[3] = (s3 & keep) | (d3 & M & ~keep);
        r[4] = (s4 & keep) | (d4 & ~keep);
    }

    static void add(long[] r, long[] a, long[] b) {
        long s0 = a[0] + b[0];
        long s1 = a[1] + b[1] + (s0 >> 52);
        long s2 = a[2] + b[2] + (s1 >> 52);
        long s3 = a[3] + b[3] + (s2 >> 52);
        long s4 = a[4] + b[4] + (s3 >> 52);
        subtractNOnce(r, s0 & M, s1 & M, s2 & M, s3 & M, s4);
    }

    /** A plain integer below n (64-bit limbs) to Montgomery form. */
    static void toMont(long[] r, long[] plain64) {
        long w0 = plain64[0], w1 = plain64[1], w2 = plain64[2], w3 = plain64[3];
        long[] t = {w0 & M, ((w0 >>> 52) | (w1 << 12)) & M, ((w1 >>> 40) | (w2 << 24)) & M,
            ((w2 >>> 28) | (w3 << 36)) & M, w3 >>> 16};
        mul(r, t, R2);
    }

    /** Montgomery form back to the plain integer (64-bit limbs). */
    static void fromMont(long[] plain64, long[] a) {
        long[] t = create();
        mul(t, a, ONE_PLAIN);
        plain64[0] = t[0] | (t[1] << 52);
        plain64[1] = (t[1] >>> 12) | (t[2] << 40);
        plain64[2] = (t[2] >>> 24) | (t[3] << 28);
        plain64[3] = (t[3] >>> 36) | (t[4] << 16);
    }

    /** a mod n for any 256-bit a in 64-bit limbs (one conditional subtraction suffices as 2^256 < 2n). */
    static void reduce(long[] r, long[] a) {
        Limbs.reduceOnce(r, a[0], a[1], a[2], a[3], 0, N64);
    }

    /** r = a^(n-2) = 1/a mod n (Fermat), 4-bit fixed windows over the public exponent n - 2. */
    static void inv(long[] r, long[] a) {
        long[][] table = new long[16][];
        table[0] = create();
        toMont(table[0], new long[] {1L, 0L, 0L, 0L});
        for (int i = 1; i < 16; i++) {
            table[i] = create();
            mul(table[i], table[i - 1], a);
        }
        long[] e = {N64[0] - 2, N64[1], N64[2], N64[3]};
        long[] acc = table[(int) (e[3] >>> 60)].clone();
        for (int i = 62; i >= 0; i--) {
            sqr(acc, acc);
            sqr(acc, acc);
            sqr(acc, acc);
            sqr(acc, acc);
            int w = (int) (e[i >>> 4] >>> ((i & 15) * 4)) & 15;
            mul(acc, acc, table[w]);
        }
        System.arraycopy(acc, 0, r, 0, LIMBS);
    }
}
