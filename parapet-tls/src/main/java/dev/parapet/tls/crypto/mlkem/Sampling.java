package dev.parapet.tls.crypto.mlkem;

import static dev.parapet.tls.crypto.mlkem.Field.Q;
import static dev.parapet.tls.crypto.mlkem.Ntt.N;

import dev.parapet.tls.crypto.keccak.Keccak;
import java.util.Arrays;

/** SampleNTT and SamplePolyCBD (FIPS 203, 4.2.2). */
final class Sampling {
    private static final int SHAKE128_RATE = 168;

    private Sampling() {
    }

    /**
     * FIPS 203, Algorithm 7: a uniform polynomial in the NTT domain from SHAKE128(rho || x || y), by rejection of
     * 12-bit candidates >= q. The seed rho is public; the loop writes every candidate and advances only past kept
     * ones, which avoids a hard-to-predict branch per candidate.
     */
    static int[] sampleNtt(byte[] rho, int x, int y) {
        Keccak xof = Keccak.shake128().update(rho).update((byte) x).update((byte) y);
        byte[] block = new byte[SHAKE128_RATE];
        int[] a = new int[N + 1]; // one slot of slack for a candidate written after the 256th
        int n = 0;
        while (n < N) {
            xof.squeeze(block, 0, block.length);
            for (int p = 0; p < block.length && n < N; p += 3) {
                int c0 = block[p] & 0xff;
                int c1 = block[p + 1] & 0xff;
                int c2 = block[p + 2] & 0xff;
                int d1 = c0 | (c1 & 0x0f) << 8;
                int d2 = c1 >>> 4 | c2 << 4;
                a[n] = d1;
                n += (d1 - Q) >>> 31; // kept if d1 < q
                a[n] = d2;
                n += ((d2 - Q) >>> 31) & ((n - N) >>> 31); // kept if d2 < q and fewer than 256 are kept
            }
        }
        return Arrays.copyOf(a, N);
    }

    /**
     * FIPS 203, Algorithm 8 for eta = 2 (both ML-KEM-768 and ML-KEM-1024 use eta1 = eta2 = 2) on PRF_2(s, b):
     * each coefficient is (b0 + b1) - (b2 + b3) for the next four bits, left in [-2, 2] rather than mod q.
     * Bit arithmetic only: s is secret.
     */
    static int[] cbd2(byte[] s, int b) {
        byte[] bytes = Hashes.prf2(s, b);
        int[] f = new int[N];
        for (int i = 0; i < N / 8; i++) {
            int t = (bytes[4 * i] & 0xff) | (bytes[4 * i + 1] & 0xff) << 8
                    | (bytes[4 * i + 2] & 0xff) << 16 | (bytes[4 * i + 3] & 0xff) << 24;
            int pairs = (t & 0x55555555) + ((t >>> 1) & 0x55555555); // 2-bit sums of adjacent bits
            for (int c = 0; c < 8; c++) {
                f[8 * i + c] = ((pairs >>> (4 * c)) & 3) - ((pairs >>> (4 * c + 2)) & 3);
            }
        }
        return f;
    }
}
