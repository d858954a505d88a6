package dev.parapet.tls.crypto.curve25519;

import java.math.BigInteger;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Ed25519 signatures (RFC 8032, 5.1) in pure Java, sharing {@link X25519}'s field arithmetic.
 *
 * <p>Key generation and signing are constant time: the secret scalars are multiplied with the base point through a
 * precomputed table whose entries are read with masked selection (every entry touched, whatever the digit), and
 * reduced mod L without branches. Verification handles public data only and runs in variable time (a joint
 * sliding-window double-scalar multiplication). It uses the cofactorless equation [S]B = R + [k]A of RFC 8032,
 * 5.1.7, checked as "the encoding of [S]B - [k]A equals R", and rejects S &gt;= L and non-canonical or invalid
 * encodings of A (and, through the comparison, of R).
 */
public final class Ed25519 {
    /** Length of seeds (private keys) and public keys, in bytes. */
    public static final int KEY_LENGTH = 32;
    /** Length of signatures, in bytes. */
    public static final int SIGNATURE_LENGTH = 64;

    private Ed25519() {
    }

    /**
     * The public key A for a 32-byte private key (RFC 8032, 5.1.5).
     *
     * @throws IllegalArgumentException if the seed is not 32 bytes long
     */
    public static byte[] publicKey(byte[] seed32) {
        checkLength(seed32, KEY_LENGTH, "private key");
        byte[] h = sha512(seed32);
        byte[] s = clamp(h);
        byte[] a = BaseTable.multiply(s).encode();
        java.util.Arrays.fill(h, (byte) 0);
        java.util.Arrays.fill(s, (byte) 0);
        return a;
    }

    /**
     * The 64-byte signature R || S of {@code message} (RFC 8032, 5.1.6).
     *
     * @param seed32 the 32-byte private key
     * @param publicKey32 the public key of {@code seed32}, as {@link #publicKey} returns it. It is hashed into the
     *        signature and not recomputed; passing any other value yields invalid signatures and, over two messages,
     *        can expose the private key, so it must come from the same key pair
     * @throws IllegalArgumentException if the seed or the public key is not 32 bytes long
     */
    public static byte[] sign(byte[] seed32, byte[] publicKey32, byte[] message) {
        checkLength(seed32, KEY_LENGTH, "private key");
        checkLength(publicKey32, KEY_LENGTH, "public key");
        byte[] h = sha512(seed32);
        byte[] s = clamp(h);
        MessageDigest md = sha512();
        md.update(h, 32, 32);                                   // prefix
        md.update(message);
        byte[] r = Scalar25519.reduce(md.digest());
        byte[] sig = new byte[SIGNATURE_LENGTH];
        System.arraycopy(BaseTable.multiply(r).encode(), 0, sig, 0, 32);
        md.update(sig, 0, 32);
        md.update(publicKey32);
        md.update(message);
        byte[] k = Scalar25519.reduce(md.digest());
        System.arraycopy(Scalar25519.mulAdd(k, s, r), 0, sig, 32, 32);   // S = (r + k * s) mod L
        java.util.Arrays.fill(h, (byte) 0);
        java.util.Arrays.fill(s, (byte) 0);
        java.util.Arrays.fill(r, (byte) 0);
        return sig;
    }

    /**
     * Whether {@code sig64} is a valid signature of {@code message} under {@code publicKey32} (RFC 8032, 5.1.7).
     * Returns false (never throws) for keys or signatures of the wrong length, S &gt;= L, and keys or R that are not
     * canonical encodings of curve points.
     */
    public static boolean verify(byte[] publicKey32, byte[] message, byte[] sig64) {
        if (publicKey32 == null || publicKey32.length != KEY_LENGTH || sig64 == null
                || sig64.length != SIGNATURE_LENGTH || message == null) {
            return false;
        }
        if (!Scalar25519.isCanonical(sig64, 32)) {
            return false; // RFC 8032, 5.1.7 step 1: S must be in [0, L)
        }
        EdPoint a = EdPoint.decode(publicKey32, 0);
        if (a == null) {
            return false;
        }
        MessageDigest md = sha512();
        md.update(sig64, 0, 32);
        md.update(publicKey32);
        md.update(message);
        byte[] k = Scalar25519.reduce(md.digest());
        byte[] s = java.util.Arrays.copyOfRange(sig64, 32, 64);
        byte[] check = Verification.doubleScalarMultiply(s, k, a).encode();   // [S]B - [k]A
        return MessageDigest.isEqual(check, java.util.Arrays.copyOf(sig64, 32));
    }

    /** RFC 8032, 5.1.5 steps 2-3: the first half of the hash with bits 0-2 and 255 cleared and bit 254 set. */
    private static byte[] clamp(byte[] h) {
        byte[] s = java.util.Arrays.copyOf(h, 32);
        s[0] &= (byte) 248;
        s[31] &= 127;
        s[31] |= 64;
        return s;
    }

    private static void checkLength(byte[] b, int n, String what) {
        if (b == null || b.length != n) {
            throw new IllegalArgumentException("Ed25519 " + what + " must be " + n + " bytes");
        }
    }

    private static byte[] sha512(byte[] in) {
        return sha512().digest(in);
    }

    private static MessageDigest sha512() {
        try {
            return MessageDigest.getInstance("SHA-512");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-512 is required of every JDK", e);
        }
    }

    /** The base point B (RFC 8032, 5.1): y = 4/5, x even. */
    static EdPoint basePoint() {
        BigInteger p = BigInteger.ONE.shiftLeft(255).subtract(BigInteger.valueOf(19));
        BigInteger y = BigInteger.valueOf(4).multiply(BigInteger.valueOf(5).modInverse(p)).mod(p);
        return EdPoint.decode(Scalar25519.toLittleEndian(y), 0);
    }
}
