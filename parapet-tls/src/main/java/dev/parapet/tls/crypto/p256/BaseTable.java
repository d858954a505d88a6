package dev.parapet.tls.crypto.p256;

/**
 * Precomputed multiples of the base point G for fixed-base scalar multiplication: for each of the 52 signed 5-bit
 * windows i and each digit magnitude j in 1..16, the affine point j * 32^i * G (Montgomery-form coordinates). Then
 * k * G is the sum over i of +-entry (i, |digit i of k|): 52 mixed additions and no doublings. Built once, on
 * first use (class initialization is lazy and thread-safe in the JVM); the array is never written afterwards.
 */
final class BaseTable {
    static final int WINDOWS = ScalarMult.WINDOWS;
    static final int DIGITS = 16;
    private static final int STRIDE = 2 * Fp.LIMBS;

    /** G's affine coordinates (SEC 2, 2.4.2), plain integers. */
    private static final long[] GX_PLAIN = {
        0xF4A13945D898C296L, 0x77037D812DEB33A0L, 0xF8BCE6E563A440F2L, 0x6B17D1F2E12C4247L};
    private static final long[] GY_PLAIN = {
        0xCBB6406837BF51F5L, 0x2BCE33576B315ECEL, 0x8EE7EB4A7C0F9E16L, 0x4FE342E2FE1A7F9BL};

    /** Built after the generator constants above. Entry (i, j) holds x at [(i * 16 + j - 1) * 10], y at +5. */
    private static final long[] TABLE = build();

    private BaseTable() {
    }

    /** G in projective form (a new object). */
    static Point generator() {
        Point g = new Point();
        Fp.toMont(g.x, GX_PLAIN);
        Fp.toMont(g.y, GY_PLAIN);
        System.arraycopy(Fp.one(), 0, g.z, 0, Fp.LIMBS);
        return g;
    }

    private static long[] build() {
        long[] t = new long[WINDOWS * DIGITS * STRIDE];
        Point base = generator();
        Point acc = new Point();
        Point.Scratch w = new Point.Scratch();
        long[] ax = Fp.create();
        long[] ay = Fp.create();
        for (int i = 0; i < WINDOWS; i++) {
            acc.set(base);
            for (int j = 1; j <= DIGITS; j++) {
                acc.toAffine(ax, ay);
                int off = (i * DIGITS + j - 1) * STRIDE;
                System.arraycopy(ax, 0, t, off, Fp.LIMBS);
                System.arraycopy(ay, 0, t, off + Fp.LIMBS, Fp.LIMBS);
                Point.add(acc, acc, base, w);
            }
            // The next window's base: 32 * base.
            for (int j = 0; j < 5; j++) {
                Point.dbl(base, base, w);
            }
        }
        return t;
    }

    /** Copies entry (window, digit) into x, y in constant time: every entry of the window is read. */
    static void select(long[] x, long[] y, int window, long digit) {
        int start = window * DIGITS * STRIDE;
        for (int j = 1; j <= DIGITS; j++) {
            long mask = ((digit ^ j) - 1) >> 63;
            int off = start + (j - 1) * STRIDE;
            for (int l = 0; l < Fp.LIMBS; l++) {
                x[l] ^= (x[l] ^ TABLE[off + l]) & mask;
                y[l] ^= (y[l] ^ TABLE[off + Fp.LIMBS + l]) & mask;
            }
        }
    }

    /** Copies entry (window, digit) for a public digit 1..16 (verification only). */
    static void lookup(long[] x, long[] y, int window, int digit) {
        int off = (window * DIGITS + digit - 1) * STRIDE;
        System.arraycopy(TABLE, off, x, 0, Fp.LIMBS);
        System.arraycopy(TABLE, off + Fp.LIMBS, y, 0, Fp.LIMBS);
    }
}
