package dev.parapet.tls.crypto.curve25519;

import java.math.BigInteger;

/**
 * A point of edwards25519 (-x^2 + y^2 = 1 + d x^2 y^2, RFC 8032, 5.1) in extended coordinates (X : Y : Z : T) with
 * x = X/Z, y = Y/Z, x y = T/Z (Hisil, Wong, Carter, Dawson 2008). The addition formula is complete on this curve, so
 * the same operations run for every pair of points, the identity and doubling included. Operations write into
 * {@code this}; an argument may be {@code this}.
 */
final class EdPoint {
    private static final BigInteger P = BigInteger.ONE.shiftLeft(255).subtract(BigInteger.valueOf(19));
    /** RFC 8032, 5.1: d = -121665 / 121666. */
    private static final BigInteger D_VALUE = BigInteger.valueOf(-121665)
            .multiply(BigInteger.valueOf(121666).modInverse(P)).mod(P);
    static final long[] D = fe(D_VALUE);
    static final long[] D2 = fe(D_VALUE.shiftLeft(1).mod(P));
    /** RFC 8032, 5.1.3: sqrt(-1) = 2^((p-1)/4). */
    private static final long[] SQRT_M1 = fe(BigInteger.TWO.modPow(P.subtract(BigInteger.ONE).shiftRight(2), P));

    final long[] x = Field25519.create();
    final long[] y = Field25519.create();
    final long[] z = Field25519.create();
    final long[] t = Field25519.create();
    private final long[] ta = Field25519.create();
    private final long[] tb = Field25519.create();
    private final long[] tc = Field25519.create();
    private final long[] td = Field25519.create();
    private final long[] te = Field25519.create();

    /** The neutral element (0, 1). */
    EdPoint() {
        y[0] = 1;
        z[0] = 1;
    }

    void set(EdPoint p) {
        Field25519.copy(x, p.x);
        Field25519.copy(y, p.y);
        Field25519.copy(z, p.z);
        Field25519.copy(t, p.t);
    }

    /** A point prepared for addition: (Y + X, Y - X, 2 Z, 2 d T). */
    static final class Cached {
        final long[] ypx = Field25519.of(1);
        final long[] ymx = Field25519.of(1);
        final long[] z2 = Field25519.of(2);
        final long[] t2d = Field25519.create();

        /** Becomes {@code c} when bit is 1; constant time. */
        void cmov(Cached c, long bit) {
            Field25519.cmov(ypx, c.ypx, bit);
            Field25519.cmov(ymx, c.ymx, bit);
            Field25519.cmov(z2, c.z2, bit);
            Field25519.cmov(t2d, c.t2d, bit);
        }

        /** Becomes its negation (-x, y) when bit is 1; constant time. */
        void cneg(long bit, long[] scratch) {
            Field25519.cswap(ypx, ymx, bit);
            Field25519.neg(scratch, t2d);
            Field25519.cmov(t2d, scratch, bit);
        }
    }

    /**
     * An affine point prepared for mixed addition: (y + x, y - x, 2 d x y) with Z = 1 implied, the form of the
     * precomputed tables of ref10 (Bernstein, Duif, Lange, Schwabe, Yang) often called "Niels" coordinates. Starts as
     * the identity (1, 1, 0).
     */
    static final class Niels {
        /** Longs in the flat form (y + x, y - x, 2 d x y) that {@link BaseTable} stores. */
        static final int LONGS = 3 * Field25519.LIMBS;

        final long[] ypx = Field25519.of(1);
        final long[] ymx = Field25519.of(1);
        final long[] xy2d = Field25519.create();
    }

    /**
     * Writes the Niels form of this point as {@link Niels#LONGS} longs at {@code off}, each element fully reduced
     * (limbs below 2^51), given {@code zInv} = 1/Z.
     */
    void toNiels(long[] out, int off, long[] zInv) {
        long[] ax = Field25519.create();
        long[] ay = Field25519.create();
        long[] f = Field25519.create();
        Field25519.mul(ax, x, zInv);
        Field25519.mul(ay, y, zInv);
        Field25519.add(f, ay, ax);
        putReduced(out, off, f);
        Field25519.sub(f, ay, ax);
        putReduced(out, off + Field25519.LIMBS, f);
        Field25519.mul(f, ax, ay);
        Field25519.mul(f, f, D2);
        putReduced(out, off + 2 * Field25519.LIMBS, f);
    }

