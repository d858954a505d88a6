package dev.parapet.tls.crypto.p256;

/**
 * Scalar multiplication on P-256. Scalars are plain (not Montgomery) 256-bit integers as {@code long[4]}, least
 * significant limb first. {@link #mulSecret} and {@link #mulBase} run the same operations and memory accesses for
 * every scalar; {@link #mulDoubleVartime} is for public inputs only (signature verification).
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

    /**
     * r = u1 * G + u2 * q in variable time (public inputs only): u1 * G from the base table (direct reads), u2 * q
     * by a width-5 NAF over the odd multiples q, 3q, .., 15q.
     */
    static void mulDoubleVartime(Point r, long[] u1, long[] u2, Point q) {
        Point.Scratch w = new Point.Scratch();
        Point[] odd = new Point[8];
        Point[] oddNeg = new Point[8];
        Point q2 = new Point();
        Point.dbl(q2, q, w);
        odd[0] = new Point();
        odd[0].set(q);
        for (int i = 1; i < 8; i++) {
            odd[i] = new Point();
            Point.add(odd[i], odd[i - 1], q2, w);
        }
        for (int i = 0; i < 8; i++) {
            oddNeg[i] = new Point();
            oddNeg[i].set(odd[i]);
            oddNeg[i].condNegate(-1L);
        }
        int[] naf = wnaf(u2);
        Point acc = new Point();
        int top = naf.length - 1;
        while (top >= 0 && naf[top] == 0) {
            top--;
        }
        for (int i = top; i >= 0; i--) {
            Point.dbl(acc, acc, w);
            int d = naf[i];
            if (d > 0) {
                Point.add(acc, acc, odd[d >> 1], w);
            } else if (d < 0) {
                Point.add(acc, acc, oddNeg[(-d) >> 1], w);
            }
        }
        long[] qx = Fp.create();
        long[] qy = Fp.create();
        long[] digits = signedDigits(u1);
        for (int i = 0; i < WINDOWS; i++) {
            int d = (int) digits[i];
            if (d != 0) {
                BaseTable.lookup(qx, qy, i, Math.abs(d));
                if (d < 0) {
                    Fp.sub(qy, Fp.create(), qy);
                }
                Point.addAffine(acc, acc, qx, qy, w);
            }
        }
        r.set(acc);
    }

    /** Width-5 non-adjacent form of k: digits odd in -15..15 or 0, at most one non-zero in any 5 in a row. */
    static int[] wnaf(long[] k) {
        long[] v = {k[0], k[1], k[2], k[3], 0};
        int[] naf = new int[257];
        for (int i = 0; i < naf.length; i++) {
            if ((v[0] & 1) != 0) {
                int d = (int) (v[0] & 31);
                if (d >= 16) {
                    d -= 32;
                }
                naf[i] = d;
                addSmall(v, -d);
            }
            shiftRight1(v);
        }
        return naf;
    }

    /** v += d for a small signed d (the result stays non-negative). */
    private static void addSmall(long[] v, long d) {
        long ext = d >> 63;
        long c = 0;
        for (int i = 0; i < v.length; i++) {
            long addend = i == 0 ? d : ext;
            long s = v[i] + addend + c;
            c = Limbs.carry(v[i], addend, s);
            v[i] = s;
        }
    }

    private static void shiftRight1(long[] v) {
        for (int i = 0; i < v.length - 1; i++) {
            v[i] = (v[i] >>> 1) | (v[i + 1] << 63);
        }
        v[v.length - 1] >>>= 1;
    }
}
