package dev.parapet.tls.crypto.p256;

import static dev.parapet.tls.crypto.p256.Fp.add;
import static dev.parapet.tls.crypto.p256.Fp.mul;
import static dev.parapet.tls.crypto.p256.Fp.sub;

/**
 * A P-256 point in homogeneous projective coordinates (X : Y : Z), affine (X/Z, Y/Z), with the point at infinity
 * (0 : 1 : 0), coordinates in Montgomery form. Addition and doubling use the complete formulas for a = -3 of
 * Renes, Costello and Batina, "Complete addition formulas for prime order elliptic curves" (EUROCRYPT 2016),
 * Algorithms 4, 5 and 6: one sequence of field operations for every input, infinity and doubling included.
 * Mutable; results may alias inputs. Sums that feed only multiplications skip their final correction
 * ({@link Fp#addForMul}). The formulas need scratch space: each scalar multiplication makes one
 * {@link Scratch} and passes it to every addition and doubling, so the loops allocate nothing.
 */
final class Point {
    /** The curve coefficient b (SEC 2, 2.4.2) in Montgomery form. */
    static final long[] B = mont(0x3BCE3C3E27D2604BL, 0x651D06B0CC53B0F6L, 0xB3EBBD55769886BCL, 0x5AC635D8AA3A93E7L);

    final long[] x = Fp.create();
    final long[] y = Fp.create();
    final long[] z = Fp.create();

    /** The point at infinity. */
    Point() {
        System.arraycopy(Fp.one(), 0, y, 0, Fp.LIMBS);
    }

    private static long[] mont(long... plain) {
        long[] r = Fp.create();
        Fp.toMont(r, plain);
        return r;
    }

    void set(Point p) {
        System.arraycopy(p.x, 0, x, 0, Fp.LIMBS);
        System.arraycopy(p.y, 0, y, 0, Fp.LIMBS);
        System.arraycopy(p.z, 0, z, 0, Fp.LIMBS);
    }

    /** this = mask ? p : this, for mask 0 or all ones. */
    void cmov(Point p, long mask) {
        Fp.cmov(x, p.x, mask);
        Fp.cmov(y, p.y, mask);
        Fp.cmov(z, p.z, mask);
    }

    /** this = -this (conditionally: when mask is all ones). */
    void condNegate(long mask) {
        long[] ny = Fp.create();
        Fp.sub(ny, Fp.create(), y);
        Fp.cmov(y, ny, mask);
    }

    /** All ones when this is the point at infinity (Z = 0). */
    long isInfinityMask() {
        return Fp.isZeroMask(z);
    }

    /** Temporaries for the formulas; one per thread of computation, never shared. */
    static final class Scratch {
        final long[] t0 = Fp.create(), t1 = Fp.create(), t2 = Fp.create(), t3 = Fp.create(), t4 = Fp.create();
        final long[] x3 = Fp.create(), y3 = Fp.create(), z3 = Fp.create();
    }

    /** r = p + q for any p, q (Algorithm 4). */
    static void add(Point r, Point p, Point q, Scratch w) {
        long[] t0 = w.t0, t1 = w.t1, t2 = w.t2, t3 = w.t3, t4 = w.t4, x3 = w.x3, y3 = w.y3, z3 = w.z3;
        mul(t0, p.x, q.x);
        mul(t1, p.y, q.y);
        mul(t2, p.z, q.z);
        Fp.addForMul(t3, p.x, p.y);
        Fp.addForMul(t4, q.x, q.y);
        mul(t3, t3, t4);
        Fp.add(t4, t0, t1);
        sub(t3, t3, t4);
        Fp.addForMul(t4, p.y, p.z);
        Fp.addForMul(x3, q.y, q.z);
        mul(t4, t4, x3);
        Fp.add(x3, t1, t2);
        sub(t4, t4, x3);
        Fp.addForMul(x3, p.x, p.z);
        Fp.addForMul(y3, q.x, q.z);
        mul(x3, x3, y3);
        Fp.add(y3, t0, t2);
        sub(y3, x3, y3);
        finish(r, t0, t1, t2, t3, t4, x3, y3, z3);
    }

