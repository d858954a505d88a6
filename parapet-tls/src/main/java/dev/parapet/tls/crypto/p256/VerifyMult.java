package dev.parapet.tls.crypto.p256;

/**
 * u1 * G + u2 * Q for ECDSA verification (SEC 1 v2, 4.1.4 step 5), in variable time: every input is public. One
 * chain of 256 Jacobian doublings serves both scalars (Straus-Shamir interleaving): u2 as a width-5 NAF over the
 * odd multiples Q, 3Q, .., 15Q (Jacobian, built per call), u1 as a width-{@value #G_WIDTH} NAF over a static table
 * of the odd multiples of G in affine form (mixed additions).
 */
final class VerifyMult {
    /** NAF width for Q: 8 odd multiples cost 1 doubling + 7 additions per verification. */
    static final int Q_WIDTH = 5;
    /** NAF width for G: a static table of 2^(w-2) affine odd multiples. */
    static final int G_WIDTH = 7;
    private static final int STRIDE = 2 * Fp.LIMBS;
    /** (2i + 1) G, affine: x at [i * 10], y at [i * 10 + 5]. Built on first verification. */
    private static final long[] G_ODD = buildGTable();

    private VerifyMult() {
    }

    private static long[] buildGTable() {
        Point g = BaseTable.generator();
        JacobianPoint[] odd = oddMultiples(JacobianPoint.affine(g.x, g.y), 1 << (G_WIDTH - 2));
        long[] t = new long[odd.length * STRIDE];
        JacobianPoint.toAffineBatch(odd, t);
        return t;
    }

    /** p, 3p, 5p, .., (2 count - 1) p (never infinity: p has prime order n, far above 2 count). */
    static JacobianPoint[] oddMultiples(JacobianPoint p, int count) {
        JacobianPoint.Scratch w = new JacobianPoint.Scratch();
        JacobianPoint[] odd = new JacobianPoint[count];
        JacobianPoint twice = new JacobianPoint();
        JacobianPoint.dbl(twice, p, w);
        odd[0] = new JacobianPoint();
        odd[0].set(p);
        for (int i = 1; i < count; i++) {
            odd[i] = new JacobianPoint();
            JacobianPoint.add(odd[i], odd[i - 1], twice, w);
        }
        return odd;
    }

    /** r = u1 * G + u2 * q, for plain scalars u1, u2 (64-bit limbs, below 2^256). */
    static void mulDouble(JacobianPoint r, long[] u1, long[] u2, JacobianPoint q) {
        JacobianPoint.Scratch w = new JacobianPoint.Scratch();
        JacobianPoint[] odd = oddMultiples(q, 1 << (Q_WIDTH - 2));
        JacobianPoint[] oddNeg = new JacobianPoint[odd.length];
        for (int i = 0; i < odd.length; i++) {
            oddNeg[i] = new JacobianPoint();
            oddNeg[i].setNegated(odd[i]);
        }
        int[] nafG = wnaf(u1, G_WIDTH);
        int[] nafQ = wnaf(u2, Q_WIDTH);
        int top = nafG.length - 1;
        while (top >= 0 && nafG[top] == 0 && nafQ[top] == 0) {
            top--;
        }
        JacobianPoint acc = new JacobianPoint();
        long[] gx = Fp.create();
        long[] gy = Fp.create();
        for (int i = top; i >= 0; i--) {
            if (i != top) {
                JacobianPoint.dbl(acc, acc, w);
            }
            int dq = nafQ[i];
            if (dq > 0) {
                JacobianPoint.add(acc, acc, odd[dq >> 1], w);
            } else if (dq < 0) {
                JacobianPoint.add(acc, acc, oddNeg[-dq >> 1], w);
            }
            int dg = nafG[i];
            if (dg != 0) {
                gTableEntry(gx, gy, dg);
                JacobianPoint.addAffine(acc, acc, gx, gy, w);
            }
        }
        r.set(acc);
    }

    /** d * G for an odd d with |d| < 2^(G_WIDTH - 1), from the table (negated for d < 0). */
    private static void gTableEntry(long[] x, long[] y, int d) {
        int off = (Math.abs(d) >> 1) * STRIDE;
        System.arraycopy(G_ODD, off, x, 0, Fp.LIMBS);
        System.arraycopy(G_ODD, off + Fp.LIMBS, y, 0, Fp.LIMBS);
        if (d < 0) {
            Fp.sub(y, Fp.create(), y);
        }
    }

    /**
     * Width-w non-adjacent form of k (Hankerson, Menezes, Vanstone, "Guide to Elliptic Curve Cryptography",
     * Algorithm 3.35), least significant digit first: each digit 0 or odd in (-2^(w-1), 2^(w-1)), at most one
     * non-zero digit in any w consecutive ones, 257 digits for k below 2^256.
     */
    static int[] wnaf(long[] k, int width) {
        long[] v = {k[0], k[1], k[2], k[3], 0};
        int[] naf = new int[257];
        int mask = (1 << width) - 1;
        int half = 1 << (width - 1);
        for (int i = 0; i < naf.length; i++) {
            if ((v[0] & 1) != 0) {
                int d = (int) v[0] & mask;
                if (d >= half) {
                    d -= 1 << width;
                }
                naf[i] = d;
                subtractSmall(v, d);
            }
            shiftRight1(v);
        }
        return naf;
    }

    /** v -= d for a small signed d (the result stays non-negative). */
    private static void subtractSmall(long[] v, long d) {
        long addend = -d;
        long ext = addend >> 63;
        long c = 0;
        for (int i = 0; i < v.length; i++) {
            long a = i == 0 ? addend : ext;
            long s = v[i] + a + c;
            c = Limbs.carry(v[i], a, s);
            v[i] = s;
        }
    }

    private static void shiftRight1(long[] v) {
        for (int i = 0; i < v.length - 1; i++) {
            v[i] = (v[i] >>> 1) | (v[i + 1] << 63);
        }
        v[v.length - 1] >>>= 1;
    }

    /**
     * Whether x(p) mod n == r (SEC 1 v2, 4.1.4 steps 6 to 8) without an inversion: x(p) = X / Z^2 is below p,
     * so x(p) mod n == r exactly when X == r Z^2 or, for r + n < p, X == (r + n) Z^2. False for infinity.
     */
    static boolean xModNEquals(JacobianPoint p, long[] r) {
        if (p.isInfinity()) {
            return false;
        }
        long[] zz = Fp.create();
        Fp.sqr(zz, p.z);
        if (equalsTimes(p.x, r, zz)) {
            return true;
        }
        long[] rn = new long[4];
        long c = 0;
        for (int i = 0; i < 4; i++) {
            long s = r[i] + Fn.N64[i] + c;
            c = Limbs.carry(r[i], Fn.N64[i], s);
            rn[i] = s;
        }
        return c == 0 && Limbs.lessThanMask(rn, Fp.P64) != 0 && equalsTimes(p.x, rn, zz);
    }

    /** Whether x == v * zz in GF(p), for a plain v below p. */
    private static boolean equalsTimes(long[] x, long[] v, long[] zz) {
        long[] t = Fp.create();
        Fp.toMont(t, v);
        Fp.mul(t, t, zz);
        Fp.sub(t, t, x);
        return Fp.isZeroMask(t) != 0;
    }
}
