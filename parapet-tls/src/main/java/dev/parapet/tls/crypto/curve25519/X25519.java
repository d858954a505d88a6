package dev.parapet.tls.crypto.curve25519;

import java.security.SecureRandom;

/**
 * X25519 Diffie-Hellman (RFC 7748, 5 and 6.1) in pure Java.
 *
 * <p>Keys and u-coordinates are 32-byte little-endian strings. The scalar multiplication is a Montgomery ladder with
 * a constant-time conditional swap: its sequence of operations and memory accesses does not depend on the scalar or
 * on the peer's u-coordinate. Inputs are not modified.
 */
public final class X25519 {
    /** Length of scalars, u-coordinates and shared secrets, in bytes. */
    public static final int KEY_LENGTH = 32;

    /** RFC 7748, 4.1: (A - 2) / 4 for A = 486662. */
    private static final long A24 = 121665;
    private static final byte[] BASE_U = new byte[KEY_LENGTH];

    static {
        BASE_U[0] = 9; // RFC 7748, 4.1: the base point has u = 9
    }

    private X25519() {
    }

    /** Returns 32 random bytes from {@code random}, usable as a private scalar (clamped when used). */
    public static byte[] generatePrivate(SecureRandom random) {
        byte[] k = new byte[KEY_LENGTH];
        random.nextBytes(k);
        return k;
    }

    /**
     * The public key X25519(k, 9) for the private scalar {@code scalar32} (RFC 7748, 6.1).
     *
     * <p>Computed on the birationally equivalent Edwards curve with Ed25519's constant-time base-point table (about
     * twice as fast as the ladder): the base point u = 9 corresponds to Ed25519's B, and a point (x, y) to
     * u = (1 + y) / (1 - y) (RFC 7748, 4.1).
     *
     * @throws IllegalArgumentException if the scalar is not 32 bytes long
     */
    public static byte[] publicKey(byte[] scalar32) {
        checkLength(scalar32, "scalar");
        byte[] k = clamp(scalar32);
        EdPoint p = BaseTable.multiply(k);
        java.util.Arrays.fill(k, (byte) 0);
        // u = (1 + y) / (1 - y) = (Z + Y) / (Z - Y); Z != Y because a clamped scalar times B is never the identity.
        long[] num = Field25519.create();
        long[] den = Field25519.create();
        Field25519.add(num, p.z, p.y);
        Field25519.sub(den, p.z, p.y);
        Field25519.invert(den, den);
        Field25519.mul(num, num, den);
        return Field25519.toBytes(num);
    }

    /** X25519(k, 9) by the Montgomery ladder, for tests that check {@link #publicKey} against it. */
    static byte[] publicKeyByLadder(byte[] scalar32) {
        return scalarMult(scalar32, BASE_U);
    }

    private static long[][] newTemporaries() {
        long[][] tmp = new long[7][];
        for (int i = 0; i < tmp.length; i++) {
            tmp[i] = Field25519.create();
        }
        return tmp;
    }

    /**
     * RFC 7748, 5: one combined differential addition and doubling step, in place. x2, z2, x3, z3, AA, BB, DA, CB
     * and a24 * E come from mul, square, mulSmall, fromBytes or the constants 0 and 1 (limbs below
     * Field25519.REDUCED_BOUND), which is what the no-carry add and sub need; their results stay below
     * Field25519.LADDER_BOUND, which is what mul, square and mulSmall accept.
     */
    private static void step(long[] x1, long[] x2, long[] z2, long[] x3, long[] z3, long[][] tmp) {
        long[] a = tmp[0], aa = tmp[1], b = tmp[2], bb = tmp[3], e = tmp[4], c = tmp[5], d = tmp[6];
        Field25519.addNoCarry(a, x2, z2);
        Field25519.square(aa, a);
        Field25519.subNoCarry(b, x2, z2);
        Field25519.square(bb, b);
        Field25519.subNoCarry(e, aa, bb);
        Field25519.addNoCarry(c, x3, z3);
        Field25519.subNoCarry(d, x3, z3);
        Field25519.mul(d, d, a);      // DA
        Field25519.mul(c, c, b);      // CB
        Field25519.addNoCarry(x3, d, c);
        Field25519.square(x3, x3);    // x3 = (DA + CB)^2
        Field25519.subNoCarry(z3, d, c);
        Field25519.square(z3, z3);
        Field25519.mul(z3, z3, x1);   // z3 = x1 * (DA - CB)^2
        Field25519.mul(x2, aa, bb);   // x2 = AA * BB
        Field25519.mulSmall(z2, e, A24);
        Field25519.addNoCarry(z2, z2, aa);
        Field25519.mul(z2, z2, e);    // z2 = E * (AA + a24 * E)
    }

