package dev.parapet.tls.crypto.curve25519;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Field25519 and Scalar25519 against BigInteger, on edge values and random ones. */
class ArithmeticTest {
    private static final BigInteger P = BigInteger.ONE.shiftLeft(255).subtract(BigInteger.valueOf(19));
    private static final BigInteger L = Scalar25519.L;
    private final long seed = new SecureRandom().nextLong();
    private final Random random = new Random(seed);

    /** 32-byte values: 0, 1, p - 1, p, p + 1, 2^255 - 1 (non-canonical inputs are legal), random ones. */
    private List<BigInteger> fieldInputs() {
        List<BigInteger> out = new ArrayList<>(List.of(BigInteger.ZERO, BigInteger.ONE, P.subtract(BigInteger.ONE),
                P, P.add(BigInteger.ONE), BigInteger.ONE.shiftLeft(255).subtract(BigInteger.ONE),
                BigInteger.ONE.shiftLeft(254), BigInteger.valueOf(19)));
        for (int i = 0; i < 200; i++) {
            out.add(new BigInteger(255, random));
        }
        return out;
    }

    @Test
    void fieldOperationsMatchBigInteger() {
        List<BigInteger> in = fieldInputs();
        for (int i = 0; i < in.size(); i++) {
            BigInteger a = in.get(i);
            BigInteger b = in.get((i * 7 + 3) % in.size());
            long[] fa = fe(a);
            long[] fb = fe(b);
            long[] r = Field25519.create();
            String what = "seed " + seed + " a=" + a + " b=" + b;
            Field25519.mul(r, fa, fb);
            assertEquals(a.multiply(b).mod(P), value(r), "mul " + what);
            Field25519.square(r, fa);
            assertEquals(a.multiply(a).mod(P), value(r), "square " + what);
            Field25519.add(r, fa, fb);
            assertEquals(a.add(b).mod(P), value(r), "add " + what);
            Field25519.sub(r, fa, fb);
            assertEquals(a.subtract(b).mod(P), value(r), "sub " + what);
            Field25519.mulSmall(r, fa, 121665);
            assertEquals(a.multiply(BigInteger.valueOf(121665)).mod(P), value(r), "mulSmall " + what);
            Field25519.invert(r, fa);
            BigInteger expected = a.mod(P).signum() == 0 ? BigInteger.ZERO : a.modInverse(P);
            assertEquals(expected, value(r), "invert " + what);
            // A chain of operations on loosely reduced outputs stays exact.
            Field25519.sub(r, fa, fb);
            Field25519.add(r, r, fa);
            Field25519.mul(r, r, r);
            assertEquals(a.add(a).subtract(b).pow(2).mod(P), value(r), "chain " + what);
        }
    }

    @Test
    void scalarReductionMatchesBigInteger() {
        List<BigInteger> wide = new ArrayList<>(List.of(BigInteger.ZERO, L, L.subtract(BigInteger.ONE),
                L.add(BigInteger.ONE), L.multiply(L), BigInteger.ONE.shiftLeft(512).subtract(BigInteger.ONE),
                BigInteger.ONE.shiftLeft(252), L.shiftLeft(259)));
        for (int i = 0; i < 300; i++) {
            wide.add(new BigInteger(1 + random.nextInt(512), random));
        }
        for (BigInteger x : wide) {
            assertEquals(x.mod(L), fromLe(Scalar25519.reduce(le(x, 64))), "seed " + seed + " x=" + x);
        }
    }

    @Test
    void scalarMulAddMatchesBigInteger() {
        BigInteger max = BigInteger.ONE.shiftLeft(256).subtract(BigInteger.ONE);
        List<BigInteger> in = new ArrayList<>(List.of(BigInteger.ZERO, BigInteger.ONE, L.subtract(BigInteger.ONE),
                L, max, BigInteger.ONE.shiftLeft(255)));
        for (int i = 0; i < 200; i++) {
            in.add(new BigInteger(256, random));
        }
        for (int i = 0; i < in.size(); i++) {
            BigInteger a = in.get(i);
            BigInteger b = in.get((i * 5 + 1) % in.size());
            BigInteger c = in.get((i * 11 + 2) % in.size());
            assertEquals(a.multiply(b).add(c).mod(L), fromLe(Scalar25519.mulAdd(le(a, 32), le(b, 32), le(c, 32))),
                    "seed " + seed + " a=" + a + " b=" + b + " c=" + c);
        }
    }

    private static long[] fe(BigInteger v) {
        long[] f = Field25519.create();
        Field25519.fromBytes(f, le(v, 32), 0);
        return f;
    }

    private static BigInteger value(long[] f) {
        return fromLe(Field25519.toBytes(f));
    }

    private static byte[] le(BigInteger v, int n) {
        byte[] out = new byte[n];
        for (int i = 0; i < n; i++) {
            out[i] = (byte) v.shiftRight(8 * i).intValue();
        }
        return out;
    }

    private static BigInteger fromLe(byte[] b) {
        BigInteger v = BigInteger.ZERO;
        for (int i = b.length - 1; i >= 0; i--) {
            v = v.shiftLeft(8).or(BigInteger.valueOf(b[i] & 0xff));
        }
        return v;
    }
}
