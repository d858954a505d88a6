package dev.parapet.tls.crypto.p256;

import static dev.parapet.tls.crypto.p256.Limbs.carry;
import static dev.parapet.tls.crypto.p256.Limbs.mulHigh;

/**
 * Arithmetic modulo the group order n of P-256 (SEC 2, 2.4.2), for ECDSA: Montgomery form with four 64-bit limbs,
 * least significant first, fully reduced. Branch-free; inversion is a fixed-window exponentiation by the public
 * exponent n - 2, so it takes the same steps for every input.
 */
final class Fn {
    /** n, little-endian limbs. */
    static final long[] N = {0xF3B9CAC2FC632551L, 0xBCE6FAADA7179E84L, -1L, 0xFFFFFFFF00000000L};
    /** -n^-1 mod 2^64. */
    private static final long N0 = 0xCCD1C8AAEE00BC4FL;
    /** 2^512 mod n. */
    private static final long[] R2 = {
        0x83244C95BE79EEA2L, 0x4699799C49BD6FA6L, 0x2845B2392B6BEC59L, 0x66E12D94F3D95620L};
    private static final long[] ONE_PLAIN = {1L, 0L, 0L, 0L};

    private Fn() {
    }

    /** r = a * b / 2^256 mod n. */
    static void mul(long[] r, long[] a, long[] b) {
        long[] t = new long[8];
        Limbs.mulWide(t, a, b);
        long top = 0;
        for (int i = 0; i < 4; i++) {
            long m = t[i] * N0;
            long k = 0;
            for (int j = 0; j < 4; j++) {
                long lo = m * N[j];
                long hi = mulHigh(m, N[j]);
                long s = lo + t[i + j];
                long c = carry(lo, t[i + j], s);
                long u = s + k;
                k = hi + c + carry(s, k, u);
                t[i + j] = u;
            }
            long s = t[i + 4] + k;
            long c = carry(t[i + 4], k, s);
            long u = s + top;
            top = c | carry(s, top, u);
            t[i + 4] = u;
        }
        Limbs.reduceOnce(r, t[4], t[5], t[6], t[7], top, N);
    }

    static void add(long[] r, long[] a, long[] b) {
        Limbs.addMod(r, a, b, N);
    }

    /** Plain integer a (below n) to Montgomery form. */
    static void toMont(long[] r, long[] a) {
        mul(r, a, R2);
    }

    /** Montgomery form back to the plain integer. */
    static void fromMont(long[] r, long[] a) {
        mul(r, a, ONE_PLAIN);
    }

    /** a mod n for any 256-bit a (one conditional subtraction suffices as 2^256 < 2n). */
    static void reduce(long[] r, long[] a) {
        Limbs.reduceOnce(r, a[0], a[1], a[2], a[3], 0, N);
    }

    /** r = a^(n-2) = 1/a mod n (Fermat), 4-bit fixed windows over the public exponent. */
    static void inv(long[] r, long[] a) {
        long[][] table = new long[16][];
        table[0] = new long[4];
        toMont(table[0], ONE_PLAIN);
        for (int i = 1; i < 16; i++) {
            table[i] = new long[4];
            mul(table[i], table[i - 1], a);
        }
        long[] e = {N[0] - 2, N[1], N[2], N[3]};
        long[] acc = table[0].clone();
        for (int i = 63; i >= 0; i--) {
            for (int j = 0; j < 4; j++) {
                mul(acc, acc, acc);
            }
            int w = (int) (e[i >>> 4] >>> ((i & 15) * 4)) & 15;
            mul(acc, acc, table[w]);
        }
        System.arraycopy(acc, 0, r, 0, 4);
    }
}
