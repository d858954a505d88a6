package dev.parapet.tls.crypto.p256;

/**
 * Scalar multiplication on P-256. Scalars are plain (not Montgomery) 256-bit integers as {@code long[4]}, least
 * significant limb first. {@link #mulSecret} and {@link #mulBase} run the same operations and memory accesses for
 * every scalar. Verification, where every input is public, uses {@link VerifyMult} instead.
 */
final class ScalarMult {
    private ScalarMult() {
    }

    /** All ones when a == b, for 0 <= a, b < 2^62. */
    private static long eqMask(long a, long b) {
        return ((a ^ b) - 1) >> 63;
    }

    /** Bits [5i, 5i + 5) of k (bits past 255 read as 0). */
    private static long window5(long[] k, int i) {
        int bit = 5 * i;
        int limb = bit >>> 6;
        int shift = bit & 63;
        long v = k[limb] >>> shift;
        if (shift > 59 && limb < 3) {
            v |= k[limb + 1] << (64 - shift); // the branch depends on the public position only
        }
        return v & 31;
    }

    /**
     * Signed 5-bit digits of k, least significant first: k = sum d_i 32^i with d_i in [-15, 16], computed with
     * arithmetic only (a window above 16 becomes window - 32 and carries 1 into the next).
     */
    static long[] signedDigits(long[] k) {
        long[] d = new long[WINDOWS];
        long carry = 0;
        for (int i = 0; i < WINDOWS; i++) {
            long v = window5(k, i) + carry;
            carry = (16 - v) >>> 63;
            d[i] = v - (carry << 5);
        }
        return d;
    }

    /** 52 signed 5-bit digits cover 256 bits plus the final carry. */
    static final int WINDOWS = 52;

    /**
     * r = k * p for a secret k: signed 5-bit windows from the top, five doublings and one complete addition per
     * window, the addend read from the 16-entry table of multiples with masks (every entry touched) and negated
     * with a mask.
     */
    static void mulSecret(Point r, Point p, long[] k) {
        Point.Scratch w = new Point.Scratch();
        Point[] table = new Point[16]; // table[j] = (j + 1) * p
        table[0] = new Point();
        table[0].set(p);
        for (int i = 1; i < 16; i++) {
            table[i] = new Point();
            Point.add(table[i], table[i - 1], p, w);
        }
        long[] digits = signedDigits(k);
        Point infinity = new Point();
        Point acc = new Point();
        Point addend = new Point();
        for (int i = WINDOWS - 1; i >= 0; i--) {
            if (i != WINDOWS - 1) {
                for (int j = 0; j < 5; j++) {
                    Point.dbl(acc, acc, w);
                }
            }
            long d = digits[i];
            long sign = d >> 63;
            long abs = (d ^ sign) - sign;
            addend.set(infinity);
            for (int j = 0; j < 16; j++) {
                addend.cmov(table[j], eqMask(abs, j + 1));
            }
            addend.condNegate(sign);
            Point.add(acc, acc, addend, w);
        }
        r.set(acc);
    }

    /** r = k * G for a secret k: one constant-time table read and one mixed addition per signed 5-bit window. */
    static void mulBase(Point r, long[] k) {
        Point.Scratch w = new Point.Scratch();
        long[] digits = signedDigits(k);
        Point acc = new Point();
        Point sum = new Point();
        long[] qx = Fp.create();
        long[] qy = Fp.create();
        long[] negY = Fp.create();
        long[] zero = Fp.create();
        for (int i = 0; i < WINDOWS; i++) {
            long d = digits[i];
            long sign = d >> 63;
            long abs = (d ^ sign) - sign;
            BaseTable.select(qx, qy, i, abs);
            Fp.sub(negY, zero, qy);
            Fp.cmov(qy, negY, sign);
            Point.addAffine(sum, acc, qx, qy, w);
            // Digit 0 adds nothing: keep acc (the table has no affine infinity).
            acc.cmov(sum, ~eqMask(abs, 0));
        }
        r.set(acc);
    }
}
