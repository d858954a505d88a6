package dev.parapet.tls.crypto.p256;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * White-box checks of the verification arithmetic against independent references: the partly reduced field
 * (values in [0, 2p)) against BigInteger, the binary inverse against {@link BigInteger#modInverse}, the Jacobian
 * formulas (exceptional cases included) and both double-scalar multiplications against the complete projective
 * formulas of {@link Point} and {@link ScalarMult}.
 */
class P256VerifyMultTest {
    private static final BigInteger P = new BigInteger(
            "FFFFFFFF00000001000000000000000000000000FFFFFFFFFFFFFFFFFFFFFFFF", 16);
    private static final BigInteger N = new BigInteger(
            "FFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551", 16);
    private static final BigInteger R = BigInteger.ONE.shiftLeft(260);
    private static final BigInteger R_INV = R.modInverse(P);
    private static final Random RANDOM = new Random(20261129L);

    private static long[] limbs52(BigInteger v) {
        long[] r = new long[5];
        for (int i = 0; i < 5; i++) {
            r[i] = v.shiftRight(52 * i).longValue() & ((1L << 52) - 1);
        }
        r[4] = v.shiftRight(208).longValue();
        return r;
    }

    private static BigInteger value52(long[] a) {
        BigInteger v = BigInteger.ZERO;
        for (int i = 4; i >= 0; i--) {
            v = v.shiftLeft(52).add(BigInteger.valueOf(a[i]));
        }
        return v;
    }

    private static long[] limbs64(BigInteger v) {
        long[] r = new long[4];
        for (int i = 0; i < 4; i++) {
            r[i] = v.shiftRight(64 * i).longValue();
        }
        return r;
    }

    private static BigInteger value64(long[] a) {
        BigInteger v = BigInteger.ZERO;
        for (int i = 3; i >= 0; i--) {
            v = v.shiftLeft(64).add(new BigInteger(Long.toUnsignedString(a[i])));
        }
        return v;
    }

    /** Values in [0, 2p): the edges and random ones. */
    private static List<BigInteger> fieldSamples() {
        BigInteger twoP = P.shiftLeft(1);
        List<BigInteger> s = new ArrayList<>(List.of(BigInteger.ZERO, BigInteger.ONE, P.subtract(BigInteger.ONE),
                P, P.add(BigInteger.ONE), twoP.subtract(BigInteger.ONE), twoP.subtract(BigInteger.TWO),
                BigInteger.ONE.shiftLeft(256), BigInteger.ONE.shiftLeft(256).subtract(BigInteger.ONE)));
        for (int i = 0; i < 40; i++) {
            s.add(new BigInteger(257, RANDOM).mod(twoP));
        }
        return s;
    }

    /** A well-formed partly reduced element: limbs below 2^52 (top limb aside) and value below 2p. */
    private static void assertPartlyReduced(long[] a) {
        for (int i = 0; i < 4; i++) {
            assertTrue(a[i] >= 0 && a[i] < (1L << 52), "limb " + i);
        }
        assertTrue(a[4] >= 0);
        assertTrue(value52(a).compareTo(P.shiftLeft(1)) < 0, "value below 2p");
    }

    @Test
    void fieldOperationsKeepValuesBelowTwoP() {
        // Every value in [0, 2p) is an input (limbs as Fp keeps them), 0 and p both meaning zero.
        List<BigInteger> s = fieldSamples();
        long[] r = Fp.create();
        for (BigInteger a : s) {
            for (BigInteger b : s) {
                Fp.mul(r, limbs52(a), limbs52(b));
                assertPartlyReduced(r);
                assertEquals(a.multiply(b).multiply(R_INV).mod(P), value52(r).mod(P));
                Fp.add(r, limbs52(a), limbs52(b));
                assertPartlyReduced(r);
                assertEquals(a.add(b).mod(P), value52(r).mod(P));
                Fp.sub(r, limbs52(a), limbs52(b));
                assertPartlyReduced(r);
                assertEquals(a.subtract(b).mod(P), value52(r).mod(P));
            }
            // Unreduced sums (below 4p) are valid multiplication inputs.
            long[] u = Fp.create();
            Fp.addForMul(u, limbs52(a), limbs52(s.get(s.size() - 1 - s.indexOf(a))));
            BigInteger uv = value52(u);
            assertTrue(uv.compareTo(P.shiftLeft(2)) < 0 && u[3] < (1L << 52));
            Fp.sqr(r, u);
            assertPartlyReduced(r);
            assertEquals(uv.multiply(uv).multiply(R_INV).mod(P), value52(r).mod(P));
            Fp.mul(r, u, u);
            assertPartlyReduced(r);
            assertEquals(uv.multiply(uv).multiply(R_INV).mod(P), value52(r).mod(P));
            Fp.sqr(r, limbs52(a));
            assertPartlyReduced(r);
            assertEquals(a.multiply(a).multiply(R_INV).mod(P), value52(r).mod(P));
            assertEquals(a.mod(P).signum() == 0, Fp.isZeroMask(limbs52(a)) != 0);
            long[] plain = new long[4];
            Fp.fromMont(plain, limbs52(a));
            assertEquals(a.multiply(R_INV).mod(P), value64(plain), "canonical");
        }
    }

    @Test
    void binaryInverseMatchesBigInteger() {
        List<BigInteger> s = new ArrayList<>(List.of(BigInteger.ONE, BigInteger.TWO, N.subtract(BigInteger.ONE),
                N.subtract(BigInteger.TWO), N.shiftRight(1), BigInteger.ONE.shiftLeft(255)));
        for (int i = 0; i < 200; i++) {
            s.add(new BigInteger(256, RANDOM).mod(N.subtract(BigInteger.ONE)).add(BigInteger.ONE));
        }
        for (BigInteger a : s) {
            long[] r = new long[4];
            BinaryInverse.inverse(r, limbs64(a), Fn.N64);
            assertEquals(a.modInverse(N), value64(r), a.toString(16));
        }
        long[] r = new long[4];
        BinaryInverse.inverse(r, limbs64(BigInteger.TWO), limbs64(P));
        assertEquals(BigInteger.TWO.modInverse(P), value64(r));
    }

    /** Affine x || y of a projective point, or null for infinity. */
    private static BigInteger[] affine(Point p) {
        if (p.isInfinityMask() != 0) {
            return null;
        }
        long[] x = Fp.create();
        long[] y = Fp.create();
        p.toAffine(x, y);
        return plain(x, y);
    }

    private static BigInteger[] affine(JacobianPoint p) {
        if (p.isInfinity()) {
            return null;
        }
        long[] out = new long[10];
        JacobianPoint.toAffineBatch(new JacobianPoint[] {p}, out);
        long[] x = new long[5];
        long[] y = new long[5];
        System.arraycopy(out, 0, x, 0, 5);
        System.arraycopy(out, 5, y, 0, 5);
        return plain(x, y);
    }

    private static BigInteger[] plain(long[] x, long[] y) {
        long[] px = new long[4];
        long[] py = new long[4];
        Fp.fromMont(px, x);
        Fp.fromMont(py, y);
        return new BigInteger[] {value64(px), value64(py)};
    }

    private static Point multiple(BigInteger k) {
        Point r = new Point();
        ScalarMult.mulBase(r, limbs64(k));
        return r;
    }

    /** A Jacobian form of p with a random Z: (X Z^2... ) by scaling the affine point. */
    private static JacobianPoint jacobian(Point p) {
        long[] x = Fp.create();
        long[] y = Fp.create();
        p.toAffine(x, y);
        long[] z = limbs52(new BigInteger(250, RANDOM).add(BigInteger.ONE));
        long[] zz = Fp.create();
        Fp.sqr(zz, z);
        JacobianPoint j = new JacobianPoint();
        Fp.mul(j.x, x, zz);
        Fp.mul(zz, zz, z);
        Fp.mul(j.y, y, zz);
        System.arraycopy(z, 0, j.z, 0, 5);
        return j;
    }

    @Test
    void jacobianFormulasMatchCompleteFormulasIncludingExceptionalCases() {
        Point.Scratch pw = new Point.Scratch();
        JacobianPoint.Scratch jw = new JacobianPoint.Scratch();
        BigInteger[][] pairs = {
            {BigInteger.valueOf(5), BigInteger.valueOf(7)},
            {BigInteger.valueOf(5), BigInteger.valueOf(5)}, // P == Q: doubling
            {BigInteger.valueOf(5), N.subtract(BigInteger.valueOf(5))}, // P == -Q: infinity
            {BigInteger.ONE, N.subtract(BigInteger.ONE)},
            {new BigInteger(255, RANDOM), new BigInteger(255, RANDOM)},
        };
        for (BigInteger[] pair : pairs) {
            Point p = multiple(pair[0]);
            Point q = multiple(pair[1]);
            Point sum = new Point();
            Point.add(sum, p, q, pw);
            JacobianPoint js = new JacobianPoint();
            JacobianPoint.add(js, jacobian(p), jacobian(q), jw);
            assertArrayEquals(affine(sum), affine(js), "add " + pair[0] + " " + pair[1]);
            long[] qx = Fp.create();
            long[] qy = Fp.create();
            q.toAffine(qx, qy);
            JacobianPoint.addAffine(js, jacobian(p), qx, qy, jw);
            assertArrayEquals(affine(sum), affine(js), "madd " + pair[0] + " " + pair[1]);
            Point.dbl(sum, p, pw);
            JacobianPoint.dbl(js, jacobian(p), jw);
            assertArrayEquals(affine(sum), affine(js), "dbl " + pair[0]);
        }
        // Infinity on either side, and doubling infinity.
        JacobianPoint inf = new JacobianPoint();
        JacobianPoint p = jacobian(multiple(BigInteger.valueOf(9)));
        JacobianPoint r = new JacobianPoint();
        JacobianPoint.add(r, inf, p, jw);
        assertArrayEquals(affine(p), affine(r));
        JacobianPoint.add(r, p, inf, jw);
        assertArrayEquals(affine(p), affine(r));
        JacobianPoint.dbl(r, inf, jw);
        assertTrue(r.isInfinity());
        long[] ax = Fp.create();
        long[] ay = Fp.create();
        multiple(BigInteger.valueOf(9)).toAffine(ax, ay);
        JacobianPoint.addAffine(r, inf, ax, ay, jw);
        assertArrayEquals(affine(p), affine(r));
    }

    /** u1 G + u2 Q by the constant-time complete-formula code, as the reference. */
    private static BigInteger[] reference(BigInteger u1, BigInteger u2, Point q) {
        Point a = new Point();
        ScalarMult.mulBase(a, limbs64(u1.mod(N)));
        Point b = new Point();
        ScalarMult.mulSecret(b, q, limbs64(u2.mod(N)));
        Point sum = new Point();
        Point.add(sum, a, b, new Point.Scratch());
        return affine(sum);
    }

    @Test
    void doubleScalarMultiplicationsMatchTheReference() {
        List<BigInteger> qs = List.of(BigInteger.ONE, N.subtract(BigInteger.ONE), BigInteger.TWO,
                BigInteger.valueOf(3), new BigInteger(256, RANDOM).mod(N), new BigInteger(256, RANDOM).mod(N));
        for (BigInteger d : qs) {
            Point q = multiple(d);
            long[] qx = Fp.create();
            long[] qy = Fp.create();
            q.toAffine(qx, qy);
            KeyTable table = new KeyTable(qx, qy);
            List<BigInteger[]> scalars = new ArrayList<>();
            BigInteger u = new BigInteger(256, RANDOM).mod(N);
            scalars.add(new BigInteger[] {u, u}); // u1 == u2
            scalars.add(new BigInteger[] {u, N.subtract(u)}); // u1 == -u2
            scalars.add(new BigInteger[] {BigInteger.ZERO, u});
            scalars.add(new BigInteger[] {u, BigInteger.ZERO});
            scalars.add(new BigInteger[] {BigInteger.ONE, BigInteger.ONE});
            scalars.add(new BigInteger[] {N.subtract(BigInteger.ONE), N.subtract(BigInteger.ONE)});
            scalars.add(new BigInteger[] {BigInteger.ONE.shiftLeft(255), BigInteger.ONE.shiftLeft(128)});
            // u1 G == -u2 Q exactly: u1 = -u2 d (mod n), a sum of infinity.
            scalars.add(new BigInteger[] {N.subtract(u.multiply(d).mod(N)), u});
            // u1 G == u2 Q: a doubling inside the sum.
            scalars.add(new BigInteger[] {u.multiply(d).mod(N), u});
            for (int i = 0; i < 6; i++) {
                scalars.add(new BigInteger[] {new BigInteger(256, RANDOM).mod(N), new BigInteger(256, RANDOM).mod(N)});
            }
            for (BigInteger[] s : scalars) {
                BigInteger[] expected = reference(s[0], s[1], q);
                JacobianPoint r = new JacobianPoint();
                VerifyMult.mulDouble(r, limbs64(s[0]), limbs64(s[1]), JacobianPoint.affine(qx, qy));
                assertArrayEquals(expected, affine(r), "wNAF d=" + d + " u1=" + s[0] + " u2=" + s[1]);
                table.mulDouble(r, limbs64(s[0]), limbs64(s[1]));
                assertArrayEquals(expected, affine(r), "table d=" + d + " u1=" + s[0] + " u2=" + s[1]);
            }
        }
    }

    @Test
    void xModNCheckCoversBothCandidates() {
        // X / Z^2 equal to r or to r + n (possible when r + n < p), for arbitrary field values X, Z.
        for (int i = 0; i < 50; i++) {
            BigInteger z = new BigInteger(255, RANDOM).add(BigInteger.ONE);
            BigInteger r = i % 2 == 0 ? new BigInteger(128, RANDOM) : new BigInteger(256, RANDOM).mod(N);
            boolean small = r.add(N).compareTo(P) < 0;
            assertTrue(VerifyMult.xModNEquals(point(r, z), limbs64(r)));
            assertEquals(small, VerifyMult.xModNEquals(point(r.add(N), z), limbs64(r)));
            assertFalse(VerifyMult.xModNEquals(point(r.add(BigInteger.ONE), z), limbs64(r)));
        }
        assertFalse(VerifyMult.xModNEquals(new JacobianPoint(), limbs64(BigInteger.ONE)));
    }

    /** A Jacobian "point" with affine x = v mod p and the given Z (y is irrelevant to the x check). */
    private static JacobianPoint point(BigInteger v, BigInteger z) {
        JacobianPoint p = new JacobianPoint();
        // Montgomery form: X = v z^2 R, Z = z R.
        System.arraycopy(limbs52(v.multiply(z).multiply(z).multiply(R).mod(P)), 0, p.x, 0, 5);
        System.arraycopy(limbs52(z.multiply(R).mod(P)), 0, p.z, 0, 5);
        return p;
    }
}
