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

    /** r = a * b / 2^260 mod n. */
    static void mul(long[] r, long[] x, long[] y) {
        long a0 = x[0], a1 = x[1], a2 = x[2], a3 = x[3], a4 = x[4];
        long b0 = y[0], b1 = y[1], b2 = y[2], b3 = y[3], b4 = y[4];
        long s0 = a0 << 11, s1 = a1 << 11, s2 = a2 << 11, s3 = a3 << 11, s4 = a4 << 11;
        long l0 = (a0 * b0 & M53);
        long h0 = Math.multiplyHigh(s0, b0);
        long l1 = (a0 * b1 & M53) + (a1 * b0 & M53);
        long h1 = Math.multiplyHigh(s0, b1) + Math.multiplyHigh(s1, b0);
        long l2 = (a0 * b2 & M53) + (a1 * b1 & M53) + (a2 * b0 & M53);
        long h2 = Math.multiplyHigh(s0, b2) + Math.multiplyHigh(s1, b1) + Math.multiplyHigh(s2, b0);
        long l3 = (a0 * b3 & M53) + (a1 * b2 & M53) + (a2 * b1 & M53) + (a3 * b0 & M53);
        long h3 = Math.multiplyHigh(s0, b3) + Math.multiplyHigh(s1, b2) + Math.multiplyHigh(s2, b1)
                + Math.multiplyHigh(s3, b0);
        long l4 = (a0 * b4 & M53) + (a1 * b3 & M53) + (a2 * b2 & M53) + (a3 * b1 & M53) + (a4 * b0 & M53);
        long h4 = Math.multiplyHigh(s0, b4) + Math.multiplyHigh(s1, b3) + Math.multiplyHigh(s2, b2)
                + Math.multiplyHigh(s3, b1) + Math.multiplyHigh(s4, b0);
        long l5 = (a1 * b4 & M53) + (a2 * b3 & M53) + (a3 * b2 & M53) + (a4 * b1 & M53);
        long h5 = Math.multiplyHigh(s1, b4) + Math.multiplyHigh(s2, b3) + Math.multiplyHigh(s3, b2)
                + Math.multiplyHigh(s4, b1);
        long l6 = (a2 * b4 & M53) + (a3 * b3 & M53) + (a4 * b2 & M53);
        long h6 = Math.multiplyHigh(s2, b4) + Math.multiplyHigh(s3, b3) + Math.multiplyHigh(s4, b2);
        long l7 = (a3 * b4 & M53) + (a4 * b3 & M53);
        long h7 = Math.multiplyHigh(s3, b4) + Math.multiplyHigh(s4, b3);
        long l8 = (a4 * b4 & M53);
        long h8 = Math.multiplyHigh(s4, b4);
        long c0 = l0;
        long c1 = l1 + (h0 << 1);
        long c2 = l2 + (h1 << 1);
        long c3 = l3 + (h2 << 1);
        long c4 = l4 + (h3 << 1);
        long c5 = l5 + (h4 << 1);
        long c6 = l6 + (h5 << 1);
        long c7 = l7 + (h6 << 1);
        long c8 = l8 + (h7 << 1);
        long c9 = h8 << 1;
        montReduce(r, c0, c1, c2, c3, c4, c5, c6, c7, c8, c9);
    }

    /** r = a^2 / 2^260 mod n: each cross product once, against a doubled limb. */
    static void sqr(long[] r, long[] x) {
        long a0 = x[0], a1 = x[1], a2 = x[2], a3 = x[3], a4 = x[4];
        long s0 = a0 << 11, s1 = a1 << 11, s2 = a2 << 11, s3 = a3 << 11;
        long s4 = a4 << 11;
        long d1 = a1 << 1, d2 = a2 << 1, d3 = a3 << 1, d4 = a4 << 1;
        long l0 = (a0 * a0 & M53);
        long h0 = Math.multiplyHigh(s0, a0);
        long l1 = (a0 * d1 & M53);
        long h1 = Math.multiplyHigh(s0, d1);
        long l2 = (a0 * d2 & M53) + (a1 * a1 & M53);
        long h2 = Math.multiplyHigh(s0, d2) + Math.multiplyHigh(s1, a1);
        long l3 = (a0 * d3 & M53) + (a1 * d2 & M53);
        long h3 = Math.multiplyHigh(s0, d3) + Math.multiplyHigh(s1, d2);
        long l4 = (a0 * d4 & M53) + (a1 * d3 & M53) + (a2 * a2 & M53);
        long h4 = Math.multiplyHigh(s0, d4) + Math.multiplyHigh(s1, d3) + Math.multiplyHigh(s2, a2);
        long l5 = (a1 * d4 & M53) + (a2 * d3 & M53);
        long h5 = Math.multiplyHigh(s1, d4) + Math.multiplyHigh(s2, d3);
        long l6 = (a2 * d4 & M53) + (a3 * a3 & M53);
        long h6 = Math.multiplyHigh(s2, d4) + Math.multiplyHigh(s3, a3);
        long l7 = (a3 * d4 & M53);
        long h7 = Math.multiplyHigh(s3, d4);
        long l8 = (a4 * a4 & M53);
        long h8 = Math.multiplyHigh(s4, a4);
        long c0 = l0;
        long c1 = l1 + (h0 << 1);
        long c2 = l2 + (h1 << 1);
        long c3 = l3 + (h2 << 1);
        long c4 = l4 + (h3 << 1);
        long c5 = l5 + (h4 << 1);
        long c6 = l6 + (h5 << 1);
        long c7 = l7 + (h6 << 1);
        long c8 = l8 + (h7 << 1);
        long c9 = h8 << 1;
        montReduce(r, c0, c1, c2, c3, c4, c5, c6, c7, c8, c9);
    }

    /** Montgomery reduction of the column sums c0..c9 (radix 2^52, value below n * 2^260): r = c / 2^260 mod n. */
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
