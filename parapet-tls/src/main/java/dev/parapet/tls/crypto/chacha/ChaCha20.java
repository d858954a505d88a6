package dev.parapet.tls.crypto.chacha;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The ChaCha20 stream cipher (RFC 8439, 2.3-2.4) on an int state: a 256-bit key, a 96-bit nonce and a 32-bit block
 * counter. {@link #start} sets nonce and counter; {@link #xor} then XORs the keystream into consecutive byte ranges,
 * continuing mid-block where the previous call stopped. Heap and direct buffers alike; nothing is allocated per
 * call. Not thread-safe.
 */
final class ChaCha20 {
    /** RFC 8439, 2.3: "expand 32-byte k" as four little-endian words. */
    private static final int C0 = 0x61707865;
    private static final int C1 = 0x3320646e;
    private static final int C2 = 0x79622d32;
    private static final int C3 = 0x6b206574;
    static final int BLOCK = 64;
    static final VarHandle LE_INT = MethodHandles.byteBufferViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle LE_INT_ARRAY = MethodHandles.byteArrayViewVarHandle(int[].class,
            ByteOrder.LITTLE_ENDIAN);

    /**
     * Whether whole runs of {@link ChaCha20Vector#BLOCKS} blocks go through the Vector API: only when the JVM resolved
     * {@code jdk.incubator.vector} (it runs with {@code --add-modules jdk.incubator.vector}) and the system property
     * {@code parapet.chacha.scalar} is not {@code true} (tests use it to cover the scalar code too), and the vector
     * code passes a known-answer check on this JVM ({@link ChaCha20Vector#works}). Decided once.
     */
    static final boolean VECTOR = !Boolean.getBoolean("parapet.chacha.scalar")
            && ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent() && ChaCha20Vector.works();

    private int k0, k1, k2, k3, k4, k5, k6, k7;
    private int n0, n1, n2;
    private int counter;
    /** The current keystream block, as 16 words; bytes [used, 64) of it are not yet consumed. */
    private final int[] keystream = new int[16];
    private int used = BLOCK;
    /** The input state for the vector path (word 12, the counter, is passed apart); null on the scalar path. */
    private final int[] input = VECTOR ? new int[16] : null;
    /** Scratch of the vector path (see {@link ChaCha20Vector#xor}); null on the scalar path. */
    private final int[] wide = VECTOR ? new int[ChaCha20Vector.SCRATCH] : null;
    /** Direct (or mixed) buffers go through this on the vector path; null on the scalar path. */
    private final byte[] chunk = VECTOR ? new byte[ChaCha20Vector.BYTES] : null;

    /** Sets the 32-byte key (RFC 8439, 2.3: eight little-endian words). */
    void key(byte[] key) {
        if (key.length != 32) {
            throw new IllegalArgumentException("ChaCha20 key must be 32 bytes, got " + key.length);
        }
        k0 = le(key, 0);
        k1 = le(key, 4);
        k2 = le(key, 8);
        k3 = le(key, 12);
        k4 = le(key, 16);
        k5 = le(key, 20);
        k6 = le(key, 24);
        k7 = le(key, 28);
        if (VECTOR) {
            int[] s = input;
            s[0] = C0;
            s[1] = C1;
            s[2] = C2;
            s[3] = C3;
            s[4] = k0;
            s[5] = k1;
            s[6] = k2;
            s[7] = k3;
            s[8] = k4;
            s[9] = k5;
            s[10] = k6;
            s[11] = k7;
        }
    }

    /** Starts the keystream of {@code nonce} (12 bytes) at block {@code initialCounter}. */
    void start(byte[] nonce, int initialCounter) {
        if (nonce.length != 12) {
            throw new IllegalArgumentException("ChaCha20 nonce must be 12 bytes, got " + nonce.length);
        }
        n0 = le(nonce, 0);
        n1 = le(nonce, 4);
        n2 = le(nonce, 8);
        if (VECTOR) {
            input[13] = n0;
            input[14] = n1;
            input[15] = n2;
        }
        counter = initialCounter;
        used = BLOCK;
    }

    /** Word i (0..15) of the next keystream block, which is consumed whole; used to make the Poly1305 key. */
    int[] nextBlock() {
        block();
        used = BLOCK;
        return keystream;
    }

    /**
     * XORs {@code length} bytes at {@code in[inAt..]} with the keystream into {@code out[outAt..]} (absolute
     * indices; positions untouched). in and out may be the same bytes, or out may start before in.
     */
    void xor(ByteBuffer in, int inAt, ByteBuffer out, int outAt, int length) {
        int i = inAt;
        int o = outAt;
        int end = inAt + length;
        while (used < BLOCK && i < end) {
            out.put(o++, (byte) (in.get(i++) ^ keystreamByte(used++)));
        }
        if (VECTOR && end - i >= 2 * BLOCK) {
            int whole = (end - i) & -BLOCK;
            if (in.hasArray() && out.hasArray()) {
                ChaCha20Vector.xor(input, counter, wide, in.array(), in.arrayOffset() + i, out.array(),
                        out.arrayOffset() + o, whole);
            } else {
                ChaCha20Vector.xor(input, counter, wide, chunk, in, i, out, o, whole);
            }
            counter += whole / BLOCK;
            i += whole;
            o += whole;
        }
        if (end - i >= BLOCK && in.hasArray() && out.hasArray()) {
            int whole = (end - i) & -BLOCK;
            xorBlocks(in.array(), in.arrayOffset() + i, out.array(), out.arrayOffset() + o, whole);
            i += whole;
            o += whole;
        }
        while (end - i >= BLOCK) {
            block();
            int[] ks = keystream;
            for (int w = 0; w < 16; w++) {
                LE_INT.set(out, o + 4 * w, (int) LE_INT.get(in, i + 4 * w) ^ ks[w]);
            }
            i += BLOCK;
            o += BLOCK;
        }
        if (i < end) {
            block();
            used = 0;
            while (i < end) {
                out.put(o++, (byte) (in.get(i++) ^ keystreamByte(used++)));
            }
        }
    }

    /** Whole blocks between heap arrays: byte[] views are the fastest access the JIT offers. */
    private void xorBlocks(byte[] in, int i, byte[] out, int o, int length) {
        int[] ks = keystream;
        for (int end = i + length; i < end; i += BLOCK, o += BLOCK) {
            block();
            for (int w = 0; w < 16; w++) {
                LE_INT_ARRAY.set(out, o + 4 * w, (int) LE_INT_ARRAY.get(in, i + 4 * w) ^ ks[w]);
            }
        }
    }

    private int keystreamByte(int index) {
        return keystream[index >>> 2] >>> (8 * (index & 3));
    }

    /** RFC 8439, 2.3: the block function, 20 rounds, into {@link #keystream}; then the counter moves on. */
    private void block() {
        int x0 = C0, x1 = C1, x2 = C2, x3 = C3;
        int x4 = k0, x5 = k1, x6 = k2, x7 = k3;
        int x8 = k4, x9 = k5, x10 = k6, x11 = k7;
        int x12 = counter, x13 = n0, x14 = n1, x15 = n2;
        for (int round = 0; round < 10; round++) {
                // RFC 8439, 2.3: column rounds
                x0 += x4; x12 = Integer.rotateLeft(x12 ^ x0, 16);
                x8 += x12; x4 = Integer.rotateLeft(x4 ^ x8, 12);
                x0 += x4; x12 = Integer.rotateLeft(x12 ^ x0, 8);
                x8 += x12; x4 = Integer.rotateLeft(x4 ^ x8, 7);
                x1 += x5; x13 = Integer.rotateLeft(x13 ^ x1, 16);
                x9 += x13; x5 = Integer.rotateLeft(x5 ^ x9, 12);
                x1 += x5; x13 = Integer.rotateLeft(x13 ^ x1, 8);
                x9 += x13; x5 = Integer.rotateLeft(x5 ^ x9, 7);
                x2 += x6; x14 = Integer.rotateLeft(x14 ^ x2, 16);
                x10 += x14; x6 = Integer.rotateLeft(x6 ^ x10, 12);
                x2 += x6; x14 = Integer.rotateLeft(x14 ^ x2, 8);
                x10 += x14; x6 = Integer.rotateLeft(x6 ^ x10, 7);
                x3 += x7; x15 = Integer.rotateLeft(x15 ^ x3, 16);
                x11 += x15; x7 = Integer.rotateLeft(x7 ^ x11, 12);
                x3 += x7; x15 = Integer.rotateLeft(x15 ^ x3, 8);
                x11 += x15; x7 = Integer.rotateLeft(x7 ^ x11, 7);
                // diagonal rounds
                x0 += x5; x15 = Integer.rotateLeft(x15 ^ x0, 16);
                x10 += x15; x5 = Integer.rotateLeft(x5 ^ x10, 12);
                x0 += x5; x15 = Integer.rotateLeft(x15 ^ x0, 8);
                x10 += x15; x5 = Integer.rotateLeft(x5 ^ x10, 7);
                x1 += x6; x12 = Integer.rotateLeft(x12 ^ x1, 16);
                x11 += x12; x6 = Integer.rotateLeft(x6 ^ x11, 12);
                x1 += x6; x12 = Integer.rotateLeft(x12 ^ x1, 8);
                x11 += x12; x6 = Integer.rotateLeft(x6 ^ x11, 7);
                x2 += x7; x13 = Integer.rotateLeft(x13 ^ x2, 16);
                x8 += x13; x7 = Integer.rotateLeft(x7 ^ x8, 12);
                x2 += x7; x13 = Integer.rotateLeft(x13 ^ x2, 8);
                x8 += x13; x7 = Integer.rotateLeft(x7 ^ x8, 7);
                x3 += x4; x14 = Integer.rotateLeft(x14 ^ x3, 16);
                x9 += x14; x4 = Integer.rotateLeft(x4 ^ x9, 12);
                x3 += x4; x14 = Integer.rotateLeft(x14 ^ x3, 8);
                x9 += x14; x4 = Integer.rotateLeft(x4 ^ x9, 7);
        }
        int[] s = keystream;
        s[0] = x0 + C0;
        s[1] = x1 + C1;
        s[2] = x2 + C2;
        s[3] = x3 + C3;
        s[4] = x4 + k0;
        s[5] = x5 + k1;
        s[6] = x6 + k2;
        s[7] = x7 + k3;
        s[8] = x8 + k4;
        s[9] = x9 + k5;
        s[10] = x10 + k6;
        s[11] = x11 + k7;
        s[12] = x12 + counter;
        s[13] = x13 + n0;
        s[14] = x14 + n1;
        s[15] = x15 + n2;
        counter++;
    }

    static int le(byte[] b, int at) {
        return (b[at] & 0xff) | (b[at + 1] & 0xff) << 8 | (b[at + 2] & 0xff) << 16 | (b[at + 3] & 0xff) << 24;
    }
}
