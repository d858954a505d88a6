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
 * Fn.mul and Fn.sqr (column high parts from double-precision estimates, as in Fp) at the largest operands their
 * callers pass (values up to n - 1, limbs all ones below n) and on 20,000 random operands, each result against
 * BigInteger (r = a b 2^-260 mod n) and checked to be fully reduced.
 */
class FnBoundsTest {
    private static final BigInteger N = new BigInteger(
            "ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551", 16);
    private static final BigInteger R_INV = BigInteger.ONE.shiftLeft(260).modInverse(N);
    private final long seed = new SecureRandom().nextLong();
    private final Random random = new Random(seed);

    @Test
    void mulAndSqrAtTheLargestOperands() {
        List<long[]> in = new ArrayList<>();
        in.add(limbs(N.subtract(BigInteger.ONE)));
        in.add(limbs(N.subtract(BigInteger.TWO)));
        BigInteger low = BigInteger.ONE.shiftLeft(208).subtract(BigInteger.ONE);
        BigInteger allOnes = N.subtract(low).subtract(BigInteger.ONE).shiftRight(208).shiftLeft(208).add(low);
        assertTrue(allOnes.compareTo(N) < 0);
        in.add(limbs(allOnes));
        in.add(limbs(N.subtract(BigInteger.ONE).shiftRight(208).shiftLeft(208)));
        for (int i = 0; i < 10; i++) {
            in.add(limbs(N.subtract(BigInteger.ONE).subtract(new BigInteger(64 + random.nextInt(100), random))));
        }
        in.add(limbs(BigInteger.ZERO));
        in.add(limbs(BigInteger.ONE));
        in.add(new long[] {M, 0, M, 0, 0});
        in.add(new long[] {0, M, 0, M, 0});
        for (long[] a : in) {
            for (long[] b : in) {
                check(a, b, "seed " + seed + " a=" + Arrays.toString(a) + " b=" + Arrays.toString(b));
            }
        }
    }

    @Test
    void randomOperandsBelowN() {
        for (int i = 0; i < 20_000; i++) {
            long[] a = limbs(randomValue());
            long[] b = limbs(randomValue());
            check(a, b, "seed " + seed + " a=" + Arrays.toString(a) + " b=" + Arrays.toString(b));
        }
    }

    private BigInteger randomValue() {
        switch (random.nextInt(3)) {
            case 0: return N.subtract(BigInteger.ONE).subtract(new BigInteger(random.nextInt(200), random));
            case 1: {
                long[] f = new long[5];
                for (int k = 0; k < 5; k++) {
                    f[k] = random.nextBoolean() ? M : random.nextLong() & M;
                }
                return value(f).mod(N);
            }
            default: return new BigInteger(1 + random.nextInt(256), random).mod(N);
        }
    }

    private static void check(long[] a, long[] b, String what) {
        long[] r = Fn.create();
        Fn.mul(r, a, b);
        assertReduced(r, N, "mul " + what);
        assertEquals(value(a).multiply(value(b)).multiply(R_INV).mod(N), value(r), "mul " + what);
        Fn.sqr(r, a);
        assertReduced(r, N, "sqr " + what);
        assertEquals(value(a).pow(2).multiply(R_INV).mod(N), value(r), "sqr " + what);
    }
}