    /** One ladder step on copies of its inputs, for tests: returns {x2, z2, x3, z3}. */
    static long[][] ladderStep(long[] x1, long[] x2, long[] z2, long[] x3, long[] z3) {
        long[][] r = {x2.clone(), z2.clone(), x3.clone(), z3.clone()};
        step(x1, r[0], r[1], r[2], r[3], newTemporaries());
        return r;
    }

    /** RFC 7748, 5: decodeScalar25519 clears bits 0-2 and 255 and sets bit 254. */
    private static byte[] clamp(byte[] scalar) {
        byte[] k = scalar.clone();
        k[0] &= (byte) 248;
        k[31] &= 127;
        k[31] |= 64;
        return k;
    }

    /**
     * The shared secret X25519(k, u) (RFC 7748, 6.1). The peer's u-coordinate is taken modulo p and its top bit is
     * ignored (RFC 7748, 5), so every 32-byte string is accepted as input.
     *
     * @throws IllegalArgumentException if an argument is not 32 bytes long, or if the shared secret is all zeros,
     *         which happens exactly when the peer's point has small order; TLS must abort then (RFC 8446, 7.4.2;
     *         RFC 7748, 6.1). The check runs in constant time and the message holds no key material.
     */
    public static byte[] sharedSecret(byte[] scalar32, byte[] peerU32) {
        checkLength(scalar32, "scalar");
        checkLength(peerU32, "peer u-coordinate");
        byte[] shared = scalarMult(scalar32, peerU32);
        int acc = 0;
        for (byte b : shared) {
            acc |= b;
        }
        if ((acc & 0xff) == 0) { // the OR of all bytes: one branch on the result's zeroness only
            throw new IllegalArgumentException("X25519 shared secret is all zeros (peer sent a low-order point)");
        }
        return shared;
    }

    private static void checkLength(byte[] b, String what) {
        if (b == null || b.length != KEY_LENGTH) {
            throw new IllegalArgumentException("X25519 " + what + " must be " + KEY_LENGTH + " bytes");
        }
    }

    /** RFC 7748, 5: decodeScalar25519 (clamping) then the ladder, then encodeUCoordinate. */
    static byte[] scalarMult(byte[] scalar, byte[] u) {
        byte[] k = clamp(scalar);
        long[] x1 = Field25519.create();
        Field25519.fromBytes(x1, u, 0);
        long[] x2 = Field25519.of(1);
        long[] z2 = Field25519.create();
        long[] x3 = Field25519.copyOf(x1);
        long[] z3 = Field25519.of(1);
        long[][] tmp = newTemporaries();

        long swap = 0;
        for (int t = 254; t >= 0; t--) {
            long kt = (k[t >>> 3] >>> (t & 7)) & 1;
            swap ^= kt;
            Field25519.cswap(x2, x3, swap);
            Field25519.cswap(z2, z3, swap);
            swap = kt;
            step(x1, x2, z2, x3, z3, tmp);
        }
        Field25519.cswap(x2, x3, swap);
        Field25519.cswap(z2, z3, swap);

        Field25519.invert(z2, z2);
        Field25519.mul(x2, x2, z2);
        java.util.Arrays.fill(k, (byte) 0);
        return Field25519.toBytes(x2);
    }
}