    /** Writes the canonical limbs of f (each below 2^51) at {@code off}. */
    private static void putReduced(long[] out, int off, long[] f) {
        long[] r = Field25519.create();
        Field25519.fromBytes(r, Field25519.toBytes(f), 0);
        System.arraycopy(r, 0, out, off, Field25519.LIMBS);
    }

    Cached toCached() {
        Cached c = new Cached();
        Field25519.add(c.ypx, y, x);
        Field25519.sub(c.ymx, y, x);
        Field25519.add(c.z2, z, z);
        Field25519.mul(c.t2d, t, D2);
        return c;
    }

    /** this = p + q (add-2008-hwcd-3 with k = 2d). */
    void add(EdPoint p, Cached q) {
        Field25519.sub(ta, p.y, p.x);
        Field25519.mul(ta, ta, q.ymx);      // A = (Y1 - X1)(Y2 - X2)
        Field25519.add(tb, p.y, p.x);
        Field25519.mul(tb, tb, q.ypx);      // B = (Y1 + X1)(Y2 + X2)
        Field25519.mul(tc, p.t, q.t2d);     // C = T1 2d T2
        Field25519.mul(td, p.z, q.z2);      // D = Z1 2 Z2
        finish();
    }

    /**
     * this = p + q for an affine q: the addition above (RFC 8032, 5.1.4) with Z2 = 1, so D = 2 Z1 costs an addition
     * instead of a multiplication: 7 in all (madd-2008-hwcd-3 in the Explicit-Formulas Database).
     */
    void add(EdPoint p, Niels q) {
        Field25519.sub(ta, p.y, p.x);
        Field25519.mul(ta, ta, q.ymx);      // A = (Y1 - X1)(y2 - x2)
        Field25519.add(tb, p.y, p.x);
        Field25519.mul(tb, tb, q.ypx);      // B = (Y1 + X1)(y2 + x2)
        Field25519.mul(tc, p.t, q.xy2d);    // C = T1 2d x2 y2
        Field25519.add(td, p.z, p.z);       // D = 2 Z1
        finish();
    }

    /** this = p - q. */
    void sub(EdPoint p, Cached q) {
        Field25519.sub(ta, p.y, p.x);
        Field25519.mul(ta, ta, q.ypx);
        Field25519.add(tb, p.y, p.x);
        Field25519.mul(tb, tb, q.ymx);
        Field25519.mul(tc, p.t, q.t2d);
        Field25519.neg(tc, tc);
        Field25519.mul(td, p.z, q.z2);
        finish();
    }

    /** E = B - A, F = D - C, G = D + C, H = B + A; X3 = E F, Y3 = G H, T3 = E H, Z3 = F G. */
    private void finish() {
        Field25519.sub(te, tb, ta);         // E
        Field25519.add(tb, tb, ta);         // H
        Field25519.sub(ta, td, tc);         // F
        Field25519.add(td, td, tc);         // G
        Field25519.mul(x, te, ta);
        Field25519.mul(y, td, tb);
        Field25519.mul(t, te, tb);
        Field25519.mul(z, ta, td);
    }

    /** this = 2p (dbl-2008-hwcd for a = -1, with E, G, H negated, which leaves the result unchanged). */
    void dbl(EdPoint p) {
        dbl(p, true);
    }

