package dev.parapet.tls.crypto.mlkem;

/**
 * Arithmetic modulo q = 3329 on ints, branch-free: Montgomery reduction (R = 2^16) for products and Barrett
 * reduction for sums. Representatives are signed and only loosely reduced between steps; {@link #canonical} gives
 * the value in [0, q) that encodings need.
 */
final class Field {
    /** FIPS 203, 2.4: q = 2^8 * 13 + 1. */
    static final int Q = 3329;
    /** q^-1 mod 2^16. */
    private static final int Q_INVERSE = 62209;
    /** 2^32 mod q: multiplying by it with {@link #multiply} puts a value into Montgomery form (times 2^16). */
    static final int MONTGOMERY_R2 = 1353;
    /** round(2^26 / q). */
    private static final int BARRETT_V = 20159;

    private Field() {
    }

    /** a * 2^-16 mod q, in (-q, q) when |a| < q * 2^15. */
    static int montgomeryReduce(int a) {
        int t = (short) (a * Q_INVERSE); // a * q^-1 mod 2^16, signed: a - t * q is a multiple of 2^16
        return (a - t * Q) >> 16;
    }

    /** a * b * 2^-16 mod q, in (-q, q) when |a * b| < q * 2^15 (for example |a|, |b| < q). */
    static int multiply(int a, int b) {
        return montgomeryReduce(a * b);
    }

    /** a mod q in [-(q - 1) / 2, (q - 1) / 2] for |a| < 2^15. */
    static int barrettReduce(int a) {
        int t = (BARRETT_V * a + (1 << 25)) >> 26;
        return a - t * Q;
    }

    /** The representative in [0, q) of a in (-q, q). */
    static int canonical(int a) {
        return a + ((a >> 31) & Q);
    }

    /** a mod q in [0, q) for 0 <= a < 2q (a 12-bit value from ByteDecode_12). */
    static int reduceOnce(int a) {
        int t = a - Q;
        return t + ((t >> 31) & Q);
    }
}
