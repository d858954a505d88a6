package dev.parapet.tls.crypto.p256;

/**
 * Inversion modulo an odd m by the binary extended Euclidean algorithm (Hankerson, Menezes, Vanstone, "Guide to
 * Elliptic Curve Cryptography", Algorithm 2.22), on plain integers as four 64-bit limbs. <b>Variable time</b>: for
 * public values only (the s of a signature being verified). About five times faster than {@link Fn#inv}'s
 * exponentiation, which secrets keep using.
 */
final class BinaryInverse {
    private BinaryInverse() {
    }

    /** r = 1/a mod m for 0 < a < m, m odd and prime (so the inverse exists). */
    static void inverse(long[] r, long[] a, long[] m) {
        long[] u = a.clone();
        long[] v = m.clone();
        long[] x1 = {1, 0, 0, 0};
        long[] x2 = {0, 0, 0, 0};
        // Invariants: a x1 = u and a x2 = v (mod m); each step shrinks u or v until one of them reaches 1.
        while (!isOne(u) && !isOne(v)) {
            while ((u[0] & 1) == 0) {
                shiftRight1(u, 0);
                halveMod(x1, m);
            }
            while ((v[0] & 1) == 0) {
                shiftRight1(v, 0);
                halveMod(x2, m);
            }
            if (compare(u, v) >= 0) {
                sub(u, u, v);
                subMod(x1, x2, m);
            } else {
                sub(v, v, u);
                subMod(x2, x1, m);
            }
        }
        System.arraycopy(isOne(u) ? x1 : x2, 0, r, 0, 4);
    }

    private static boolean isOne(long[] a) {
        return a[0] == 1 && (a[1] | a[2] | a[3]) == 0;
    }

    /** x = x / 2 mod m, for x < m: x / 2 when x is even, else (x + m) / 2. */
    private static void halveMod(long[] x, long[] m) {
        long top = 0;
        if ((x[0] & 1) != 0) {
            top = add(x, x, m);
        }
        shiftRight1(x, top);
    }

    /** x = x - y mod m, for x, y < m. */
    private static void subMod(long[] x, long[] y, long[] m) {
        if (sub(x, x, y) != 0) {
            add(x, x, m);
        }
    }

    /** Unsigned comparison of a and b: negative, zero or positive. */
    private static int compare(long[] a, long[] b) {
        for (int i = 3; i >= 0; i--) {
            if (a[i] != b[i]) {
                return Long.compareUnsigned(a[i], b[i]);
            }
        }
        return 0;
    }

    /** r = a + b mod 2^256; returns the carry out. */
    private static long add(long[] r, long[] a, long[] b) {
        long c = 0;
        for (int i = 0; i < 4; i++) {
            long s = a[i] + b[i] + c;
            c = Limbs.carry(a[i], b[i], s);
            r[i] = s;
        }
        return c;
    }

    /** r = a - b mod 2^256; returns the borrow out. */
    private static long sub(long[] r, long[] a, long[] b) {
        long c = 0;
        for (int i = 0; i < 4; i++) {
            long d = a[i] - b[i] - c;
            c = Limbs.borrow(a[i], b[i], d);
            r[i] = d;
        }
        return c;
    }

    /** a = (top : a) >> 1, with top the bit above the 256 bits of a. */
    private static void shiftRight1(long[] a, long top) {
        a[0] = (a[0] >>> 1) | (a[1] << 63);
        a[1] = (a[1] >>> 1) | (a[2] << 63);
        a[2] = (a[2] >>> 1) | (a[3] << 63);
        a[3] = (a[3] >>> 1) | (top << 63);
    }
}
