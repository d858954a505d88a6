package dev.parapet.tls.crypto.curve25519;

import java.math.BigInteger;

/**
 * Arithmetic modulo the group order L = 2^252 + 27742317777372353535851937790883648493 (RFC 8032, 5.1), for Ed25519
 * signing. Values are held in radix 2^21 in {@code long}s, so that limb products (at most 2^46) and their sums fit.
 * Reduction folds everything above bit 252 back in using 2^252 = -delta (mod L), delta = L - 2^252 < 2^126, then
 * finishes with masked conditional subtractions; no branch or memory access depends on the values.
 */
final class Scalar25519 {
    private static final int BITS = 21;
    private static final long MASK = (1L << BITS) - 1;
    /** Limb 12 starts at bit 252. */
    private static final int TOP = 12;
    /** Enough limbs for a 512-bit value plus one carry limb. */
    private static final int WIDE = 26;

    static final BigInteger L = BigInteger.ONE.shiftLeft(252)
            .add(new BigInteger("27742317777372353535851937790883648493"));
    /** delta = L - 2^252 in six 21-bit limbs. */
    private static final long[] DELTA = limbs(L.subtract(BigInteger.ONE.shiftLeft(252)), 6);
    /** L in 13 limbs (limb 12 holds the 2^252 bit). */
    private static final long[] L_LIMBS = limbs(L, TOP + 1);
    private static final byte[] L_BYTES = toLittleEndian(L);

    private Scalar25519() {
    }

    /** The 64-byte little-endian value (a SHA-512 output) reduced mod L, as 32 bytes (RFC 8032, 5.1.6 and 5.1.7). */
    static byte[] reduce(byte[] wide64) {
        long[] t = new long[WIDE];
        load(t, wide64, 64);
        return reduceLimbs(t);
    }

    /** (a * b + c) mod L for 32-byte little-endian a, b, c (RFC 8032, 5.1.6 step 5: S = r + k * s). */
    static byte[] mulAdd(byte[] a, byte[] b, byte[] c) {
        long[] x = new long[TOP + 1];
        long[] y = new long[TOP + 1];
        long[] t = new long[WIDE];
        load(x, a, 32);
        load(y, b, 32);
        load(t, c, 32);
        for (int i = 0; i <= TOP; i++) {
            for (int j = 0; j <= TOP; j++) {
                t[i + j] += x[i] * y[j];
            }
        }
        for (int k = 0; k < WIDE - 1; k++) {
            carry(t, k);
        }
        return reduceLimbs(t);
    }

    /** True when the 32-byte little-endian s is below L (RFC 8032, 5.1.7 step 1). Variable time: s is public. */
    static boolean isCanonical(byte[] s, int off) {
        for (int i = 31; i >= 0; i--) {
            int a = s[off + i] & 0xff;
            int b = L_BYTES[i] & 0xff;
            if (a != b) {
                return a < b;
            }
        }
        return false; // s == L
    }

    /** Reduces normalised limbs t[0..25] to the canonical 32-byte encoding of t mod L. */
    private static byte[] reduceLimbs(long[] t) {
        // Fold limb i (weight 2^(21 i) = 2^252 * 2^(21 (i - 12))) into limbs i-12 .. i-7, top down, re-normalising
        // the limbs below it each time so that the next limb folded stays below about 2^25.
        for (int i = WIDE - 1; i >= TOP; i--) {
            fold(t, i);
        }
        // Now x = t[0..11] with t[11] carrying a small signed excess; fold that excess once more.
        carry(t, TOP - 1);
        fold(t, TOP);
        carry(t, TOP - 1);
        // x = t[0..11] + t[12] * 2^252 with t[12] in {-1, 0, 1}, so -2^129 < x < 2^252 + 2^129. Adding L makes it
        // positive and below 3L; two conditional subtractions leave the canonical value.
        for (int k = 0; k <= TOP; k++) {
            t[k] += L_LIMBS[k];
        }
        for (int k = 0; k < TOP; k++) {
            carry(t, k);
        }
        subtractLIfNotBelow(t);
        subtractLIfNotBelow(t);
        return store(t);
    }

    /** t[i] * 2^(21 i) = -t[i] * delta * 2^(21 (i - 12)) (mod L); then carries t[i-12 .. i-2] upwards. */
    private static void fold(long[] t, int i) {
        long v = t[i];
        t[i] = 0;
        for (int j = 0; j < DELTA.length; j++) {
            t[i - TOP + j] -= v * DELTA[j];
        }
        for (int k = i - TOP; k < i - 1; k++) {
            carry(t, k);
        }
    }

    /** Moves the bits of t[k] above 21 (signed, rounding down) into t[k + 1]. */
    private static void carry(long[] t, int k) {
        long c = t[k] >> BITS;
        t[k] -= c << BITS;
        t[k + 1] += c;
    }

    /** t[0..12] = t - L when t >= L, else unchanged; t[0..11] normalised, t[12] small. Constant time. */
    private static void subtractLIfNotBelow(long[] t) {
        long[] z = new long[TOP + 2];
        for (int k = 0; k <= TOP; k++) {
            z[k] = t[k] - L_LIMBS[k];
        }
        for (int k = 0; k < TOP; k++) {
            carry(z, k);
        }
        long negative = z[TOP] >> 63; // all ones when t < L
        for (int k = 0; k <= TOP; k++) {
            t[k] = (t[k] & negative) | (z[k] & ~negative);
        }
    }

    private static void load(long[] t, byte[] in, int len) {
        long acc = 0;
        int accBits = 0;
        int limb = 0;
        for (int i = 0; i < len; i++) {
            acc |= (in[i] & 0xffL) << accBits;
            accBits += 8;
            if (accBits >= BITS) { // depends on the position only
                t[limb++] = acc & MASK;
                acc >>>= BITS;
                accBits -= BITS;
            }
        }
        t[limb] = acc;
    }

    private static byte[] store(long[] t) {
        byte[] out = new byte[32];
        long acc = 0;
        int accBits = 0;
        int pos = 0;
        for (int k = 0; k < TOP; k++) {
            acc |= t[k] << accBits;
            accBits += BITS;
            while (accBits >= 8) { // depends on the position only
                out[pos++] = (byte) acc;
                acc >>>= 8;
                accBits -= 8;
            }
        }
        out[pos] = (byte) (acc | (t[TOP] << accBits)); // bits 248..251, and bit 252 from limb 12
        return out;
    }

    private static long[] limbs(BigInteger v, int n) {
        long[] out = new long[n];
        for (int i = 0; i < n; i++) {
            out[i] = v.shiftRight(BITS * i).longValue() & MASK;
        }
        return out;
    }

    static byte[] toLittleEndian(BigInteger v) {
        byte[] out = new byte[32];
        for (int i = 0; i < 32; i++) {
            out[i] = (byte) v.shiftRight(8 * i).intValue();
        }
        return out;
    }
}
