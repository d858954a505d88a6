package dev.parapet.tls.crypto;

/**
 * Branch-free comparisons for code that must not leak secrets through timing (CBC record padding and MAC checks,
 * RSA PKCS#1 decoding). Each returns 0 or 1 computed with arithmetic and shifts only; turn one into a mask with
 * {@code -bit} (0 or all ones). Arguments must be in 0 .. 2^30.
 */
public final class ConstantTime {
    private ConstantTime() {
    }

    /** 1 when x is 0, else 0 (0 <= x < 2^31). */
    public static int isZero(int x) {
        return ((x - 1) >>> 31) & (~x >>> 31);
    }

    /** 1 when a == b, else 0. */
    public static int equal(int a, int b) {
        return isZero(a ^ b);
    }

    /** 1 when a < b, else 0 (0 <= a, b < 2^30). */
    public static int lessThan(int a, int b) {
        return (a - b) >>> 31;
    }

    /** 1 when a <= b, else 0 (0 <= a, b < 2^30). */
    public static int lessOrEqual(int a, int b) {
        return 1 ^ lessThan(b, a);
    }

    /** a when bit is 1, b when bit is 0. */
    public static int select(int bit, int a, int b) {
        int mask = -bit;
        return (a & mask) | (b & ~mask);
    }
}
