package dev.parapet.tls.crypto.p256;

import static dev.parapet.tls.crypto.p256.Radix52.assertReduced;
import static dev.parapet.tls.crypto.p256.Radix52.M;
import static dev.parapet.tls.crypto.p256.Radix52.limbs;
import static dev.parapet.tls.crypto.p256.Radix52.value;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Fp.mul and Fp.sqr (column high parts from double-precision estimates) at the largest operands their callers can
 * pass: values up to 4p - 1 (Fp.addForMul), limbs all ones up to the [0, 2p) and [0, 4p) invariants, and 20,000
 * random operands, each result against BigInteger (r = a b 2^-260 mod p) and checked to be normalized and below
 * 2p. An estimate off by more than the comments' bound breaks a low part, which shows up as a wrong value.
 */
class FpBoundsTest {
    private static final BigInteger P = new BigInteger(
            "ffffffff00000001000000000000000000000000ffffffffffffffffffffffff", 16);
    private static final BigInteger TWO_P = P.shiftLeft(1);
    private static final BigInteger FOUR_P = P.shiftLeft(2);
    private static final BigInteger R_INV = BigInteger.ONE.shiftLeft(260).modInverse(P);
    private final long seed = new SecureRandom().nextLong();
    private final Random random = new Random(seed);

    @Test
    void claimedConstants() {
        // mul: at most 5 roundings on products below 2^104, 5 of them per column: error below 12.6 * 2^52.
        assertTrue(5.01 * 5 / 2 < 12.6);
        // sqr: at most 3 roundings: below 7.6 * 2^52.
        assertTrue(3.01 * 5 / 2 < 7.6);
        // |c_k| < 13.6 * 2^52 + 5 * 2^52 + 13 < 2^57.
        assertTrue(19 * Math.pow(2, 52) < Math.pow(2, 57));
    }

    /** The extremes: limbs all ones up to each invariant, values just below 2p and 4p, p, zero, one. */
    @Test
    void mulAndSqrAtTheInvariants() {
        List<long[]> in = new ArrayList<>();
        for (BigInteger bound : List.of(TWO_P, FOUR_P)) {
            in.add(limbs(bound.subtract(BigInteger.ONE)));
            in.add(allOnesBelow(bound));
            in.add(limbs(bound.subtract(BigInteger.ONE).shiftRight(208).shiftLeft(208)));
            for (int i = 0; i < 10; i++) {
                in.add(limbs(bound.subtract(new BigInteger(64 + random.nextInt(100), random)).subtract(BigInteger.ONE)));
            }
        }
        in.add(limbs(P));
        in.add(limbs(P.subtract(BigInteger.ONE)));
        in.add(limbs(BigInteger.ZERO));
        in.add(limbs(BigInteger.ONE));
        in.add(new long[] {M, 0, M, 0, 0});
        in.add(new long[] {0, M, 0, M, 0});
        in.add(Fp.one());
        for (long[] a : in) {
            for (long[] b : in) {
                check(a, b, "seed " + seed + " a=" + Arrays.toString(a) + " b=" + Arrays.toString(b));
            }
        }
    }

    /** Every limb 2^52 - 1 (value about 2^260, beyond any caller): the error bound only needs limbs below 2^52. */
    @Test
    void columnsStayExactForAllOnesLimbs() {
        long[] ones = {M, M, M, M, M};
        long[] r = Fp.create();
        Fp.mul(r, ones, ones);
        assertEquals(expected(ones, ones), value(r).mod(P), "mul");
        Fp.sqr(r, ones);
        assertEquals(expected(ones, ones), value(r).mod(P), "sqr");
    }

    @Test
    void randomOperandsBelow4p() {
        for (int i = 0; i < 20_000; i++) {
            long[] a = limbs(randomValue());
            long[] b = limbs(randomValue());
            check(a, b, "seed " + seed + " a=" + Arrays.toString(a) + " b=" + Arrays.toString(b));
        }
    }

    /** A value in [0, 4p): often near 2p or 4p, often with all-ones limbs, otherwise of a random bit length. */
    private BigInteger randomValue() {
        switch (random.nextInt(5)) {
            case 0: return FOUR_P.subtract(BigInteger.ONE).subtract(new BigInteger(random.nextInt(200), random));
            case 1: return TWO_P.subtract(BigInteger.ONE).subtract(new BigInteger(random.nextInt(200), random));
            case 2: {
                long[] f = new long[5];
                for (int k = 0; k < 4; k++) {
                    f[k] = random.nextBoolean() ? M : random.nextLong() & M;
                }
                f[4] = random.nextLong() & ((1L << 50) - 1);
                return value(f).mod(FOUR_P);
            }
            default: return new BigInteger(1 + random.nextInt(258), random).mod(FOUR_P);
        }
    }

    private static void check(long[] a, long[] b, String what) {
        long[] r = Fp.create();
        Fp.mul(r, a, b);
        assertReduced(r, TWO_P, "mul " + what);
        assertEquals(expected(a, b), value(r).mod(P), "mul " + what);
        Fp.sqr(r, a);
        assertReduced(r, TWO_P, "sqr " + what);
        assertEquals(expected(a, a), value(r).mod(P), "sqr " + what);
    }

    private static BigInteger expected(long[] a, long[] b) {
        return value(a).multiply(value(b)).multiply(R_INV).mod(P);
    }

    /** The largest value below bound whose low four limbs are all ones. */
    private static long[] allOnesBelow(BigInteger bound) {
        BigInteger low = BigInteger.ONE.shiftLeft(208).subtract(BigInteger.ONE);
        BigInteger top = bound.subtract(low).subtract(BigInteger.ONE).shiftRight(208);
        long[] f = limbs(top.shiftLeft(208).add(low));
        assertTrue(value(f).compareTo(bound) < 0);
        assertEquals(M, f[0] & f[1] & f[2] & f[3]);
        return f;
    }
}
