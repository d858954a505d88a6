package dev.parapet.tls.crypto.chacha;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The Poly1305 one-time authenticator (RFC 8439, 2.5) with the accumulator and r in three limbs of 44, 44 and 42
 * bits: nine products a block, each split at bit 44 with {@link Math#multiplyHigh} (see {@link #multiply}). Only
 * what the AEAD needs: {@link #padded} MACs a byte range as if zero-padded to a multiple of 16 (RFC 8439, 2.8),
 * {@link #lengths} the final block of two 64-bit lengths. With the Vector API module, runs of 256 bytes or more
 * go four blocks at once through {@link Poly1305Vector}. Branch-free on secret data; allocates nothing; not
 * thread-safe.
 */
final class Poly1305 {
    private static final long M44 = (1L << 44) - 1;
    private static final long M42 = (1L << 42) - 1;
    private static final long M32 = 0xffffffffL;
    /** The 2^128 bit of a full block, in limb 2 (which starts at bit 88). */
    private static final long HIBIT = 1L << 40;
    private static final VarHandle LE_LONG = MethodHandles.byteBufferViewVarHandle(long[].class,
            ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle LE_LONG_ARRAY = MethodHandles.byteArrayViewVarHandle(long[].class,
            ByteOrder.LITTLE_ENDIAN);

    /** r, and s1 = 20 r1, s2 = 20 r2 (2^132 = 4 * 2^130 = 20 mod p), each shifted left 3 (see {@link #multiply}). */
    private long r0x, r1x, s1x, s2x;
    /** r shifted left 5, for limb 2 which is split at bit 42. */
    private long r0y, r1y, r2y;
    private long r0, r1, r2, s1, s2;
    /**
     * r^4, r^3, r^2 and r (mod p, not fully reduced), {@link #STRIDE} values each, for {@link #multiply4}: at offset
     * {@code STRIDE * (4 - k)} the limbs of r^k and 20 times limbs 1 and 2, in the order of the P_ and S_ constants;
     * {@link #fpowers} holds the same values as doubles (exact: all below 2^49).
     */
    private final long[] powers = new long[4 * STRIDE];
    private final double[] fpowers = new double[4 * STRIDE];
    private static final int STRIDE = 5;
    private static final int P0 = 0, P1 = 1, P2 = 2, S1 = 3, S2 = 4;
    /** Subtracted from each column's estimated carry so that it never exceeds the true one (see {@link #multiply4}). */
    private static final long BIAS = 32;
    private long h0, h1, h2;
    /**
     * Whether whole runs of four blocks go through {@link Poly1305Vector} (doubles in 256-bit vectors): with the
     * Vector API module (as {@link ChaCha20#VECTOR}) and when it agrees with this class on a fixed message here.
     */
    static final boolean VECTOR = ChaCha20.VECTOR && vectorAgrees();
    /** Runs shorter than this stay on the scalar code (the vector path's set-up and join cost a few blocks). */
    private static final int VECTOR_MIN = 256;
    /** This instance's choice (the class's, except in {@link #vectorAgrees}); the arrays are null without it. */
    private final boolean useVector;
    private final double[] vectorKey;
    private final double[] vectorScratch;
    private final long[] vectorH;
    private long pad0, pad1;
    /** Direct buffers are MACed through this. */
    private final byte[] chunk = new byte[256];
    /** Holds a final partial block, zero-padded. */
    private final ByteBuffer partial = ByteBuffer.allocate(16);
    /** The tag of {@link #finish}, four little-endian words. */
    final int[] tag = new int[4];

    Poly1305() {
        this(VECTOR);
    }

    private Poly1305(boolean useVector) {
        this.useVector = useVector;
        vectorKey = useVector ? new double[Poly1305Vector.KEY_DOUBLES] : null;
        vectorScratch = useVector ? new double[Poly1305Vector.SCRATCH_DOUBLES] : null;
        vectorH = useVector ? new long[3] : null;
    }

    /** RFC 8439, 2.5: r = words 0..3 clamped, s = words 4..7 (the one-time key from ChaCha20 block 0). */
    void init(int[] key) {
        long t0 = (key[0] & M32) | (long) key[1] << 32;
        long t1 = (key[2] & M32) | (long) key[3] << 32;
        // clamp(r): r &= 0x0ffffffc0ffffffc0ffffffc0fffffff, split into limbs of 44, 44 and 42 bits
        r0 = t0 & 0xffc0fffffffL;
        r1 = ((t0 >>> 44) | (t1 << 20)) & 0xfffffc0ffffL;
        r2 = (t1 >>> 24) & 0x00ffffffc0fL;
        s1 = r1 * 20;
        s2 = r2 * 20;
        r0x = r0 << 3;
        r1x = r1 << 3;
        s1x = s1 << 3;
        s2x = s2 << 3;
        r0y = r0 << 5;
        r1y = r1 << 5;
        r2y = r2 << 5;
        // r^k = r^(k-1) * r, each stored with its multiples and shifts
        h0 = r0;
        h1 = r1;
        h2 = r2;
        for (int k = 1; k <= 4; k++) {
            if (k > 1) {
                multiply(0, 0, 0);
            }
            storePower(STRIDE * (4 - k), h0, h1, h2);
        }
        h0 = h1 = h2 = 0;
        if (useVector) {
            Poly1305Vector.prepare(powers, vectorKey);
        }
        pad0 = (key[4] & M32) | (long) key[5] << 32;
        pad1 = (key[6] & M32) | (long) key[7] << 32;
    }

    /** Limbs p0 &lt; 2^44, p1 &lt; 2^44 + 2^16, p2 &lt; 2^42 (outputs of {@link #multiply}): 20 p1 stays below 2^48.4. */
    private void storePower(int at, long p0, long p1, long p2) {
        long[] w = powers;
        w[at + P0] = p0;
        w[at + P1] = p1;
        w[at + P2] = p2;
        w[at + S1] = p1 * 20;
        w[at + S2] = p2 * 20;
        for (int i = 0; i < STRIDE; i++) {
            fpowers[at + i] = w[at + i];
        }
    }

    /** MACs {@code buf[at, at+length)} followed by zeros up to a multiple of 16 bytes (RFC 8439, 2.8: pad16). */
    void padded(ByteBuffer buf, int at, int length) {
        int end = at + length;
        int i = at;
        if (buf.hasArray()) {
            int whole = length & -16;
            blocks(buf.array(), buf.arrayOffset() + at, whole);
            i += whole;
        }
        // direct buffers: bulk copies into an array are faster than reading the buffer a long at a time
        for (int n; (n = Math.min(end - i, chunk.length) & -16) > 0; i += n) {
            buf.get(i, chunk, 0, n);
            blocks(chunk, 0, n);
        }
        for (; end - i >= 16; i += 16) {
            block(buf, i, HIBIT);
        }
        if (i < end) {
            for (int j = 0; j < 16; j++) {
                partial.put(j, i + j < end ? buf.get(i + j) : 0);
            }
            block(partial, 0, HIBIT);
        }
    }

    /**
     * Poly1305 of a message as RFC 8439, 2.5 defines it for any length: a final partial block gets a 1 byte and
     * zeros instead of the 2^128 bit. The AEAD does not need it; the RFC's Poly1305 vectors do.
     */
    void message(ByteBuffer buf, int at, int length) {
        int end = at + length;
        int i = at;
        for (; end - i >= 16; i += 16) {
            block(buf, i, HIBIT);
        }
        if (i < end) {
            for (int j = 0; j < 16; j++) {
                int k = i + j;
                partial.put(j, k < end ? buf.get(k) : k == end ? 1 : (byte) 0);
            }
            block(partial, 0, 0);
        }
    }

    /** RFC 8439, 2.8: the last block, le64(aad length) || le64(ciphertext length). */
    void lengths(long aadLength, long ciphertextLength) {
        partial.putLong(0, Long.reverseBytes(aadLength));
        partial.putLong(8, Long.reverseBytes(ciphertextLength));
        block(partial, 0, HIBIT);
    }

    /** One 16-byte block plus {@code hibit} (the 2^128 bit, or 0). */
    private void block(ByteBuffer buf, int at, long hibit) {
        multiply((long) LE_LONG.get(buf, at), (long) LE_LONG.get(buf, at + 8), hibit);
    }

    /** Whole blocks of a heap array: byte[] views are the fastest access the JIT offers. */
    private void blocks(byte[] a, int at, int length) {
        int end = at + length;
        if (useVector && length >= VECTOR_MIN) {
            int whole = length & -64;
            long[] h = vectorH;
            h[0] = h0;
            h[1] = h1;
            h[2] = h2;
            Poly1305Vector.blocks(vectorKey, vectorScratch, a, at, whole, h);
            h0 = h[0];
            h1 = h[1];
            h2 = h[2];
            at += whole;
        }
        for (; end - at >= 64; at += 64) {
            multiply4(a, at);
        }
        for (; at < end; at += 16) {
            multiply((long) LE_LONG_ARRAY.get(a, at), (long) LE_LONG_ARRAY.get(a, at + 8), HIBIT);
        }
    }

    /**
     * h = (h + t + hibit * 2^128) * r mod 2^130 - 5, t the block as two little-endian longs. A limb sum d of products
     * p (each below 2^96) is split at bit 44 without 128-bit additions: H = sum of p >> 44, each p >> 44 being
     * {@code multiplyHigh(a << 17, b << 3)} (a < 2^46 and b < 2^53 keep both shifts inside 63 bits); L = the sum of
     * the plain 64-bit products, which wraps, but L - (H << 44) is exactly the sum of the low 44-bit parts (below
     * 2^47), so d >> 44 = H + ((L - (H << 44)) >>> 44). Limb 2 is split at bit 42 the same way.
     */
    private void multiply(long t0, long t1, long hibit) {
        long a0 = h0 + (t0 & M44);
        long a1 = h1 + (((t0 >>> 44) | (t1 << 20)) & M44);
        long a2 = h2 + ((t1 >>> 24) | hibit);
        long b0 = a0 << 17;
        long b1 = a1 << 17;
        long b2 = a2 << 17;

        // d0 = a0 r0 + a1 s2 + a2 s1
        long l0 = a0 * r0 + a1 * s2 + a2 * s1;
        long c0 = Math.multiplyHigh(b0, r0x) + Math.multiplyHigh(b1, s2x) + Math.multiplyHigh(b2, s1x);
        l0 -= c0 << 44;
        c0 += l0 >>> 44;
        // d1 = a0 r1 + a1 r0 + a2 s2 + carry
        long l1 = a0 * r1 + a1 * r0 + a2 * s2 + c0;
        long c1 = Math.multiplyHigh(b0, r1x) + Math.multiplyHigh(b1, r0x) + Math.multiplyHigh(b2, s2x)
                + (c0 >>> 44);
        l1 -= c1 << 44;
        c1 += l1 >>> 44;
        // d2 = a0 r2 + a1 r1 + a2 r0 + carry, split at bit 42 (limb 2 ends at 2^130)
        long l2 = a0 * r2 + a1 * r1 + a2 * r0 + c1;
        long c2 = Math.multiplyHigh(b0, r2y) + Math.multiplyHigh(b1, r1y) + Math.multiplyHigh(b2, r0y)
                + (c1 >>> 42);
        l2 -= c2 << 42;
        c2 += l2 >>> 42;

        // 2^130 = 5 (mod p)
        long x0 = (l0 & M44) + c2 * 5;
        h0 = x0 & M44;
        h1 = (l1 & M44) + (x0 >>> 44);
        h2 = l2 & M42;
    }

    /**
     * Four full blocks t, u, v, w of {@code a} from {@code at} in one step: h = (h + t) r^4 + u r^3 + v r^2 + w r
     * (mod p), the same as four {@link #multiply} calls with a quarter of their serial carry chains. Each limb of the
     * result is a column S of twelve products x y, multiplicands x below 2^45, multipliers y below 2^48.4, so each
     * below 2^93.4 and S below 2^97.
     *
     * <p>The column's carry (S split at bit 44, or 42 for limb 2) is estimated in double precision instead of being
     * summed from twelve {@link Math#multiplyHigh} calls: x and y are exact as doubles; each product is rounded by at
     * most 2^40.4 and each of the eleven additions by at most 2^43, so the estimate of S is off by less than 2^46.7,
     * which is less than 7 units of 2^44 (27 units of 2^42). Truncated and lowered by {@link #BIAS} (32), the carry
     * estimate H is below the true carry by 5 to 60 units, never above. The low part L = S - H 2^44 is then exact from
     * the plain (wrapping) 64-bit products: its true value lies in [0, 61 * 2^44) (limb 2: [0, 61 * 2^42)), inside a
     * long, so the wrapped result is that value; and H + (L >>> 44) is the exact carry. The bound counts additions,
     * not their order: the nine products of u, v and w, which do not depend on h, are summed first, so that only the
     * three products of a sit on the serial chain from one step to the next (about a fifth faster than summing
     * column by column from a's products on, measured in session 5). Doubles here are integers
     * below 2^98, zero or normal, never subnormal: their operations take the same time whatever the values.
     */
    private void multiply4(byte[] a, int at) {
        long t0 = (long) LE_LONG_ARRAY.get(a, at);
        long t1 = (long) LE_LONG_ARRAY.get(a, at + 8);
        long u0 = (long) LE_LONG_ARRAY.get(a, at + 16);
        long u1 = (long) LE_LONG_ARRAY.get(a, at + 24);
        long v0 = (long) LE_LONG_ARRAY.get(a, at + 32);
        long v1 = (long) LE_LONG_ARRAY.get(a, at + 40);
        long w0 = (long) LE_LONG_ARRAY.get(a, at + 48);
        long w1 = (long) LE_LONG_ARRAY.get(a, at + 56);
        long b0 = u0 & M44, b1 = ((u0 >>> 44) | (u1 << 20)) & M44, b2 = (u1 >>> 24) | HIBIT;
        long c0 = v0 & M44, c1 = ((v0 >>> 44) | (v1 << 20)) & M44, c2 = (v1 >>> 24) | HIBIT;
        long d0 = w0 & M44, d1 = ((w0 >>> 44) | (w1 << 20)) & M44, d2 = (w1 >>> 24) | HIBIT;
        double fb0 = b0, fb1 = b1, fb2 = b2;
        double fc0 = c0, fc1 = c1, fc2 = c2, fd0 = d0, fd1 = d1, fd2 = d2;
        long[] p = powers;
        double[] f = fpowers;
        final int r4 = 0, r3 = STRIDE, r2 = 2 * STRIDE, r1 = 3 * STRIDE;
        // the nine products of u, v, w do not depend on h: summed first, off the serial chain
        double e0 = (fb0 * f[r3 + P0] + fb1 * f[r3 + S2] + fb2 * f[r3 + S1])
                + (fc0 * f[r2 + P0] + fc1 * f[r2 + S2] + fc2 * f[r2 + S1])
                + (fd0 * f[r1 + P0] + fd1 * f[r1 + S2] + fd2 * f[r1 + S1]);
        double e1 = (fb0 * f[r3 + P1] + fb1 * f[r3 + P0] + fb2 * f[r3 + S2])
                + (fc0 * f[r2 + P1] + fc1 * f[r2 + P0] + fc2 * f[r2 + S2])
                + (fd0 * f[r1 + P1] + fd1 * f[r1 + P0] + fd2 * f[r1 + S2]);
        double e2 = (fb0 * f[r3 + P2] + fb1 * f[r3 + P1] + fb2 * f[r3 + P0])
                + (fc0 * f[r2 + P2] + fc1 * f[r2 + P1] + fc2 * f[r2 + P0])
                + (fd0 * f[r1 + P2] + fd1 * f[r1 + P1] + fd2 * f[r1 + P0]);
        long m0 = (b0 * p[r3 + P0] + b1 * p[r3 + S2] + b2 * p[r3 + S1])
                + (c0 * p[r2 + P0] + c1 * p[r2 + S2] + c2 * p[r2 + S1])
                + (d0 * p[r1 + P0] + d1 * p[r1 + S2] + d2 * p[r1 + S1]);
        long m1 = (b0 * p[r3 + P1] + b1 * p[r3 + P0] + b2 * p[r3 + S2])
                + (c0 * p[r2 + P1] + c1 * p[r2 + P0] + c2 * p[r2 + S2])
                + (d0 * p[r1 + P1] + d1 * p[r1 + P0] + d2 * p[r1 + S2]);
        long m2 = (b0 * p[r3 + P2] + b1 * p[r3 + P1] + b2 * p[r3 + P0])
                + (c0 * p[r2 + P2] + c1 * p[r2 + P1] + c2 * p[r2 + P0])
                + (d0 * p[r1 + P2] + d1 * p[r1 + P1] + d2 * p[r1 + P0]);
        // a = h + t: the serial part
        long a0 = h0 + (t0 & M44), a1 = h1 + (((t0 >>> 44) | (t1 << 20)) & M44), a2 = h2 + ((t1 >>> 24) | HIBIT);
        double fa0 = a0, fa1 = a1, fa2 = a2;
        long k0 = (long) ((e0 + (fa0 * f[r4 + P0] + fa1 * f[r4 + S2] + fa2 * f[r4 + S1])) * 0x1p-44) - BIAS;
        long k1 = (long) ((e1 + (fa0 * f[r4 + P1] + fa1 * f[r4 + P0] + fa2 * f[r4 + S2])) * 0x1p-44) - BIAS;
        long k2 = (long) ((e2 + (fa0 * f[r4 + P2] + fa1 * f[r4 + P1] + fa2 * f[r4 + P0])) * 0x1p-42) - BIAS;
        long l0 = m0 + (a0 * p[r4 + P0] + a1 * p[r4 + S2] + a2 * p[r4 + S1]) - (k0 << 44);
        k0 += l0 >>> 44;
        k1 += k0 >>> 44;
        long l1 = m1 + (a0 * p[r4 + P1] + a1 * p[r4 + P0] + a2 * p[r4 + S2]) + k0 - (k1 << 44);
        k1 += l1 >>> 44;
        k2 += k1 >>> 42;
        long l2 = m2 + (a0 * p[r4 + P2] + a1 * p[r4 + P1] + a2 * p[r4 + P0]) + k1 - (k2 << 42);
        k2 += l2 >>> 42;

        long x0 = (l0 & M44) + k2 * 5;
        h0 = x0 & M44;
        h1 = (l1 & M44) + (x0 >>> 44);
        h2 = l2 & M42;
    }

    /**
     * The vector path's check at class initialisation: the tag of a fixed 1,000-byte message under a fixed key, with
     * and without it, must agree; any error (say, an incubating method a later JDK removed) means no.
     */
    private static boolean vectorAgrees() {
        try {
            byte[] message = new byte[1000];
            int[] key = new int[8];
            long x = 0x9e3779b97f4a7c15L;
            for (int i = 0; i < message.length; i++) {
                x = x * 6364136223846793005L + 1442695040888963407L;
                message[i] = (byte) (x >>> 56);
            }
            for (int i = 0; i < 8; i++) {
                x = x * 6364136223846793005L + 1442695040888963407L;
                key[i] = (int) (x >>> 32);
            }
            int[][] tags = new int[2][];
            for (int pass = 0; pass < 2; pass++) {
                Poly1305 p = new Poly1305(pass == 1);
                p.init(key);
                p.padded(ByteBuffer.wrap(message), 0, message.length);
                p.finish();
                tags[pass] = p.tag.clone();
            }
            return java.util.Arrays.equals(tags[0], tags[1]);
        } catch (LinkageError | RuntimeException e) {
            return false;
        }
    }

    /** RFC 8439, 2.5: tag = ((h mod p) + s) mod 2^128, into {@link #tag}; branch-free. */
    void finish() {
        // full carry, twice: afterwards h0, h1 < 2^44, h2 < 2^42
        long c;
        for (int pass = 0; pass < 2; pass++) {
            c = h1 >>> 44; h1 &= M44; h2 += c;
            c = h2 >>> 42; h2 &= M42; h0 += c * 5;
            c = h0 >>> 44; h0 &= M44; h1 += c;
        }
        c = h1 >>> 44; h1 &= M44; h2 += c;

        // g = h + 5 - 2^130; take g when it is not negative, that is when h >= p
        long g0 = h0 + 5;
        c = g0 >>> 44; g0 &= M44;
        long g1 = h1 + c;
        c = g1 >>> 44; g1 &= M44;
        long g2 = h2 + c - (1L << 42);
        long useG = ~(g2 >> 63);
        long f0 = (h0 & ~useG) | (g0 & useG);
        long f1 = (h1 & ~useG) | (g1 & useG);
        long f2 = (h2 & ~useG) | (g2 & useG & M42);

        // + s mod 2^128, then as four little-endian words
        f0 += pad0 & M44;
        c = f0 >>> 44; f0 &= M44;
        f1 += (((pad0 >>> 44) | (pad1 << 20)) & M44) + c;
        c = f1 >>> 44; f1 &= M44;
        f2 += (pad1 >>> 24) + c;
        long w0 = f0 | (f1 << 44);
        long w1 = (f1 >>> 20) | (f2 << 24);
        tag[0] = (int) w0;
        tag[1] = (int) (w0 >>> 32);
        tag[2] = (int) w1;
        tag[3] = (int) (w1 >>> 32);
        h0 = h1 = h2 = 0;
    }
}
