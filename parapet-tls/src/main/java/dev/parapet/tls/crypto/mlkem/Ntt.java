package dev.parapet.tls.crypto.mlkem;

import static dev.parapet.tls.crypto.mlkem.Field.Q;

/**
 * The number-theoretic transform of FIPS 203, 4.3 on polynomials of 256 int coefficients, with the twiddle
 * factors zeta^BitRev7(i) (zeta = 17) kept in Montgomery form so that every product is one Montgomery reduction.
 */
final class Ntt {
    static final int N = 256;
    /** zeta^BitRev7(i) * 2^16 mod q, centred, for i in 0..127 (FIPS 203, Algorithms 9 and 10). */
    private static final int[] ZETAS = new int[128];
    /** zeta^(2 BitRev7(i) + 1) * 2^16 mod q, centred: the moduli X^2 - gamma_i of FIPS 203, Algorithm 11. */
    private static final int[] GAMMAS = new int[128];
    /** 2^32 / 128 mod q: scales by 128^-1 and cancels the 2^-16 left by {@link #multiplyAccumulate}. */
    private static final int INVERSE_SCALE = 1441;

    static {
        for (int i = 0; i < 128; i++) {
            ZETAS[i] = montgomeryForm(power(17, bitRev7(i)));
            GAMMAS[i] = montgomeryForm(power(17, 2 * bitRev7(i) + 1));
        }
    }

    private Ntt() {
    }

    /** FIPS 203, Algorithm 9, in place. Input |f[i]| < q; output reduced to [-(q-1)/2, (q-1)/2]. */
    static void forward(int[] f) {
        int k = 1;
        for (int len = 128; len >= 2; len >>= 1) {
            for (int start = 0; start < N; start += 2 * len) {
                int zeta = ZETAS[k++];
                for (int j = start; j < start + len; j++) {
                    int t = Field.multiply(zeta, f[j + len]);
                    f[j + len] = f[j] - t;
                    f[j] = f[j] + t;
                }
            }
        }
        for (int j = 0; j < N; j++) {
            f[j] = Field.barrettReduce(f[j]);
        }
    }

    /**
     * FIPS 203, Algorithm 10, in place, for a sum of products from {@link #multiplyAccumulate}: the final scaling
     * also removes their Montgomery factor 2^-16. Input |f[i]| <= (q-1)/2; output |f[i]| < q.
     */
    static void inverseOfProduct(int[] f) {
        int k = 127;
        for (int len = 2; len <= 128; len <<= 1) {
            for (int start = 0; start < N; start += 2 * len) {
                int zeta = ZETAS[k--];
                for (int j = start; j < start + len; j++) {
                    int t = f[j];
                    f[j] = Field.barrettReduce(t + f[j + len]);
                    f[j + len] = Field.multiply(zeta, f[j + len] - t);
                }
            }
        }
        for (int j = 0; j < N; j++) {
            f[j] = Field.multiply(f[j], INVERSE_SCALE);
        }
    }

    /**
     * acc += a * b * 2^-16 in the NTT domain (FIPS 203, Algorithms 11 and 12): 128 products of degree-one
     * polynomials modulo X^2 - gamma_i. Inputs |a[i]|, |b[i]| < q; each call adds less than 2q to a coefficient.
     */
    static void multiplyAccumulate(int[] acc, int[] a, int[] b) {
        for (int i = 0; i < 128; i++) {
            int a0 = a[2 * i];
            int a1 = a[2 * i + 1];
            int b0 = b[2 * i];
            int b1 = b[2 * i + 1];
            acc[2 * i] += Field.multiply(a0, b0) + Field.multiply(Field.multiply(a1, b1), GAMMAS[i]);
            acc[2 * i + 1] += Field.multiply(a0, b1) + Field.multiply(a1, b0);
        }
    }

    /** Reduces every coefficient with Barrett reduction (|f[i]| < 2^15 in, centred out). */
    static void reduce(int[] f) {
        for (int j = 0; j < N; j++) {
            f[j] = Field.barrettReduce(f[j]);
        }
    }

    private static int bitRev7(int i) {
        return Integer.reverse(i) >>> 25;
    }

    private static int power(int base, int exponent) {
        long r = 1;
        for (int i = 0; i < exponent; i++) {
            r = r * base % Q;
        }
        return (int) r;
    }

    private static int montgomeryForm(int x) {
        int m = (int) (((long) x << 16) % Q);
        return m > Q / 2 ? m - Q : m;
    }
}
