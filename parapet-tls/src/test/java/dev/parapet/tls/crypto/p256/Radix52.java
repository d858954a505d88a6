package dev.parapet.tls.crypto.p256;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;

/** The five-limb radix-2^52 form of {@link Fp} and {@link Fn}, to and from BigInteger, for the bounds tests. */
final class Radix52 {
    static final long M = (1L << 52) - 1;

    private Radix52() {
    }

    /** Limbs 0..3 of v, 52 bits each, and the rest in limb 4. */
    static long[] limbs(BigInteger v) {
        long[] f = new long[5];
        for (int k = 0; k < 4; k++) {
            f[k] = v.shiftRight(52 * k).longValue() & M;
        }
        f[4] = v.shiftRight(208).longValueExact();
        return f;
    }

    static BigInteger value(long[] f) {
        BigInteger v = BigInteger.ZERO;
        for (int i = 4; i >= 0; i--) {
            v = v.shiftLeft(52).add(BigInteger.valueOf(f[i]));
        }
        return v;
    }

    /** Limbs 0..3 in [0, 2^52), a non-negative top limb, value below {@code bound}: the classes' invariant. */
    static void assertReduced(long[] r, BigInteger bound, String what) {
        for (int k = 0; k < 4; k++) {
            assertTrue(r[k] >= 0 && r[k] <= M, what + ": limb " + k + " = " + r[k]);
        }
        assertTrue(r[4] >= 0, what + ": top limb " + r[4]);
        assertTrue(value(r).compareTo(bound) < 0, what + ": not below " + bound.toString(16));
    }
}