    /** r = p + (qx, qy) for an affine q (never infinity), any p (Algorithm 5). */
    static void addAffine(Point r, Point p, long[] qx, long[] qy, Scratch w) {
        long[] t0 = w.t0, t1 = w.t1, t2 = w.t2, t3 = w.t3, t4 = w.t4, x3 = w.x3, y3 = w.y3, z3 = w.z3;
        mul(t0, p.x, qx);
        mul(t1, p.y, qy);
        Fp.addForMul(t3, qx, qy);
        Fp.addForMul(t4, p.x, p.y);
        mul(t3, t3, t4);
        Fp.add(t4, t0, t1);
        sub(t3, t3, t4);
        mul(t4, qy, p.z);
        Fp.add(t4, t4, p.y);
        mul(y3, qx, p.z);
        Fp.add(y3, y3, p.x);
        System.arraycopy(p.z, 0, t2, 0, Fp.LIMBS);
        finish(r, t0, t1, t2, t3, t4, x3, y3, z3);
    }

    /** The common tail of Algorithms 4 and 5, from Z3 = b * t2 on. */
    private static void finish(Point r, long[] t0, long[] t1, long[] t2, long[] t3, long[] t4, long[] x3,
            long[] y3, long[] z3) {
        mul(z3, B, t2);
        sub(x3, y3, z3);
        Fp.add(z3, x3, x3);
        Fp.add(x3, x3, z3);
        sub(z3, t1, x3);
        Fp.addForMul(x3, t1, x3); // x3 from here on feeds multiplications only
        mul(y3, B, y3);
        Fp.add(t1, t2, t2);
        Fp.add(t2, t1, t2);
        sub(y3, y3, t2);
        sub(y3, y3, t0);
        Fp.add(t1, y3, y3);
        Fp.addForMul(y3, t1, y3); // y3 from here on feeds multiplications only
        Fp.add(t1, t0, t0);
        Fp.add(t0, t1, t0);
        sub(t0, t0, t2);
        mul(t1, t4, y3);
        mul(t2, t0, y3);
        mul(y3, x3, z3);
        Fp.add(y3, y3, t2);
        mul(x3, t3, x3);
        sub(x3, x3, t1);
        mul(z3, t4, z3);
        mul(t1, t3, t0);
        Fp.add(z3, z3, t1);
        System.arraycopy(x3, 0, r.x, 0, Fp.LIMBS);
        System.arraycopy(y3, 0, r.y, 0, Fp.LIMBS);
        System.arraycopy(z3, 0, r.z, 0, Fp.LIMBS);
    }

    /** r = 2p (Algorithm 6). */
    static void dbl(Point r, Point p, Scratch w) {
        long[] t0 = w.t0, t1 = w.t1, t2 = w.t2, t3 = w.t3, x3 = w.x3, y3 = w.y3, z3 = w.z3;
        Fp.sqr(t0, p.x);
        Fp.sqr(t1, p.y);
        Fp.sqr(t2, p.z);
        mul(t3, p.x, p.y);
        Fp.addForMul(t3, t3, t3); // t3 feeds one multiplication only
        mul(z3, p.x, p.z);
        Fp.add(z3, z3, z3);
        mul(y3, B, t2);
        sub(y3, y3, z3);
        Fp.add(x3, y3, y3);
        Fp.add(y3, x3, y3);
        sub(x3, t1, y3);
        Fp.addForMul(y3, t1, y3);
        mul(y3, x3, y3);
        mul(x3, x3, t3);
        Fp.add(t3, t2, t2);
        Fp.add(t2, t2, t3);
        mul(z3, B, z3);
        sub(z3, z3, t2);
        sub(z3, z3, t0);
        Fp.add(t3, z3, z3);
        Fp.add(z3, z3, t3);
        Fp.add(t3, t0, t0);
        Fp.add(t0, t3, t0);
        sub(t0, t0, t2);
        mul(t0, t0, z3);
        Fp.add(y3, y3, t0);
        mul(t0, p.y, p.z);
        Fp.addForMul(t0, t0, t0); // t0 feeds two multiplications only
        mul(z3, t0, z3);
        sub(x3, x3, z3);
        mul(z3, t0, t1);
        Fp.add(z3, z3, z3);
        Fp.add(z3, z3, z3);
        System.arraycopy(x3, 0, r.x, 0, Fp.LIMBS);
        System.arraycopy(y3, 0, r.y, 0, Fp.LIMBS);
        System.arraycopy(z3, 0, r.z, 0, Fp.LIMBS);
    }

    /** The affine coordinates (Montgomery form) into ax, ay; for infinity both come out 0. */
    void toAffine(long[] ax, long[] ay) {
        long[] zi = Fp.create();
        Fp.inv(zi, z);
        mul(ax, x, zi);
        mul(ay, y, zi);
    }
}
