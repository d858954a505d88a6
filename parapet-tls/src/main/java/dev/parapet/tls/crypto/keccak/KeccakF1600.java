package dev.parapet.tls.crypto.keccak;

/** The Keccak-f[1600] permutation (FIPS 202, 3.3), unrolled over the 25 lanes of one round. */
final class KeccakF1600 {
    private static final int ROUNDS = 24;
    private static final long[] ROUND_CONSTANTS = roundConstants();

    private KeccakF1600() {
    }

    /** Permutes the state in place; lane (x, y) is {@code s[x + 5 * y]}, bytes little-endian (FIPS 202, 3.1.2). */
    static void permute(long[] s) {
        long a00 = s[0], a01 = s[1], a02 = s[2], a03 = s[3], a04 = s[4];
        long a05 = s[5], a06 = s[6], a07 = s[7], a08 = s[8], a09 = s[9];
        long a10 = s[10], a11 = s[11], a12 = s[12], a13 = s[13], a14 = s[14];
        long a15 = s[15], a16 = s[16], a17 = s[17], a18 = s[18], a19 = s[19];
        long a20 = s[20], a21 = s[21], a22 = s[22], a23 = s[23], a24 = s[24];
        for (int round = 0; round < ROUNDS; round++) {
            // theta (FIPS 202, 3.2.1)
            long c0 = a00 ^ a05 ^ a10 ^ a15 ^ a20;
            long c1 = a01 ^ a06 ^ a11 ^ a16 ^ a21;
            long c2 = a02 ^ a07 ^ a12 ^ a17 ^ a22;
            long c3 = a03 ^ a08 ^ a13 ^ a18 ^ a23;
            long c4 = a04 ^ a09 ^ a14 ^ a19 ^ a24;
            long d0 = c4 ^ Long.rotateLeft(c1, 1);
            long d1 = c0 ^ Long.rotateLeft(c2, 1);
            long d2 = c1 ^ Long.rotateLeft(c3, 1);
            long d3 = c2 ^ Long.rotateLeft(c4, 1);
            long d4 = c3 ^ Long.rotateLeft(c0, 1);
            // rho and pi (3.2.2, 3.2.3): lane (x, y) moves to (y, 2x + 3y) rotated by its offset
            long b00 = a00 ^ d0;
            long b16 = Long.rotateLeft(a05 ^ d0, 36);
            long b07 = Long.rotateLeft(a10 ^ d0, 3);
            long b23 = Long.rotateLeft(a15 ^ d0, 41);
            long b14 = Long.rotateLeft(a20 ^ d0, 18);
            long b10 = Long.rotateLeft(a01 ^ d1, 1);
            long b01 = Long.rotateLeft(a06 ^ d1, 44);
            long b17 = Long.rotateLeft(a11 ^ d1, 10);
            long b08 = Long.rotateLeft(a16 ^ d1, 45);
            long b24 = Long.rotateLeft(a21 ^ d1, 2);
            long b20 = Long.rotateLeft(a02 ^ d2, 62);
            long b11 = Long.rotateLeft(a07 ^ d2, 6);
            long b02 = Long.rotateLeft(a12 ^ d2, 43);
            long b18 = Long.rotateLeft(a17 ^ d2, 15);
            long b09 = Long.rotateLeft(a22 ^ d2, 61);
            long b05 = Long.rotateLeft(a03 ^ d3, 28);
            long b21 = Long.rotateLeft(a08 ^ d3, 55);
            long b12 = Long.rotateLeft(a13 ^ d3, 25);
            long b03 = Long.rotateLeft(a18 ^ d3, 21);
            long b19 = Long.rotateLeft(a23 ^ d3, 56);
            long b15 = Long.rotateLeft(a04 ^ d4, 27);
            long b06 = Long.rotateLeft(a09 ^ d4, 20);
            long b22 = Long.rotateLeft(a14 ^ d4, 39);
            long b13 = Long.rotateLeft(a19 ^ d4, 8);
            long b04 = Long.rotateLeft(a24 ^ d4, 14);
            // chi (3.2.4)
            a00 = b00 ^ (~b01 & b02);
            a01 = b01 ^ (~b02 & b03);
            a02 = b02 ^ (~b03 & b04);
            a03 = b03 ^ (~b04 & b00);
            a04 = b04 ^ (~b00 & b01);
            a05 = b05 ^ (~b06 & b07);
            a06 = b06 ^ (~b07 & b08);
            a07 = b07 ^ (~b08 & b09);
            a08 = b08 ^ (~b09 & b05);
            a09 = b09 ^ (~b05 & b06);
            a10 = b10 ^ (~b11 & b12);
            a11 = b11 ^ (~b12 & b13);
            a12 = b12 ^ (~b13 & b14);
            a13 = b13 ^ (~b14 & b10);
            a14 = b14 ^ (~b10 & b11);
            a15 = b15 ^ (~b16 & b17);
            a16 = b16 ^ (~b17 & b18);
            a17 = b17 ^ (~b18 & b19);
            a18 = b18 ^ (~b19 & b15);
            a19 = b19 ^ (~b15 & b16);
            a20 = b20 ^ (~b21 & b22);
            a21 = b21 ^ (~b22 & b23);
            a22 = b22 ^ (~b23 & b24);
            a23 = b23 ^ (~b24 & b20);
            a24 = b24 ^ (~b20 & b21);
            // iota (3.2.5)
            a00 ^= ROUND_CONSTANTS[round];

        }
        s[0] = a00; s[1] = a01; s[2] = a02; s[3] = a03; s[4] = a04;
        s[5] = a05; s[6] = a06; s[7] = a07; s[8] = a08; s[9] = a09;
        s[10] = a10; s[11] = a11; s[12] = a12; s[13] = a13; s[14] = a14;
        s[15] = a15; s[16] = a16; s[17] = a17; s[18] = a18; s[19] = a19;
        s[20] = a20; s[21] = a21; s[22] = a22; s[23] = a23; s[24] = a24;
    }

    /** FIPS 202, 3.2.5: RC[ir] has bit 2^j - 1 equal to rc(j + 7 ir), rc being the output of a degree-8 LFSR. */
    private static long[] roundConstants() {
        long[] out = new long[ROUNDS];
        for (int ir = 0; ir < ROUNDS; ir++) {
            for (int j = 0; j <= 6; j++) {
                if (rc(j + 7 * ir)) {
                    out[ir] |= 1L << ((1 << j) - 1);
                }
            }
        }
        return out;
    }

    /** FIPS 202, Algorithm 5. */
    private static boolean rc(int t) {
        if (t % 255 == 0) {
            return true;
        }
        int r = 1;
        for (int i = 1; i <= t % 255; i++) {
            r <<= 1;
            if ((r & 0x100) != 0) {
                r ^= 0x171; // fold the bit shifted out, R[8], into R[0], R[4], R[5], R[6]
            }
        }
        return (r & 1) != 0;
    }
}
