package dev.parapet.tls.crypto.p256;

import static dev.parapet.tls.crypto.p256.Fp.mul;
import static dev.parapet.tls.crypto.p256.Fp.sqr;
import static dev.parapet.tls.crypto.p256.Fp.sub;

/**
 * A P-256 point in Jacobian coordinates (X : Y : Z), affine (X/Z^2, Y/Z^3), infinity when Z = 0; coordinates in
 * Montgomery form. <b>Variable time, for public points only</b> (signature verification): the additions branch on
 * their exceptional cases (an input at infinity, P == Q, P == -Q). Secret scalars use {@link Point} and its
 * complete formulas instead.
 *
 * <p>Formulas from the Explicit-Formulas Database (EFD, hyperelliptic.org/EFD/g1p/auto-shortw-jacobian-3.html),
 * for a = -3: doubling "dbl-2001-b" (3M + 5S, Bernstein 2001), addition "add-2007-bl" (11M + 5S) and mixed
 * addition with an affine point "madd-2007-bl" (7M + 4S), both Bernstein-Lange 2007. Mutable; results may alias
 * inputs.
 */
final class JacobianPoint {
    final long[] x = Fp.create();
    final long[] y = Fp.create();
    final long[] z = Fp.create();

    /** The point at infinity. */
    JacobianPoint() {
        System.arraycopy(Fp.one(), 0, x, 0, Fp.LIMBS);
        System.arraycopy(Fp.one(), 0, y, 0, Fp.LIMBS);
    }

    /** The affine point (ax, ay), Montgomery form. */
    static JacobianPoint affine(long[] ax, long[] ay) {
        JacobianPoint p = new JacobianPoint();
        p.setAffine(ax, ay);
        return p;
    }

    void setAffine(long[] ax, long[] ay) {
        System.arraycopy(ax, 0, x, 0, Fp.LIMBS);
        System.arraycopy(ay, 0, y, 0, Fp.LIMBS);
        System.arraycopy(Fp.one(), 0, z, 0, Fp.LIMBS);
    }

    void set(JacobianPoint p) {
        System.arraycopy(p.x, 0, x, 0, Fp.LIMBS);
        System.arraycopy(p.y, 0, y, 0, Fp.LIMBS);
        System.arraycopy(p.z, 0, z, 0, Fp.LIMBS);
    }

    void setInfinity() {
        System.arraycopy(Fp.one(), 0, x, 0, Fp.LIMBS);
        System.arraycopy(Fp.one(), 0, y, 0, Fp.LIMBS);
        java.util.Arrays.fill(z, 0L);
    }

    boolean isInfinity() {
        return Fp.isZeroMask(z) != 0;
    }

    /** this = -p. */
    void setNegated(JacobianPoint p) {
        System.arraycopy(p.x, 0, x, 0, Fp.LIMBS);
        Fp.sub(y, Fp.create(), p.y);
        System.arraycopy(p.z, 0, z, 0, Fp.LIMBS);
    }

    /** Temporaries for the formulas; one per scalar multiplication, never shared between threads. */
    static final class Scratch {
        final long[] t0 = Fp.create(), t1 = Fp.create(), t2 = Fp.create(), t3 = Fp.create(), t4 = Fp.create();
        final long[] t5 = Fp.create(), t6 = Fp.create(), t7 = Fp.create();
    }

    /**
     * r = 2p, EFD dbl-2001-b: delta = Z1^2, gamma = Y1^2, beta = X1 gamma, alpha = 3 (X1 - delta)(X1 + delta),
     * X3 = alpha^2 - 8 beta, Z3 = (Y1 + Z1)^2 - gamma - delta, Y3 = alpha (4 beta - X3) - 8 gamma^2, evaluated
     * with 2 gamma as 4 beta = 2 (X1 (2 gamma)) and 8 gamma^2 = 2 (2 gamma)^2, which saves two additions. Infinity
     * (Z1 = 0) gives Z3 = 0; the curve has no point of order 2, so there is no other exceptional case.
     */
    static void dbl(JacobianPoint r, JacobianPoint p, Scratch w) {
        long[] delta = w.t0, gamma = w.t1, beta = w.t2, alpha = w.t3, t = w.t4, g2 = w.t5;
        sqr(delta, p.z);
        sqr(gamma, p.y);
        Fp.add(g2, gamma, gamma);
        mul(beta, p.x, g2); // 2 beta
        sub(t, p.x, delta);
        Fp.add(alpha, t, t);
        Fp.addForMul(alpha, alpha, t); // 3 (X1 - delta), below 4p
        Fp.addForMul(t, p.x, delta);
        mul(alpha, alpha, t);
        // Z3 before X3 and Y3: it reads Y1 and Z1, which r may alias.
        Fp.addForMul(t, p.y, p.z);
        sqr(t, t);
        sub(t, t, gamma);
        sub(r.z, t, delta);
        Fp.add(beta, beta, beta); // 4 beta
        sqr(r.x, alpha);
        sub(r.x, r.x, beta);
        sub(r.x, r.x, beta);
        sub(beta, beta, r.x);
        mul(beta, alpha, beta);
        sqr(g2, g2);
        Fp.add(g2, g2, g2); // 8 gamma^2
        sub(r.y, beta, g2);
    }

