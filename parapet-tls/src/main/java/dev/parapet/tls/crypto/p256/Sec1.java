package dev.parapet.tls.crypto.p256;

/**
 * The uncompressed SEC1 point encoding 0x04 || X || Y (SEC 1 v2, 2.3.3 and 2.3.4) with full public-key
 * validation (SEC 1 v2, 3.2.2.1): coordinates below p, the point on the curve, never infinity. Compressed and
 * hybrid encodings are refused.
 */
final class Sec1 {
    static final int POINT_LENGTH = 65;

    private Sec1() {
    }

    /** The validated point, or null when the encoding or the point is invalid (public data, so branching is fine). */
    static Point decode(byte[] in) {
        if (in == null || in.length != POINT_LENGTH || in[0] != 0x04) {
            return null;
        }
        long[] x = new long[4];
        long[] y = new long[4];
        Limbs.fromBytes(x, in, 1);
        Limbs.fromBytes(y, in, 33);
        if (Limbs.lessThanMask(x, Fp.P64) == 0 || Limbs.lessThanMask(y, Fp.P64) == 0) {
            return null;
        }
        Point p = new Point();
        Fp.toMont(p.x, x);
        Fp.toMont(p.y, y);
        System.arraycopy(Fp.one(), 0, p.z, 0, Fp.LIMBS);
        if (!onCurve(p.x, p.y)) {
            return null;
        }
        return p;
    }

    /** y^2 == x^3 - 3x + b, for Montgomery-form affine coordinates. */
    static boolean onCurve(long[] x, long[] y) {
        long[] lhs = Fp.create();
        long[] rhs = Fp.create();
        Fp.sqr(lhs, y);
        Fp.sqr(rhs, x);
        Fp.mul(rhs, rhs, x);
        long[] x3 = Fp.create();
        Fp.add(x3, x, x);
        Fp.add(x3, x3, x);
        Fp.sub(rhs, rhs, x3);
        Fp.add(rhs, rhs, Point.B);
        return Fp.equalMask(lhs, rhs) != 0;
    }

    /** 0x04 || X || Y for a point that is not infinity. */
    static byte[] encode(Point p) {
        long[] ax = Fp.create();
        long[] ay = Fp.create();
        p.toAffine(ax, ay);
        long[] x = new long[4];
        long[] y = new long[4];
        Fp.fromMont(x, ax);
        Fp.fromMont(y, ay);
        byte[] out = new byte[POINT_LENGTH];
        out[0] = 0x04;
        Limbs.toBytes(out, 1, x);
        Limbs.toBytes(out, 33, y);
        return out;
    }
}
