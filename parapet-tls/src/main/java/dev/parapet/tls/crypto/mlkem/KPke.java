package dev.parapet.tls.crypto.mlkem;

import static dev.parapet.tls.crypto.mlkem.Ntt.N;

import java.util.Arrays;

/**
 * K-PKE, the public-key encryption scheme inside ML-KEM (FIPS 203, section 5), for one parameter set. The matrix
 * A-hat is never stored: each entry is sampled from rho where it is used. Immutable.
 */
final class KPke {
    private final int k;
    private final int du;
    private final int dv;

    KPke(int k, int du, int dv) {
        this.k = k;
        this.du = du;
        this.dv = dv;
    }

    /** 384 k + 32: ByteEncode_12(t-hat) || rho. */
    int encryptionKeyLength() {
        return 384 * k + 32;
    }

    /** 384 k: ByteEncode_12(s-hat). */
    int decryptionKeyLength() {
        return 384 * k;
    }

    /** 32 (du k + dv). */
    int ciphertextLength() {
        return 32 * (du * k + dv);
    }

    /** FIPS 203, Algorithm 13: ek_PKE into ek[0 ..) and dk_PKE into dk[0 ..), from the 32-byte seed d. */
    void keyGen(byte[] d, byte[] ek, byte[] dk) {
        byte[] rhoSigma = Hashes.g(d, k);
        byte[] rho = Arrays.copyOfRange(rhoSigma, 0, 32);
        byte[] sigma = Arrays.copyOfRange(rhoSigma, 32, 64);
        int[][] s = new int[k][];
        for (int i = 0; i < k; i++) {
            s[i] = Sampling.cbd2(sigma, i);
            Ntt.forward(s[i]);
        }
        for (int i = 0; i < k; i++) {
            int[] e = Sampling.cbd2(sigma, k + i);
            Ntt.forward(e);
            int[] t = new int[N];
            for (int j = 0; j < k; j++) {
                Ntt.multiplyAccumulate(t, Sampling.sampleNtt(rho, j, i), s[j]); // A-hat[i, j]
            }
            for (int c = 0; c < N; c++) {
                // t-hat = A-hat o s-hat + e-hat; the products carry 2^-16, which the multiplication by 2^32 removes
                t[c] = Field.canonical(Field.barrettReduce(Field.multiply(t[c], Field.MONTGOMERY_R2) + e[c]));
            }
            Codec.encode12(t, ek, 384 * i);
        }
        System.arraycopy(rho, 0, ek, 384 * k, 32);
        for (int i = 0; i < k; i++) {
            for (int c = 0; c < N; c++) {
                s[i][c] = Field.canonical(s[i][c]);
            }
            Codec.encode12(s[i], dk, 384 * i);
            Arrays.fill(s[i], 0);
        }
        Arrays.fill(rhoSigma, (byte) 0);
        Arrays.fill(sigma, (byte) 0);
    }

    /**
     * FIPS 203, Algorithm 14: encrypts the 32-byte m with the 32-byte randomness r under ek_PKE (already checked
     * for length; its 12-bit values are reduced mod q as ByteDecode_12 prescribes).
     */
    byte[] encrypt(byte[] ek, byte[] m, byte[] r) {
        byte[] rho = Arrays.copyOfRange(ek, 384 * k, 384 * k + 32);
        int[][] y = new int[k][];
        for (int i = 0; i < k; i++) {
            y[i] = Sampling.cbd2(r, i);
            Ntt.forward(y[i]);
        }
        byte[] c = new byte[ciphertextLength()];
        for (int i = 0; i < k; i++) {
            int[] u = new int[N];
            for (int j = 0; j < k; j++) {
                Ntt.multiplyAccumulate(u, Sampling.sampleNtt(rho, i, j), y[j]); // A-hat transposed: [j, i]
            }
            Ntt.reduce(u);
            Ntt.inverseOfProduct(u);
            int[] e1 = Sampling.cbd2(r, k + i);
            for (int n = 0; n < N; n++) {
                u[n] = Field.canonical(Field.barrettReduce(u[n] + e1[n]));
            }
            Codec.compress(u, du);
            Codec.encode(u, du, c, 32 * du * i);
        }
        int[] v = new int[N];
        int[] t = new int[N];
        for (int j = 0; j < k; j++) {
            Codec.decode12(ek, 384 * j, t);
            Ntt.multiplyAccumulate(v, t, y[j]);
        }
        Ntt.reduce(v);
        Ntt.inverseOfProduct(v);
        int[] e2 = Sampling.cbd2(r, 2 * k);
        for (int n = 0; n < N; n++) {
            int bit = (m[n >>> 3] >>> (n & 7)) & 1;
            int mu = -bit & ((Field.Q + 1) / 2); // Decompress_1(bit): 0 or 1665
            v[n] = Field.canonical(Field.barrettReduce(v[n] + e2[n] + mu));
        }
        Codec.compress(v, dv);
        Codec.encode(v, dv, c, 32 * du * k);
        for (int[] p : y) {
            Arrays.fill(p, 0);
        }
        return c;
    }

    /** FIPS 203, Algorithm 15: the 32-byte message of ciphertext c (of the right length) under dk_PKE at dk[0 ..). */
    byte[] decrypt(byte[] dk, byte[] c) {
        int[] w = new int[N];
        int[] u = new int[N];
        int[] s = new int[N];
        for (int i = 0; i < k; i++) {
            Codec.decode(c, 32 * du * i, du, u);
            Codec.decompress(u, du);
            Ntt.forward(u);
            Codec.decode12(dk, 384 * i, s);
            Ntt.multiplyAccumulate(w, s, u);
        }
        Ntt.reduce(w);
        Ntt.inverseOfProduct(w);
        int[] v = new int[N];
        Codec.decode(c, 32 * du * k, dv, v);
        Codec.decompress(v, dv);
        for (int n = 0; n < N; n++) {
            w[n] = Field.canonical(Field.barrettReduce(v[n] - w[n]));
        }
        Codec.compress(w, 1);
        byte[] m = new byte[32];
        Codec.encode(w, 1, m, 0);
        Arrays.fill(s, 0);
        Arrays.fill(w, 0);
        return m;
    }
}
