package dev.parapet.tls.crypto.p256;

/**
 * Precomputed multiples of one public point Q, so that verifications under the same key need almost no doublings:
 * for each of {@value #WINDOWS} windows j and each magnitude d in 1..16, the affine point d * 2^(10 j) * Q. With
 * u2 in signed 5-bit digits u2 = sum e_i 32^i (e_i in [-15, 16]), split into even and odd positions,
 * u2 * Q = sum_j e_(2j) 2^(10 j) Q + 32 * sum_j e_(2j+1) 2^(10 j) Q: 52 mixed additions and 5 doublings. Half the
 * windows of a full fixed-base table (the same comb idea as {@link BaseTable}, which has all 52 windows and no
 * doublings) for 5 more doublings: 416 points, 33 KB. Variable time: for public keys only. Immutable after
 * construction.
 */
final class KeyTable {
    /** Windows of 10 bits: two signed 5-bit digits each. */
    static final int WINDOWS = ScalarMult.WINDOWS / 2;
    static final int DIGITS = 16;
    private static final int STRIDE = 2 * Fp.LIMBS;

    /** Entry (j, d) holds x at [(j * 16 + d - 1) * 10], y at +5. */
    private final long[] table;

    /** Builds the table for a validated point q (affine, Montgomery form). */
    KeyTable(long[] qx, long[] qy) {
        JacobianPoint.Scratch w = new JacobianPoint.Scratch();
        JacobianPoint[] pts = new JacobianPoint[WINDOWS * DIGITS];
        JacobianPoint base = JacobianPoint.affine(qx, qy);
        for (int j = 0; j < WINDOWS; j++) {
            int at = j * DIGITS;
            for (int d = 1; d <= DIGITS; d++) {
                JacobianPoint p = new JacobianPoint();
                if (d == 1) {
                    p.set(base);
                } else if (d % 2 == 0) {
                    JacobianPoint.dbl(p, pts[at + d / 2 - 1], w); // d B = 2 ((d / 2) B)
                } else {
                    JacobianPoint.add(p, pts[at + d - 2], base, w); // d B = (d - 1) B + B
                }
                pts[at + d - 1] = p;
            }
            // The next window's base: 2^10 B = 2^6 (16 B).
            JacobianPoint.dbl(base, pts[at + DIGITS - 1], w);
            for (int i = 1; i < 6; i++) {
                JacobianPoint.dbl(base, base, w);
            }
        }
        table = new long[pts.length * STRIDE];
        JacobianPoint.toAffineBatch(pts, table);
    }

    /** Size of the table in bytes. */
    int sizeBytes() {
        return table.length * Long.BYTES;
    }

    /** r = u1 * G + u2 * Q for plain scalars u1, u2 below 2^256: base table and this table, 5 doublings. */
    void mulDouble(JacobianPoint r, long[] u1, long[] u2) {
        JacobianPoint.Scratch w = new JacobianPoint.Scratch();
        long[] digits = ScalarMult.signedDigits(u2);
        JacobianPoint acc = new JacobianPoint();
        long[] x = Fp.create();
        long[] y = Fp.create();
        for (int j = 0; j < WINDOWS; j++) {
            addEntry(acc, j, (int) digits[2 * j + 1], x, y, w);
        }
        for (int i = 0; i < 5; i++) {
            JacobianPoint.dbl(acc, acc, w);
        }
        for (int j = 0; j < WINDOWS; j++) {
            addEntry(acc, j, (int) digits[2 * j], x, y, w);
        }
        long[] g = ScalarMult.signedDigits(u1);
        for (int i = 0; i < BaseTable.WINDOWS; i++) {
            int d = (int) g[i];
            if (d != 0) {
                BaseTable.lookup(x, y, i, Math.abs(d));
                if (d < 0) {
                    Fp.sub(y, Fp.create(), y);
                }
                JacobianPoint.addAffine(acc, acc, x, y, w);
            }
        }
        r.set(acc);
    }

    /** acc += d * 2^(10 j) * Q for a digit d in [-15, 16] (nothing for 0). */
    private void addEntry(JacobianPoint acc, int j, int d, long[] x, long[] y, JacobianPoint.Scratch w) {
        if (d == 0) {
            return;
        }
        int off = (j * DIGITS + Math.abs(d) - 1) * STRIDE;
        System.arraycopy(table, off, x, 0, Fp.LIMBS);
        System.arraycopy(table, off + Fp.LIMBS, y, 0, Fp.LIMBS);
        if (d < 0) {
            Fp.sub(y, Fp.create(), y);
        }
        JacobianPoint.addAffine(acc, acc, x, y, w);
    }
}
