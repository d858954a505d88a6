package dev.parapet.tls.crypto.curve25519;

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
 * The ladder's no-carry add/sub and the bounds Field25519's comments claim for them, driven at those bounds: inputs
 * with every limb at REDUCED_BOUND - 1 (the largest mul/square/mulSmall output limb claimed), mul/square operands at
 * LADDER_BOUND - 1, results checked against BigInteger mod p and their limbs against the claimed ranges. A bound
 * that does not hold (an overflow, a negative limb) shows up as a wrong value or a limb out of range.
 */
class Field25519BoundsTest {
    private static final BigInteger P = BigInteger.ONE.shiftLeft(255).subtract(BigInteger.valueOf(19));
    private static final long REDUCED_MAX = Field25519.REDUCED_BOUND - 1;
    private static final long LADDER_MAX = Field25519.LADDER_BOUND - 1;
    private static final long A24 = 121665;
    private final long seed = new SecureRandom().nextLong();
    private final Random random = new Random(seed);

    @Test
    void claimedConstants() {
        assertEquals((1L << 51) + (1L << 17), Field25519.REDUCED_BOUND);
        assertEquals(13L << 49, Field25519.LADDER_BOUND);
        // The no-carry outputs fit under LADDER_BOUND by the comments' arithmetic.
        assertTrue(2 * REDUCED_MAX < Field25519.LADDER_BOUND);
        assertTrue(REDUCED_MAX + 2 * ((1L << 51) - 1) < Field25519.LADDER_BOUND);
        // mul's error argument: limbs are exact doubles, and 6.01 * 2^-53 * 13013 * 2^47 < 1223 < BIAS = 2048.
        assertTrue(Field25519.LADDER_BOUND < 1L << 53);
        assertTrue(6.01 * 13013 / 64 < 1223);
    }

    /** Reduced inputs: the extremes (all limbs 0 or REDUCED_MAX, mixed) and random limbs up to REDUCED_MAX. */
    private List<long[]> reducedInputs() {
        List<long[]> out = new ArrayList<>();
        out.add(limbs(REDUCED_MAX));
        out.add(limbs(0));
        out.add(new long[] {REDUCED_MAX, 0, REDUCED_MAX, 0, REDUCED_MAX});
        out.add(new long[] {0, REDUCED_MAX, 0, REDUCED_MAX, 0});
        out.add(new long[] {(1L << 51) - 1, REDUCED_MAX, (1L << 51) - 1, (1L << 51) - 1, (1L << 51) - 1});
        for (int i = 0; i < 60; i++) {
            long[] f = new long[5];
            for (int k = 0; k < 5; k++) {
                f[k] = random.nextInt(4) == 0 ? REDUCED_MAX : Math.floorMod(random.nextLong(), REDUCED_MAX + 1);
            }
            out.add(f);
        }
        return out;
    }

    @Test
    void noCarryAddAndSubAtTheirBoundsFeedMulAndSquare() {
        List<long[]> in = reducedInputs();
        for (long[] a : in) {
            for (long[] b : in) {
                String what = "seed " + seed + " a=" + Arrays.toString(a) + " b=" + Arrays.toString(b);
                long[] sum = Field25519.create();
                Field25519.addNoCarry(sum, a, b);
                assertLimbsBelow(sum, (1L << 52) + (1L << 18), "addNoCarry " + what);
                assertEquals(value(a).add(value(b)).mod(P), value(sum), "addNoCarry " + what);
                long[] diff = Field25519.create();
                Field25519.subNoCarry(diff, a, b);
                assertLimbsBelow(diff, 3 * (1L << 51) + (1L << 17), "subNoCarry " + what);
                assertEquals(value(a).subtract(value(b)).mod(P), value(diff), "subNoCarry " + what);
                checkMulSquare(sum, diff, what);
                checkMulSquare(diff, sum, what);
                long[] small = Field25519.create();
                Field25519.mulSmall(small, diff, A24);
                assertLimbsBelow(small, Field25519.REDUCED_BOUND, "mulSmall " + what);
                assertEquals(value(diff).multiply(BigInteger.valueOf(A24)).mod(P), value(small), "mulSmall " + what);
            }
        }
    }

