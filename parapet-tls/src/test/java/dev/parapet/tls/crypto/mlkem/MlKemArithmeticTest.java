package dev.parapet.tls.crypto.mlkem;

import static dev.parapet.tls.crypto.mlkem.Field.Q;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** The building blocks against plain modular arithmetic: reductions, Compress, encodings, the NTT, sampling. */
class MlKemArithmeticTest {
    private final Random random = new Random(3);

    @Test
    void barrettReductionIsCentredOnTheWholeRange() {
        for (int a = -(1 << 15); a < (1 << 15); a++) {
            int r = Field.barrettReduce(a);
            assertEquals(Math.floorMod(a, Q), Math.floorMod(r, Q), "a = " + a);
            assertTrue(Math.abs(r) <= (Q - 1) / 2, "a = " + a + " gave " + r);
        }
    }

    @Test
    void montgomeryReductionDividesBy2To16() {
        for (int i = 0; i < 1_000_000; i++) {
            int a = random.nextInt(2 * Q * (1 << 15) - 1) - Q * (1 << 15) + 1; // |a| < q 2^15
            int r = Field.montgomeryReduce(a);
            assertEquals(Math.floorMod(a, Q), Math.floorMod((long) r << 16, Q), "a = " + a);
            assertTrue(Math.abs(r) < Q, "a = " + a + " gave " + r);
        }
    }

    @Test
    void canonicalAndReduceOnce() {
        for (int a = -Q + 1; a < Q; a++) {
            assertEquals(Math.floorMod(a, Q), Field.canonical(a));
        }
        for (int a = 0; a < 4096; a++) {
            assertEquals(a % Q, Field.reduceOnce(a));
        }
    }

    /** Compress_d against exact rounding of 2^d x / q, for every x and every d that ML-KEM uses. */
    @Test
    void compressRoundsExactly() {
        for (int d : new int[] {1, 4, 5, 10, 11}) {
            int[] f = new int[256];
            for (int base = 0; base < Q; base += 256) {
                for (int i = 0; i < 256; i++) {
                    f[i] = Math.min(base + i, Q - 1);
                }
                int[] x = f.clone();
                Codec.compress(f, d);
                for (int i = 0; i < 256; i++) {
                    long rounded = ((2L * x[i] << d) + Q) / (2L * Q); // floor(2^d x / q + 1/2)
                    assertEquals(rounded % (1 << d), f[i], "d = " + d + ", x = " + x[i]);
                }
            }
        }
    }

    @Test
    void decompressRoundsExactly() {
        for (int d : new int[] {1, 4, 5, 10, 11}) {
            for (int y = 0; y < (1 << d); y++) {
                int[] f = new int[256];
                f[0] = y;
                Codec.decompress(f, d);
                long rounded = (2L * Q * y + (1L << d)) / (2L << d); // floor(q y / 2^d + 1/2)
                assertEquals(rounded, f[0], "d = " + d + ", y = " + y);
            }
        }
    }

    @Test
    void encodingsRoundTrip() {
        for (int d = 1; d <= 11; d++) {
            int[] f = randomValues(1 << d);
            byte[] bytes = new byte[32 * d];
            Codec.encode(f, d, bytes, 0);
            int[] back = new int[256];
            Codec.decode(bytes, 0, d, back);
            assertArrayEquals(f, back, "d = " + d);
        }
        int[] f = randomValues(Q);
        byte[] bytes = new byte[384];
        Codec.encode12(f, bytes, 0);
        byte[] generic = new byte[384];
        Codec.encode(f, 12, generic, 0);
        assertArrayEquals(generic, bytes);
        int[] back = new int[256];
        Codec.decode12(bytes, 0, back);
        assertArrayEquals(f, back);
        assertTrue(Codec.isReduced12(bytes, 0));
    }

    /** ByteDecode_12 reduces mod q (FIPS 203, Algorithm 6) and the modulus check sees every unreduced value. */
    @Test
    void unreducedTwelveBitValues() {
        for (int position = 0; position < 256; position += 37) {
            for (int value : new int[] {Q, Q + 1, 4095}) {
                int[] f = randomValues(Q);
                f[position] = value;
                byte[] bytes = new byte[384];
                Codec.encode(f, 12, bytes, 0);
                assertFalse(Codec.isReduced12(bytes, 0));
                int[] back = new int[256];
                Codec.decode12(bytes, 0, back);
                assertEquals(value - Q, back[position]);
            }
        }
    }

    /** The NTT-domain product against schoolbook multiplication in Z_q[X] / (X^256 + 1). */
    @Test
    void nttProductIsNegacyclicConvolution() {
        for (int trial = 0; trial < 50; trial++) {
            int[] a = randomCentred(trial % 2 == 0 ? (Q - 1) / 2 : 2);
            int[] b = randomCentred((Q - 1) / 2);
            int[] expected = schoolbook(a, b);
            int[] aHat = a.clone();
            int[] bHat = b.clone();
            Ntt.forward(aHat);
            Ntt.forward(bHat);
            int[] product = new int[256];
            Ntt.multiplyAccumulate(product, aHat, bHat);
            Ntt.reduce(product);
            Ntt.inverseOfProduct(product);
            for (int i = 0; i < 256; i++) {
                assertEquals(expected[i], Math.floorMod(product[i], Q), "coefficient " + i);
            }
        }
    }

    /** The constant 1 maps to 1 mod (X^2 - gamma_i) in every one of the 128 slots: (1, 0, 1, 0, ...). */
    @Test
    void nttOfOne() {
        int[] f = new int[256];
        f[0] = 1;
        Ntt.forward(f);
        for (int i = 0; i < 256; i++) {
            assertEquals(i % 2 == 0 ? 1 : 0, Math.floorMod(f[i], Q), "slot " + i);
        }
    }

    @Test
    void samplers() {
        byte[] seed = new byte[32];
        random.nextBytes(seed);
        long sum = 0;
        for (int b = 0; b < 20; b++) {
            for (int c : Sampling.cbd2(seed, b)) {
                assertTrue(c >= -2 && c <= 2);
                sum += c;
            }
        }
        assertTrue(Math.abs(sum) < 300, "CBD_2 should be centred: sum " + sum);
        int[] a = Sampling.sampleNtt(seed, 1, 2);
        for (int c : a) {
            assertTrue(c >= 0 && c < Q);
        }
        assertFalse(java.util.Arrays.equals(a, Sampling.sampleNtt(seed, 2, 1)), "the two index bytes are ordered");
    }

    private int[] randomValues(int bound) {
        int[] f = new int[256];
        for (int i = 0; i < 256; i++) {
            f[i] = random.nextInt(bound);
        }
        return f;
    }

    private int[] randomCentred(int bound) {
        int[] f = new int[256];
        for (int i = 0; i < 256; i++) {
            f[i] = random.nextInt(2 * bound + 1) - bound;
        }
        return f;
    }

    private static int[] schoolbook(int[] a, int[] b) {
        long[] c = new long[256];
        for (int i = 0; i < 256; i++) {
            for (int j = 0; j < 256; j++) {
                long p = (long) a[i] * b[j];
                if (i + j < 256) {
                    c[i + j] += p;
                } else {
                    c[i + j - 256] -= p; // X^256 = -1
                }
            }
        }
        int[] out = new int[256];
        for (int i = 0; i < 256; i++) {
            out[i] = (int) Math.floorMod(c[i], (long) Q);
        }
        return out;
    }
}