    /**
     * this = 2p; with {@code withT} false, T is left stale (one multiplication saved), which is fine when the next
     * operation is another doubling or an encoding: neither reads T.
     */
    void dbl(EdPoint p, boolean withT) {
        Field25519.square(ta, p.x);         // A = X1^2
        Field25519.square(tb, p.y);         // B = Y1^2
        Field25519.square(tc, p.z);
        Field25519.add(tc, tc, tc);         // C = 2 Z1^2
        Field25519.add(td, p.x, p.y);
        Field25519.square(td, td);          // (X1 + Y1)^2
        Field25519.add(te, ta, tb);         // H = A + B
        Field25519.sub(td, te, td);         // E = H - (X1 + Y1)^2
        Field25519.sub(ta, ta, tb);         // G = A - B
        Field25519.add(tc, tc, ta);         // F = C + G
        Field25519.mul(x, td, tc);
        Field25519.mul(y, ta, te);
        if (withT) { // public: chosen by the caller's operation sequence, never by secret data
            Field25519.mul(t, td, te);
        }
        Field25519.mul(z, tc, ta);
    }

    /** this = -p. */
    void negate(EdPoint p) {
        Field25519.neg(x, p.x);
        Field25519.copy(y, p.y);
        Field25519.copy(z, p.z);
        Field25519.neg(t, p.t);
    }

    /** RFC 8032, 5.1.2: y in little-endian with the low bit of x in the top bit. */
    byte[] encode() {
        long[] zInv = Field25519.create();
        long[] ax = Field25519.create();
        long[] ay = Field25519.create();
        Field25519.invert(zInv, z);
        Field25519.mul(ax, x, zInv);
        Field25519.mul(ay, y, zInv);
        byte[] out = Field25519.toBytes(ay);
        out[31] |= (byte) (Field25519.isNegative(ax) << 7);
        return out;
    }

    /**
     * RFC 8032, 5.1.3: the point encoded in 32 bytes at {@code off}, or null when the encoding is invalid: y not
     * below p, no square root for x, or x = 0 with the sign bit set. Variable time: only for public points.
     */
    static EdPoint decode(byte[] in, int off) {
        EdPoint r = new EdPoint();
        Field25519.fromBytes(r.y, in, off);
        int sign = (in[off + 31] >>> 7) & 1;
        byte[] canonical = Field25519.toBytes(r.y);
        canonical[31] |= (byte) (sign << 7);
        for (int i = 0; i < 32; i++) {
            if (canonical[i] != in[off + i]) {
                return null; // y >= p
            }
        }
        long[] u = Field25519.create();
        long[] v = Field25519.create();
        long[] w = Field25519.create();
        Field25519.square(u, r.y);
        Field25519.mul(v, u, D);
        Field25519.sub(u, u, Field25519.of(1));    // u = y^2 - 1
        Field25519.add(v, v, Field25519.of(1));    // v = d y^2 + 1
        // x = u v^3 (u v^7)^((p-5)/8)
        Field25519.square(w, v);
        Field25519.mul(w, w, v);                   // v^3
        long[] uv3 = Field25519.create();
        Field25519.mul(uv3, u, w);
        Field25519.square(w, w);
        Field25519.mul(w, w, v);                   // v^7
        Field25519.mul(w, w, u);                   // u v^7
        Field25519.pow22523(w, w);
        Field25519.mul(r.x, uv3, w);
        // v x^2 = u: x is a root; v x^2 = -u: x sqrt(-1) is; otherwise there is none.
        Field25519.square(w, r.x);
        Field25519.mul(w, w, v);
        long[] negU = Field25519.create();
        Field25519.neg(negU, u);
        if (Field25519.equal(w, negU) == 1) {
            Field25519.mul(r.x, r.x, SQRT_M1);
        } else if (Field25519.equal(w, u) == 0) {
            return null;
        }
        if (Field25519.isZero(r.x) == 1 && sign == 1) {
            return null;
        }
        if (Field25519.isNegative(r.x) != sign) {
            Field25519.neg(r.x, r.x);
        }
        Field25519.mul(r.t, r.x, r.y);
        return r;
    }

    static long[] fe(BigInteger v) {
        long[] f = Field25519.create();
        Field25519.fromBytes(f, Scalar25519.toLittleEndian(v), 0);
        return f;
    }
}