    /** mul and square with every limb at LADDER_BOUND - 1, at mixed extremes, and on random limbs below it. */
    @Test
    void mulAndSquareAtLadderBound() {
        long[] max = limbs(LADDER_MAX);
        checkMulSquare(max, max, "all limbs LADDER_MAX");
        checkMulSquare(max, limbs(1), "max * small");
        checkMulSquare(new long[] {LADDER_MAX, 0, LADDER_MAX, 0, LADDER_MAX}, max, "mixed");
        checkMulSquare(limbs(0), max, "zero * max");
        checkMulSquare(limbs(0), limbs(0), "zero");
        checkMulSquare(new long[] {1, 0, 0, 0, 0}, new long[] {0, 0, 0, 0, LADDER_MAX}, "one column");
        for (int i = 0; i < 20_000; i++) {
            long[] a = new long[5];
            long[] b = new long[5];
            for (int k = 0; k < 5; k++) {
                a[k] = randomLimb();
                b[k] = randomLimb();
            }
            checkMulSquare(a, b, "seed " + seed + " a=" + Arrays.toString(a) + " b=" + Arrays.toString(b));
        }
        for (int i = 0; i < 500; i++) {
            long[] a = new long[5];
            long[] b = new long[5];
            for (int k = 0; k < 5; k++) {
                a[k] = LADDER_MAX - Math.floorMod(random.nextLong(), 1L << 48);
                b[k] = LADDER_MAX - Math.floorMod(random.nextLong(), 1L << 48);
            }
            checkMulSquare(a, b, "seed " + seed + " a=" + Arrays.toString(a) + " b=" + Arrays.toString(b));
        }
    }

    /** One X25519 ladder step on worst-case reduced inputs, each value against BigInteger (RFC 7748, 5). */
    @Test
    void ladderStepAtBounds() {
        for (long[] x2 : List.of(limbs(REDUCED_MAX), limbs(0))) {
            long[] z2 = limbs(REDUCED_MAX);
            long[] x3 = limbs(REDUCED_MAX);
            long[] z3 = new long[] {0, REDUCED_MAX, 0, REDUCED_MAX, 0};
            long[] x1 = limbs((1L << 51) - 1);
            BigInteger bx1 = value(x1), bx2 = value(x2), bz2 = value(z2), bx3 = value(x3), bz3 = value(z3);
            BigInteger ba = bx2.add(bz2), bb = bx2.subtract(bz2), baa = ba.pow(2), bbb = bb.pow(2);
            BigInteger be = baa.subtract(bbb), bda = bx3.subtract(bz3).multiply(ba);
            BigInteger bcb = bx3.add(bz3).multiply(bb);
            long[][] r = X25519.ladderStep(x1, x2, z2, x3, z3);
            assertEquals(bda.add(bcb).pow(2).mod(P), value(r[2]), "x3");
            assertEquals(bx1.multiply(bda.subtract(bcb).pow(2)).mod(P), value(r[3]), "z3");
            assertEquals(baa.multiply(bbb).mod(P), value(r[0]), "x2");
            assertEquals(be.multiply(baa.add(be.multiply(BigInteger.valueOf(A24)))).mod(P), value(r[1]), "z2");
            for (long[] f : r) {
                assertLimbsBelow(f, Field25519.REDUCED_BOUND, "ladder output");
            }
        }
    }

    /** A limb in [0, LADDER_BOUND): often an extreme (0, 1, LADDER_MAX), otherwise of a random bit length. */
    private long randomLimb() {
        switch (random.nextInt(6)) {
            case 0: return 0;
            case 1: return LADDER_MAX;
            case 2: return LADDER_MAX - random.nextInt(1 << 20);
            default: return Math.floorMod(random.nextLong() >>> random.nextInt(64), Field25519.LADDER_BOUND);
        }
    }

    private static void checkMulSquare(long[] a, long[] b, String what) {
        assertLimbsBelow(a, Field25519.LADDER_BOUND, "operand " + what);
        assertLimbsBelow(b, Field25519.LADDER_BOUND, "operand " + what);
        long[] r = Field25519.create();
        Field25519.mul(r, a, b);
        assertLimbsBelow(r, Field25519.REDUCED_BOUND, "mul " + what);
        assertEquals(value(a).multiply(value(b)).mod(P), value(r), "mul " + what);
        Field25519.square(r, a);
        assertLimbsBelow(r, Field25519.REDUCED_BOUND, "square " + what);
        assertEquals(value(a).pow(2).mod(P), value(r), "square " + what);
    }

    private static void assertLimbsBelow(long[] f, long bound, String what) {
        for (long limb : f) {
            assertTrue(limb >= 0 && limb < bound, what + ": limb " + limb + " outside [0, " + bound + ")");
        }
    }

    private static long[] limbs(long v) {
        long[] f = new long[5];
        Arrays.fill(f, v);
        return f;
    }

    /** The value sum f_i 2^(51 i) mod p, read from the limbs themselves (negative limbs included). */
    private static BigInteger value(long[] f) {
        BigInteger v = BigInteger.ZERO;
        for (int i = 4; i >= 0; i--) {
            v = v.shiftLeft(51).add(BigInteger.valueOf(f[i]));
        }
        return v.mod(P);
    }
}
