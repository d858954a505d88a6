package dev.parapet.tls.crypto.chacha;

import static jdk.incubator.vector.VectorOperators.ROL;
import static jdk.incubator.vector.VectorOperators.XOR;

import java.nio.ByteBuffer;
import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The ChaCha20 block function (RFC 8439, 2.3) on {@link #BLOCKS} blocks at once with the Vector API: lane b of
 * vector i is word i of block b, so each quarter round is a lanewise add, XOR and rotate on whole vectors. Only
 * {@link ChaCha20} touches this class, and only when the JVM resolved the {@code jdk.incubator.vector} module
 * (see {@link ChaCha20#VECTOR}); elsewhere it is never loaded. It uses only methods the incubating API has kept
 * from JDK 17 to 25 (int and byte arrays, lanewise operations, reinterpretAsBytes).
 */
final class ChaCha20Vector {
    private static final VectorSpecies<Integer> SPECIES = IntVector.SPECIES_256;
    private static final VectorSpecies<Byte> BYTE_SPECIES = ByteVector.SPECIES_256;
    /**
     * Blocks computed per call, one per lane of {@link #SPECIES}; a compile-time constant so that {@link ChaCha20}
     * can use it without loading this class.
     */
    static final int BLOCKS = 8;
    /** 0, 1, 2, ... : the counter offset of each lane's block. */
    private static final IntVector LANE = IntVector.zero(SPECIES).addIndex(1);

    /** Bytes of keystream per call: the size of the chunk buffers go through. */
    static final int BYTES = BLOCKS * 64;
    /** Words of scratch {@link #xor} needs: the keystream column-major, then the same words block by block. */
    static final int SCRATCH = 2 * 16 * BLOCKS;

    private ChaCha20Vector() {
    }

    /**
     * XORs {@code length} bytes (a multiple of 64: whole blocks) of {@code in[i..]} with the keystream from block
     * {@code counter} on into {@code out[o..]}; {@code ks} is scratch of {@link #SCRATCH} words. {@code out} may be
     * the bytes of {@code in}, or start before them. A last run of fewer than {@code BLOCKS} blocks computes all
     * {@code BLOCKS} and uses the first ones: still cheaper than two blocks of the scalar code.
     */
    static void xor(int[] state, int counter, int[] ks, byte[] in, int i, byte[] out, int o, int length) {
        for (int end = i + length; i < end; i += BYTES, o += BYTES, counter += BLOCKS) {
            keystream(state, counter, ks);
            for (int at = 0, run = Math.min(BYTES, end - i); at < run; at += 32) {
                // reinterpretAsBytes takes each int's bytes in little-endian order, as RFC 8439, 2.4 serializes
                ByteVector.fromArray(BYTE_SPECIES, in, i + at)
                        .lanewise(XOR, IntVector.fromArray(SPECIES, ks, 16 * BLOCKS + at / 4).reinterpretAsBytes())
                        .intoArray(out, o + at);
            }
        }
    }

    /**
     * As {@link #xor(int[], int, int[], byte[], int, byte[], int, int)}, between buffers (absolute indices), through
     * {@code chunk} ({@link #BYTES} bytes of scratch): bulk copies in and out, the XOR on the array. The buffer methods
     * of the incubating API differ between JDK 17 and later JDKs, so this class keeps to arrays.
     */
    static void xor(int[] state, int counter, int[] ks, byte[] chunk, ByteBuffer in, int i, ByteBuffer out, int o,
                    int length) {
        for (int end = i + length; i < end; i += BYTES, o += BYTES, counter += BLOCKS) {
            int run = Math.min(BYTES, end - i);
            in.get(i, chunk, 0, run);
            xor(state, counter, ks, chunk, 0, chunk, 0, run);
            out.put(o, chunk, 0, run);
        }
    }

    /**
     * Whether this class pays here and computes what RFC 8439 says. Pays: the JIT compiles 256-bit vectors to
     * instructions (AVX2 or better on x86; without, the API runs in plain Java, many times slower than the scalar
     * code). Computes: the first word of blocks 0 and 1 for the all-zero key and nonce (A.1, test vectors 1 and 2).
     * Any error (say, an incubating method a later JDK removed) means no.
     */
    static boolean works() {
        try {
            if (IntVector.SPECIES_PREFERRED.vectorBitSize() < SPECIES.vectorBitSize()) {
                return false;
            }
            int[] state = {0x61707865, 0x3320646e, 0x79622d32, 0x6b206574, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};
            byte[] out = new byte[BYTES];
            xor(state, 0, new int[SCRATCH], new byte[BYTES], 0, out, 0, BYTES);
            return out[0] == (byte) 0x76 && out[1] == (byte) 0xb8 && out[2] == (byte) 0xe0 && out[3] == (byte) 0xad
                    && out[64] == (byte) 0x9f && out[65] == (byte) 0x07 && out[66] == (byte) 0xe7
                    && out[67] == (byte) 0xbe;
        } catch (LinkageError | RuntimeException e) {
            return false;
        }
    }

    /**
     * The keystream of blocks {@code counter ..} in {@code ks[16 * BLOCKS ..]}, in stream order. The transpose from
     * lanes to blocks goes through memory: plain int copies, written out word by word (about a quarter faster than
     * the two nested loops), measured faster than gathers, and far faster than two-vector rearranges, which JDK 17
     * does not compile well on AVX2.
     */
    private static void keystream(int[] state, int counter, int[] ks) {
        blocks(state, counter, ks);
        for (int b = 0, to = 16 * BLOCKS; b < BLOCKS; b++, to += 16) {
            ks[to] = ks[b];
            ks[to + 1] = ks[1 * BLOCKS + b];
            ks[to + 2] = ks[2 * BLOCKS + b];
            ks[to + 3] = ks[3 * BLOCKS + b];
            ks[to + 4] = ks[4 * BLOCKS + b];
            ks[to + 5] = ks[5 * BLOCKS + b];
            ks[to + 6] = ks[6 * BLOCKS + b];
            ks[to + 7] = ks[7 * BLOCKS + b];
            ks[to + 8] = ks[8 * BLOCKS + b];
            ks[to + 9] = ks[9 * BLOCKS + b];
            ks[to + 10] = ks[10 * BLOCKS + b];
            ks[to + 11] = ks[11 * BLOCKS + b];
            ks[to + 12] = ks[12 * BLOCKS + b];
            ks[to + 13] = ks[13 * BLOCKS + b];
            ks[to + 14] = ks[14 * BLOCKS + b];
            ks[to + 15] = ks[15 * BLOCKS + b];
        }
    }

    /**
     * Blocks {@code counter .. counter + BLOCKS - 1} of the state {@code in} (16 words; word 12, the counter, is
     * ignored) into {@code out}, column-major: word w of block b at {@code out[w * BLOCKS + b]}.
     */
    private static void blocks(int[] in, int counter, int[] out) {
        IntVector x0 = IntVector.broadcast(SPECIES, in[0]);
        IntVector x1 = IntVector.broadcast(SPECIES, in[1]);
        IntVector x2 = IntVector.broadcast(SPECIES, in[2]);
        IntVector x3 = IntVector.broadcast(SPECIES, in[3]);
        IntVector x4 = IntVector.broadcast(SPECIES, in[4]);
        IntVector x5 = IntVector.broadcast(SPECIES, in[5]);
        IntVector x6 = IntVector.broadcast(SPECIES, in[6]);
        IntVector x7 = IntVector.broadcast(SPECIES, in[7]);
        IntVector x8 = IntVector.broadcast(SPECIES, in[8]);
        IntVector x9 = IntVector.broadcast(SPECIES, in[9]);
        IntVector x10 = IntVector.broadcast(SPECIES, in[10]);
        IntVector x11 = IntVector.broadcast(SPECIES, in[11]);
        IntVector x12 = LANE.add(counter);
        IntVector x13 = IntVector.broadcast(SPECIES, in[13]);
        IntVector x14 = IntVector.broadcast(SPECIES, in[14]);
        IntVector x15 = IntVector.broadcast(SPECIES, in[15]);
        for (int round = 0; round < 10; round++) {
            // RFC 8439, 2.3: column rounds
            x0 = x0.add(x4); x12 = x12.lanewise(XOR, x0).lanewise(ROL, 16);
            x8 = x8.add(x12); x4 = x4.lanewise(XOR, x8).lanewise(ROL, 12);
            x0 = x0.add(x4); x12 = x12.lanewise(XOR, x0).lanewise(ROL, 8);
            x8 = x8.add(x12); x4 = x4.lanewise(XOR, x8).lanewise(ROL, 7);
            x1 = x1.add(x5); x13 = x13.lanewise(XOR, x1).lanewise(ROL, 16);
            x9 = x9.add(x13); x5 = x5.lanewise(XOR, x9).lanewise(ROL, 12);
            x1 = x1.add(x5); x13 = x13.lanewise(XOR, x1).lanewise(ROL, 8);
            x9 = x9.add(x13); x5 = x5.lanewise(XOR, x9).lanewise(ROL, 7);
            x2 = x2.add(x6); x14 = x14.lanewise(XOR, x2).lanewise(ROL, 16);
            x10 = x10.add(x14); x6 = x6.lanewise(XOR, x10).lanewise(ROL, 12);
            x2 = x2.add(x6); x14 = x14.lanewise(XOR, x2).lanewise(ROL, 8);
            x10 = x10.add(x14); x6 = x6.lanewise(XOR, x10).lanewise(ROL, 7);
            x3 = x3.add(x7); x15 = x15.lanewise(XOR, x3).lanewise(ROL, 16);
            x11 = x11.add(x15); x7 = x7.lanewise(XOR, x11).lanewise(ROL, 12);
            x3 = x3.add(x7); x15 = x15.lanewise(XOR, x3).lanewise(ROL, 8);
            x11 = x11.add(x15); x7 = x7.lanewise(XOR, x11).lanewise(ROL, 7);
            // diagonal rounds
            x0 = x0.add(x5); x15 = x15.lanewise(XOR, x0).lanewise(ROL, 16);
            x10 = x10.add(x15); x5 = x5.lanewise(XOR, x10).lanewise(ROL, 12);
            x0 = x0.add(x5); x15 = x15.lanewise(XOR, x0).lanewise(ROL, 8);
            x10 = x10.add(x15); x5 = x5.lanewise(XOR, x10).lanewise(ROL, 7);
            x1 = x1.add(x6); x12 = x12.lanewise(XOR, x1).lanewise(ROL, 16);
            x11 = x11.add(x12); x6 = x6.lanewise(XOR, x11).lanewise(ROL, 12);
            x1 = x1.add(x6); x12 = x12.lanewise(XOR, x1).lanewise(ROL, 8);
            x11 = x11.add(x12); x6 = x6.lanewise(XOR, x11).lanewise(ROL, 7);
            x2 = x2.add(x7); x13 = x13.lanewise(XOR, x2).lanewise(ROL, 16);
            x8 = x8.add(x13); x7 = x7.lanewise(XOR, x8).lanewise(ROL, 12);
            x2 = x2.add(x7); x13 = x13.lanewise(XOR, x2).lanewise(ROL, 8);
            x8 = x8.add(x13); x7 = x7.lanewise(XOR, x8).lanewise(ROL, 7);
            x3 = x3.add(x4); x14 = x14.lanewise(XOR, x3).lanewise(ROL, 16);
            x9 = x9.add(x14); x4 = x4.lanewise(XOR, x9).lanewise(ROL, 12);
            x3 = x3.add(x4); x14 = x14.lanewise(XOR, x3).lanewise(ROL, 8);
            x9 = x9.add(x14); x4 = x4.lanewise(XOR, x9).lanewise(ROL, 7);
        }
        int n = BLOCKS;
        x0.add(in[0]).intoArray(out, 0);
        x1.add(in[1]).intoArray(out, n);
        x2.add(in[2]).intoArray(out, 2 * n);
        x3.add(in[3]).intoArray(out, 3 * n);
        x4.add(in[4]).intoArray(out, 4 * n);
        x5.add(in[5]).intoArray(out, 5 * n);
        x6.add(in[6]).intoArray(out, 6 * n);
        x7.add(in[7]).intoArray(out, 7 * n);
        x8.add(in[8]).intoArray(out, 8 * n);
        x9.add(in[9]).intoArray(out, 9 * n);
        x10.add(in[10]).intoArray(out, 10 * n);
        x11.add(in[11]).intoArray(out, 11 * n);
        x12.add(LANE.add(counter)).intoArray(out, 12 * n);
        x13.add(in[13]).intoArray(out, 13 * n);
        x14.add(in[14]).intoArray(out, 14 * n);
        x15.add(in[15]).intoArray(out, 15 * n);
    }
}