    /**
     * r = p + q, EFD add-2007-bl. With U1 = X1 Z2^2, U2 = X2 Z1^2, S1 = Y1 Z2^3, S2 = Y2 Z1^3: H = U2 - U1 is 0
     * exactly when the x coordinates agree, and then p == q (S1 == S2, double) or p == -q (infinity).
     */
    static void add(JacobianPoint r, JacobianPoint p, JacobianPoint q, Scratch w) {
        if (p.isInfinity()) {
            r.set(q);
            return;
        }
        if (q.isInfinity()) {
            r.set(p);
            return;
        }
        long[] z1z1 = w.t0, z2z2 = w.t1, u1 = w.t2, h = w.t3, s1 = w.t4, rr = w.t5, t = w.t6;
        sqr(z1z1, p.z);
        sqr(z2z2, q.z);
        mul(u1, p.x, z2z2);
        mul(h, q.x, z1z1);
        sub(h, h, u1); // H = U2 - U1
        mul(s1, p.y, q.z);
        mul(s1, s1, z2z2); // S1
        mul(rr, q.y, p.z);
        mul(rr, rr, z1z1); // S2
        sub(rr, rr, s1);
        if (sameX(r, p, h, rr, w)) {
            return;
        }
        Fp.add(rr, rr, rr); // r = 2 (S2 - S1)
        // Z3 = ((Z1 + Z2)^2 - Z1Z1 - Z2Z2) H, before X1..Z1 are overwritten (r may alias p or q).
        Fp.addForMul(t, p.z, q.z);
        sqr(t, t);
        sub(t, t, z1z1);
        sub(t, t, z2z2);
        mul(r.z, t, h);
        Fp.addForMul(t, h, h);
        sqr(t, t); // I = (2H)^2
        finish(r, u1, h, s1, rr, t, w);
    }

    /**
     * The exceptional cases of the addition formulas, for H = 0 (the same x): p == q (then r = 2p) or p == -q (then
     * r = infinity), told apart by R = S2 - S1. True when r was set here.
     */
    private static boolean sameX(JacobianPoint r, JacobianPoint p, long[] h, long[] rr, Scratch w) {
        if (Fp.isZeroMask(h) == 0) {
            return false;
        }
        if (Fp.isZeroMask(rr) != 0) {
            dbl(r, p, w);
        } else {
            r.setInfinity();
        }
        return true;
    }

    /**
     * r = p + (qx, qy) for an affine q, EFD madd-2007-bl: U2 = X2 Z1^2, S2 = Y2 Z1^3, H = U2 - X1, and the
     * exceptional cases as in {@link #add}.
     */
    static void addAffine(JacobianPoint r, JacobianPoint p, long[] qx, long[] qy, Scratch w) {
        if (p.isInfinity()) {
            r.setAffine(qx, qy);
            return;
        }
        long[] z1z1 = w.t0, hh = w.t1, u1 = w.t2, h = w.t3, s1 = w.t4, rr = w.t5, t = w.t6;
        sqr(z1z1, p.z);
        mul(h, qx, z1z1);
        sub(h, h, p.x); // H = U2 - X1
        mul(rr, qy, p.z);
        mul(rr, rr, z1z1); // S2
        sub(rr, rr, p.y);
        if (sameX(r, p, h, rr, w)) {
            return;
        }
        Fp.add(rr, rr, rr); // r = 2 (S2 - Y1)
        System.arraycopy(p.x, 0, u1, 0, Fp.LIMBS);
        System.arraycopy(p.y, 0, s1, 0, Fp.LIMBS);
        // Z3 = (Z1 + H)^2 - Z1Z1 - HH.
        sqr(hh, h);
        Fp.addForMul(t, p.z, h);
        sqr(t, t);
        sub(t, t, z1z1);
        sub(r.z, t, hh);
        Fp.add(hh, hh, hh);
        Fp.add(hh, hh, hh); // I = 4 HH
        finish(r, u1, h, s1, rr, hh, w);
    }

    /**
     * The common tail of both additions (Z3 already written), given I = (2H)^2: J = H I, V = U1 I,
     * X3 = r^2 - J - 2V, Y3 = r (V - X3) - 2 S1 J.
     */
    private static void finish(JacobianPoint r, long[] u1, long[] h, long[] s1, long[] rr, long[] i, Scratch w) {
        long[] j = w.t7;
        mul(j, h, i);
        mul(u1, u1, i); // V
        sqr(r.x, rr);
        sub(r.x, r.x, j);
        sub(r.x, r.x, u1);
        sub(r.x, r.x, u1);
        sub(u1, u1, r.x);
        mul(u1, rr, u1);
        mul(s1, s1, j);
        Fp.add(s1, s1, s1);
        sub(r.y, u1, s1);
    }

    /**
     * The affine coordinates of points none of which is infinity, into out (x at [10 i], y at [10 i + 5]), with
     * one inversion for all of them (Montgomery's trick: invert the product of the Z, then peel off one Z at a
     * time).
     */
    static void toAffineBatch(JacobianPoint[] pts, long[] out) {
        int n = pts.length;
        long[][] prefix = new long[n][];
        prefix[0] = pts[0].z.clone();
        for (int i = 1; i < n; i++) {
            prefix[i] = Fp.create();
            mul(prefix[i], prefix[i - 1], pts[i].z);
        }
        long[] inv = Fp.create();
        Fp.inv(inv, prefix[n - 1]);
        long[] zi = Fp.create();
        long[] zi2 = Fp.create();
        long[] c = Fp.create();
        for (int i = n - 1; i >= 0; i--) {
            if (i > 0) {
                mul(zi, inv, prefix[i - 1]); // 1 / Z_i
                mul(inv, inv, pts[i].z); // 1 / (Z_0 .. Z_{i-1})
            } else {
                System.arraycopy(inv, 0, zi, 0, Fp.LIMBS);
            }
            sqr(zi2, zi);
            mul(c, pts[i].x, zi2);
            System.arraycopy(c, 0, out, 2 * Fp.LIMBS * i, Fp.LIMBS);
            mul(zi2, zi2, zi);
            mul(c, pts[i].y, zi2);
            System.arraycopy(c, 0, out, 2 * Fp.LIMBS * i + Fp.LIMBS, Fp.LIMBS);
        }
    }
}
