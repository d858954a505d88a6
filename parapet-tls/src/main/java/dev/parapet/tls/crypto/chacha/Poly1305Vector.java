package dev.parapet.tls.crypto.chacha;

import static jdk.incubator.vector.VectorOperators.LSHL;
import static jdk.incubator.vector.VectorOperators.LSHR;

import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * Poly1305 four blocks at once in double-precision vectors (Vector API, 256 bits): lane j accumulates blocks j, j + 4,
 * j + 8, ... with r^4 as multiplier, and the last step multiplies the lanes by r^4, r^3, r^2 and r before they are
 * added up (RFC 8439, 2.5's polynomial, evaluated in four interleaved parts).
 *
 * <p>Numbers mod 2^130 - 5 are six limbs of 22 bits (the last 20), each a double that carries its weight: limb k is
 * an integer multiple of 2^(22k), so a product of limbs i and j lands on limb i + j with no scaling, and r's limbs
 * for the columns past 2^130 are pre-multiplied by 5 * 2^-130 (S_j; 2^132 = 20 mod p, the factor 4 comes with the
 * weight). Every value is an integer number of units of its limb's weight, below 2^53 of them, so every product and
 * sum here is exact and doubles make no rounding error, only range, to reason about:
 * <ul>
 *   <li>after the carries, |limb| &lt;= 2^21 + 2^13 units (limb 5: 2^19 + 2^8); with a message limb (below 2^22,
 *       limb 5 below 2^19 with the 2^128 bit) the multiplicand x is below 2^23 units (limb 5: 2^20.1);</li>
 *   <li>r's limbs are below 2^22 units (limb 5: 2^20 + 1), S_j = 5 R_j below 2^24.4 units of 2^(22j - 130);</li>
 *   <li>column t sums t + 1 products x_i R_j (each below 2^45 units of 2^(22t)) and 5 - t products x_i S_j (each
 *       below 2^47.4 units of 2^(22t + 2), i.e. 2^49.4 of 2^(22t)): below 2^51.92 units, exact.</li>
 * </ul>
 * Carries use IEEE round-to-nearest addition, which Java guarantees and never reassociates: (c + 1.5 * 2^(52 + w)) -
 * 1.5 * 2^(52 + w) is c rounded to a multiple of 2^w, so limbs are signed, within half a unit of the next limb. Two
 * rounds of carries, every limb at once, bring each column from below 2^52 units back to the bound above (the first
 * leaves at most 2^21 + 2^30 units, the second 2^21 + 2^13; limb 0 also takes 5 times the carry out of 2^130). The
 * message limbs become doubles without a conversion instruction: the bits of 2^(52 + 22k) ORed with a limb below
 * 2^22 are the double 2^(52 + 22k) + limb * 2^(22k), exactly. No value depends on a branch, and none is subnormal
 * (the smallest, S_1, is about 2^-106): the operations take the same time whatever the key and the message.
 *
 * <p>C2 on JDK 17 boxes a vector that is live across a call, a loop back edge or a safepoint, so each step is a
 * method of straight-line vector code with the accumulators kept in an array between steps. Loaded only when
 * {@link Poly1305#VECTOR} (the Vector API module is present and this class agrees with the scalar code on a fixed
 * message at class initialisation).
 */
final class Poly1305Vector {
    private static final VectorSpecies<Double> D = DoubleVector.SPECIES_256;
    private static final long M22 = (1L << 22) - 1;
    private static final long M44 = (1L << 44) - 1;
    /** 2^(22k): limb k's weight. */
    private static final double[] WEIGHT = {1, 0x1p22, 0x1p44, 0x1p66, 0x1p88, 0x1p110};
    /** Adding then subtracting these rounds limb k to a multiple of the next limb's weight (2^130 for limb 5). */
    private static final double[] ROUND = {0x1.8p74, 0x1.8p96, 0x1.8p118, 0x1.8p140, 0x1.8p162, 0x1.8p182};
    private static final VectorSpecies<Byte> B = ByteVector.SPECIES_256;
    private static final VectorSpecies<Long> L = LongVector.SPECIES_256;
    private static final VectorShuffle<Long> EVEN = VectorShuffle.fromValues(L, 0, 2, 0, 2);
    private static final VectorShuffle<Long> ODD = VectorShuffle.fromValues(L, 1, 3, 1, 3);
    private static final VectorMask<Long> UPPER = VectorMask.fromValues(L, false, false, true, true);
    /** 2^(52 + 22k) and its bits. */
    private static final double[] MAGIC = {0x1p52, 0x1p74, 0x1p96, 0x1p118, 0x1p140, 0x1p162};
    private static final long[] MAGIC_BITS = new long[6];

    static {
        for (int k = 0; k < 6; k++) {
            MAGIC_BITS[k] = Double.doubleToRawLongBits(MAGIC[k]);
        }
    }

    /** A carry out of 2^130 comes back in at limb 0 times 5 (2^130 = 5 mod p). */
    private static final double FOLD = 0x5p-130;

    /** Lane sum of limb at m[at .. at + 4): exact, as every value is an integer number of units below 2^53. */
    private static double lanes(double[] m, int at) {
        return m[at] + m[at + 1] + m[at + 2] + m[at + 3];
    }

    /** Doubles of per-key scratch {@link Poly1305} keeps: r^4 in every lane, then r^4, r^3, r^2, r; message limbs. */
    static final int KEY_DOUBLES = 2 * 11 * 4;
    static final int SCRATCH_DOUBLES = 6 * 4;

    private Poly1305Vector() {
    }

    /**
     * Fills {@code key} from {@code powers} ({@link Poly1305}'s layout: r^(4 - j) at {@code 5 * j}, three limbs of 44,
     * 44 and 42 bits, limb 1 possibly up to 2^44 + 2^16): for each of the two multipliers (r^4 in every lane; then
     * r^4, r^3, r^2, r by lane), R_0..R_5 and S_1..S_5 = 5 * 2^-130 * R_j, four lanes each.
     */
    static void prepare(long[] powers, double[] key) {
        for (int lane = 0; lane < 4; lane++) {
            put(key, 0, lane, powers, 0);
            put(key, 11 * 4, lane, powers, 5 * lane);
        }
    }

    private static void put(double[] key, int base, int lane, long[] p, int at) {
        long p0 = p[at];
        long p1 = p[at + 1] & M44;
        long p2 = p[at + 2] + (p[at + 1] >>> 44); // below 2^42 + 1: limb 5 stays below 2^20 + 1
        limbs(p0, p1, p2, key, base + lane);
        for (int j = 1; j < 6; j++) {
            key[base + 4 * (5 + j) + lane] = key[base + 4 * j + lane] * FOLD;
        }
    }

    /** The six 22-bit limbs (with their weights) of p0 + p1 2^44 + p2 2^88 into out[at], out[at + 4], ... */
    private static void limbs(long p0, long p1, long p2, double[] out, int at) {
        out[at] = p0 & M22;
        out[at + 4] = (p0 >>> 22) * WEIGHT[1];
        out[at + 8] = (p1 & M22) * WEIGHT[2];
        out[at + 12] = (p1 >>> 22) * WEIGHT[3];
        out[at + 16] = (p2 & M22) * WEIGHT[4];
        out[at + 20] = (p2 >>> 22) * WEIGHT[5];
    }

    /**
     * h = the Poly1305 of {@code length} bytes (a multiple of 64, at least 64) of {@code a} from {@code at}, all full
     * blocks, continuing from h (three limbs of 44, 44, 42 bits, in and out).
     */
    static void blocks(double[] key, double[] m, byte[] a, int at, int length, long[] h) {
        // the accumulators live in m between steps: vectors carried from one iteration to the next (or live
        // across a call or a loop's safepoint) would be boxed by JDK 17's C2, an allocation per step
        java.util.Arrays.fill(m, 0);
        limbs(h[0], h[1] & M44, h[2] + (h[1] >>> 44), m, ACC); // lane 0 starts from h, the others from 0
        for (int end = at + length; at < end; at += 64) {
            step(key, at + 64 < end ? 0 : 11 * 4, m, a, at); // the last step: r^4, r^3, r^2, r by lane
        }
        join(m, h);
    }

    /** Offset of the accumulators in the scratch: limb k of lane j at ACC + 4k + j. */
    private static final int ACC = 0;

    /** h = (h + the four blocks at a[at ..]) * the multiplier at key[r ..], per lane. */
    private static void step(double[] key, int r, double[] m, byte[] a, int at) {
        // the four blocks' low and high 64-bit words, lane j = block j (two single-vector permutes and a blend
        // each), then their 22-bit limbs, each made a double of its weight with the exponent trick
        LongVector first = ByteVector.fromArray(B, a, at).reinterpretAsLongs();
        LongVector second = ByteVector.fromArray(B, a, at + 32).reinterpretAsLongs();
        LongVector lo = first.rearrange(EVEN).blend(second.rearrange(EVEN), UPPER);
        LongVector hi = first.rearrange(ODD).blend(second.rearrange(ODD), UPPER);
        DoubleVector x0 = DoubleVector.fromArray(D, m, ACC)
                .add(lo.and(M22).or(MAGIC_BITS[0]).reinterpretAsDoubles().sub(MAGIC[0]));
        DoubleVector x1 = DoubleVector.fromArray(D, m, ACC + 4)
                .add(lo.lanewise(LSHR, 22).and(M22).or(MAGIC_BITS[1]).reinterpretAsDoubles().sub(MAGIC[1]));
        DoubleVector x2 = DoubleVector.fromArray(D, m, ACC + 8)
                .add(lo.lanewise(LSHR, 44).or(hi.lanewise(LSHL, 20)).and(M22).or(MAGIC_BITS[2])
                        .reinterpretAsDoubles().sub(MAGIC[2]));
        DoubleVector x3 = DoubleVector.fromArray(D, m, ACC + 12)
                .add(hi.lanewise(LSHR, 2).and(M22).or(MAGIC_BITS[3]).reinterpretAsDoubles().sub(MAGIC[3]));
        DoubleVector x4 = DoubleVector.fromArray(D, m, ACC + 16)
                .add(hi.lanewise(LSHR, 24).and(M22).or(MAGIC_BITS[4]).reinterpretAsDoubles().sub(MAGIC[4]));
        // limb 5 holds bits 110..127 and the 2^128 bit of a full block (2^110 * 2^18)
        DoubleVector x5 = DoubleVector.fromArray(D, m, ACC + 20)
                .add(hi.lanewise(LSHR, 46).or(1L << 18).or(MAGIC_BITS[5]).reinterpretAsDoubles().sub(MAGIC[5]));
        // products, column by column (bounds in the class comment)
        DoubleVector r0 = DoubleVector.fromArray(D, key, r);
        DoubleVector r1 = DoubleVector.fromArray(D, key, r + 4);
        DoubleVector r2 = DoubleVector.fromArray(D, key, r + 8);
        DoubleVector r3 = DoubleVector.fromArray(D, key, r + 12);
        DoubleVector r4 = DoubleVector.fromArray(D, key, r + 16);
        DoubleVector r5 = DoubleVector.fromArray(D, key, r + 20);
        DoubleVector s1 = DoubleVector.fromArray(D, key, r + 24);
        DoubleVector s2 = DoubleVector.fromArray(D, key, r + 28);
        DoubleVector s3 = DoubleVector.fromArray(D, key, r + 32);
        DoubleVector s4 = DoubleVector.fromArray(D, key, r + 36);
        DoubleVector s5 = DoubleVector.fromArray(D, key, r + 40);
        DoubleVector c0 = x0.mul(r0).add(x1.mul(s5)).add(x2.mul(s4).add(x3.mul(s3)))
                .add(x4.mul(s2).add(x5.mul(s1)));
        DoubleVector c1 = x0.mul(r1).add(x1.mul(r0)).add(x2.mul(s5).add(x3.mul(s4)))
                .add(x4.mul(s3).add(x5.mul(s2)));
        DoubleVector c2 = x0.mul(r2).add(x1.mul(r1)).add(x2.mul(r0).add(x3.mul(s5)))
                .add(x4.mul(s4).add(x5.mul(s3)));
        DoubleVector c3 = x0.mul(r3).add(x1.mul(r2)).add(x2.mul(r1).add(x3.mul(r0)))
                .add(x4.mul(s5).add(x5.mul(s4)));
        DoubleVector c4 = x0.mul(r4).add(x1.mul(r3)).add(x2.mul(r2).add(x3.mul(r1)))
                .add(x4.mul(r0).add(x5.mul(s5)));
        DoubleVector c5 = x0.mul(r5).add(x1.mul(r4)).add(x2.mul(r3).add(x3.mul(r2)))
                .add(x4.mul(r1).add(x5.mul(r0)));
        // two rounds of carries, all limbs at once (written out: no loop or call around live vectors)
        DoubleVector t0 = c0.add(ROUND[0]).sub(ROUND[0]);
        DoubleVector t1 = c1.add(ROUND[1]).sub(ROUND[1]);
        DoubleVector t2 = c2.add(ROUND[2]).sub(ROUND[2]);
        DoubleVector t3 = c3.add(ROUND[3]).sub(ROUND[3]);
        DoubleVector t4 = c4.add(ROUND[4]).sub(ROUND[4]);
        DoubleVector t5 = c5.add(ROUND[5]).sub(ROUND[5]);
        c0 = c0.sub(t0).add(t5.mul(FOLD));
        c1 = c1.sub(t1).add(t0);
        c2 = c2.sub(t2).add(t1);
        c3 = c3.sub(t3).add(t2);
        c4 = c4.sub(t4).add(t3);
        c5 = c5.sub(t5).add(t4);
        DoubleVector u0 = c0.add(ROUND[0]).sub(ROUND[0]);
        DoubleVector u1 = c1.add(ROUND[1]).sub(ROUND[1]);
        DoubleVector u2 = c2.add(ROUND[2]).sub(ROUND[2]);
        DoubleVector u3 = c3.add(ROUND[3]).sub(ROUND[3]);
        DoubleVector u4 = c4.add(ROUND[4]).sub(ROUND[4]);
        DoubleVector u5 = c5.add(ROUND[5]).sub(ROUND[5]);
        c0 = c0.sub(u0).add(u5.mul(FOLD));
        c1 = c1.sub(u1).add(u0);
        c2 = c2.sub(u2).add(u1);
        c3 = c3.sub(u3).add(u2);
        c4 = c4.sub(u4).add(u3);
        c5 = c5.sub(u5).add(u4);
        c0.intoArray(m, ACC);
        c1.intoArray(m, ACC + 4);
        c2.intoArray(m, ACC + 8);
        c3.intoArray(m, ACC + 12);
        c4.intoArray(m, ACC + 16);
        c5.intoArray(m, ACC + 20);
    }

    /** The four lanes of the accumulators in m added up, back to three non-negative limbs of 44, 44, 42 bits. */
    private static void join(double[] m, long[] h) {
        long v0 = (long) lanes(m, ACC);
        long v1 = (long) (lanes(m, ACC + 4) * 0x1p-22);
        long v2 = (long) (lanes(m, ACC + 8) * 0x1p-44);
        long v3 = (long) (lanes(m, ACC + 12) * 0x1p-66);
        long v4 = (long) (lanes(m, ACC + 16) * 0x1p-88);
        long v5 = (long) (lanes(m, ACC + 20) * 0x1p-110);
        // signed: |value| < 2^131 + 2^121 (four lanes of the bounds above), so adding 4p = 2^132 - 20 makes it
        // positive; three passes of signed carries then leave limbs of 44, 44 and 42 bits (limb 0 a few over)
        long x0 = v0 + (v1 << 22) - 20;
        long x1 = v2 + (v3 << 22);
        long x2 = v4 + (v5 << 22) + (1L << 44);
        for (int pass = 0; pass < 3; pass++) {
            long c = x0 >> 44;
            x0 -= c << 44;
            x1 += c;
            c = x1 >> 44;
            x1 -= c << 44;
            x2 += c;
            c = x2 >> 42;
            x2 -= c << 42;
            x0 += c * 5;
        }
        h[0] = x0;
        h[1] = x1;
        h[2] = x2;
    }
}
