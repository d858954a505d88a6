package dev.parapet.tls.crypto;

import static dev.parapet.tls.crypto.ConstantTime.isZero;
import static dev.parapet.tls.crypto.ConstantTime.lessThan;

import dev.parapet.tls.AlertDescription;
import dev.parapet.tls.TlsException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.interfaces.RSAKey;
import java.util.Arrays;
import javax.crypto.Cipher;

/**
 * The TLS 1.2 RSA key exchange (RFC 5246, 7.4.7.1): the client encrypts a 48-byte pre-master secret to the server's
 * RSA key with RSAES-PKCS1-v1_5; the server decrypts it without becoming a padding oracle (Bleichenbacher 1998,
 * ROBOT 2017, Marvin 2023).
 *
 * <p><b>How the server side avoids an oracle.</b> {@link #decryptPreMasterSecret} never throws on bad input, always
 * returns 48 bytes, and takes the same path for every ciphertext of the right length:
 * <ol>
 *   <li>The fallback R (the client's version followed by 46 random bytes) is generated first, unconditionally.</li>
 *   <li>The ciphertext goes through raw RSA ({@code RSA/ECB/NoPadding}), so the JCA performs no padding check and
 *       throws no padding-dependent exception. A ciphertext whose length is not the modulus length, or whose value is
 *       not below the modulus, is replaced by a fixed dummy ciphertext (these are public properties of the wire
 *       bytes, so the substitution leaks nothing secret) and decrypted just the same; its result is discarded by the
 *       select below. A JCA failure is treated the same way.</li>
 *   <li>The encoded message EM (k bytes) is checked with bitwise arithmetic only: EM[0] = 0, EM[1] = 2, every byte of
 *       EM[2 .. k-49) non-zero (at least 8 bytes for any key of 472 bits or more), EM[k-49] = 0 (so the message is
 *       exactly 48 bytes), and the first two message bytes equal the ClientHello version. Each comparison produces 0
 *       or 1 by arithmetic on ints ({@code ((x - 1) >>> 31)} for "x is zero"), accumulated with AND; there is no
 *       early exit and no branch on any byte of EM.</li>
 *   <li>The result is built byte by byte as {@code (pms & mask) | (R & ~mask)}, mask being 0xff when every check
 *       passed and 0 otherwise. The caller carries on with whatever it got, and a bad ciphertext surfaces only as a
 *       Finished that does not verify.</li>
 * </ol>
 * What remains outside our control is the JDK's modular exponentiation and its BigInteger-to-bytes conversion; the
 * JMH benchmark in parapet-bench ({@code RsaPreMasterSecretBenchmark}) exists to look at the end-to-end timing.
 */
public final class RsaKeyTransport {
    /** RFC 5246, 7.4.7.1: the pre-master secret is 48 bytes: client_version (2) and 46 random bytes. */
    public static final int PRE_MASTER_SECRET_LENGTH = 48;

    private RsaKeyTransport() {
    }

    /** Client: a fresh pre-master secret, {@code clientVersion} (e.g. 0x0303) followed by 46 random bytes. */
    public static byte[] newPreMasterSecret(int clientVersion, SecureRandom random) {
        byte[] pms = new byte[PRE_MASTER_SECRET_LENGTH];
        random.nextBytes(pms);
        pms[0] = (byte) (clientVersion >>> 8);
        pms[1] = (byte) clientVersion;
        return pms;
    }

    /**
     * Client: RSAES-PKCS1-v1_5 encryption of the pre-master secret to the server certificate's key. A key the JCA
     * cannot encrypt to (not RSA, too small for the message) is internal_error.
     */
    public static byte[] encryptPreMasterSecret(PublicKey serverKey, byte[] preMasterSecret, SecureRandom random)
            throws TlsException {
        try {
            Cipher rsa = Cipher.getInstance("RSA/ECB/PKCS1Padding");
            rsa.init(Cipher.ENCRYPT_MODE, serverKey, random);
            return rsa.doFinal(preMasterSecret);
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new TlsException(AlertDescription.INTERNAL_ERROR, "RSA encryption of the pre-master secret to the "
                    + (serverKey == null ? "missing" : serverKey.getAlgorithm()) + " server key failed: "
                    + e.getClass().getSimpleName(), e);
        }
    }

    /**
     * Server: the pre-master secret from the ClientKeyExchange, or a random one indistinguishable from a failure by
     * result, exception or (as far as this code goes) timing. Never throws for any {@code encrypted}; always returns
     * 48 bytes. See the class documentation.
     *
     * @param clientHelloVersion the client_version of the ClientHello (0x0303 for TLS 1.2)
     */
    public static byte[] decryptPreMasterSecret(PrivateKey key, byte[] encrypted, int clientHelloVersion,
                                                SecureRandom random) {
        // 1. The fallback comes first, whatever the ciphertext.
        byte[] fallback = newPreMasterSecret(clientHelloVersion, random);
        int k = modulusLength(key);
        byte[] em = rawDecrypt(key, encrypted, k);
        // 2. Constant-time checks over EM; publicOk only depends on public data (key size, ciphertext form).
        int good = pkcs1PreMasterSecretOk(em, k, clientHelloVersion) & (em.length == k ? 1 : 0);
        // 3. Constant-time select between the decrypted message and the fallback.
        byte[] out = new byte[PRE_MASTER_SECRET_LENGTH];
        int mask = -good;
        int base = em.length - PRE_MASTER_SECRET_LENGTH;
        for (int i = 0; i < PRE_MASTER_SECRET_LENGTH; i++) {
            out[i] = (byte) ((em[base + i] & mask) | (fallback[i] & ~mask));
        }
        Arrays.fill(em, (byte) 0);
        Arrays.fill(fallback, (byte) 0);
        return out;
    }

    /** The modulus length in bytes, or 0 when the key is not an RSA key we can read. */
    private static int modulusLength(PrivateKey key) {
        if (key instanceof RSAKey && ((RSAKey) key).getModulus() != null) {
            return (((RSAKey) key).getModulus().bitLength() + 7) / 8;
        }
        return 0;
    }

    /**
     * Raw RSA on {@code c}, or on a fixed dummy ciphertext when c is not a well-formed input (wrong length, not
     * below the modulus): both decisions are on public data. Always returns at least 59 bytes (k, or a zero array of
     * that size for a key too small or unreadable).
     */
    private static byte[] rawDecrypt(PrivateKey key, byte[] c, int k) {
        int emLength = Math.max(k, 11 + PRE_MASTER_SECRET_LENGTH);
        byte[] em = new byte[emLength];
        if (k < 11 + PRE_MASTER_SECRET_LENGTH) {
            return em;
        }
        BigInteger n = ((RSAKey) key).getModulus();
        byte[] input = c;
        boolean wellFormed = c != null && c.length == k && new BigInteger(1, c).compareTo(n) < 0;
        if (!wellFormed) {
            input = dummyCiphertext(k);
        }
        try {
            Cipher rsa = Cipher.getInstance("RSA/ECB/NoPadding");
            rsa.init(Cipher.DECRYPT_MODE, key);
            byte[] m = rsa.doFinal(input);
            // SunRsaSign returns exactly k bytes; right-align anything shorter (a provider stripping zeros).
            int copy = Math.min(m.length, k);
            System.arraycopy(m, m.length - copy, em, k - copy, copy);
            Arrays.fill(m, (byte) 0);
        } catch (GeneralSecurityException | RuntimeException e) {
            Arrays.fill(em, (byte) 0);
            wellFormed = false;
        }
        if (!wellFormed) {
            // The dummy's result must never be used: force EM[1] != 2 (a write to a fixed position).
            em[1] = 0;
        }
        return em;
    }

    /** A fixed value below any k-byte modulus: 0x00 0x01 0x02 ... (its leading byte is 0). */
    private static byte[] dummyCiphertext(int k) {
        byte[] d = new byte[k];
        for (int i = 1; i < k; i++) {
            d[i] = (byte) i;
        }
        return d;
    }

    /**
     * 1 when {@code em} (length {@code k}) is 0x00 0x02 PS 0x00 M with |M| = 48, PS free of zeros (so at least 8
     * bytes for k >= 59) and M starting with {@code version}; else 0. Branch-free over the bytes of em.
     */
    static int pkcs1PreMasterSecretOk(byte[] em, int k, int version) {
        if (em.length != k || k < 11 + PRE_MASTER_SECRET_LENGTH) {
            return 0; // public: key size
        }
        int sep = k - PRE_MASTER_SECRET_LENGTH - 1;
        int good = isZero(em[0] & 0xff);
        good &= isZero((em[1] & 0xff) ^ 2);
        for (int i = 2; i < sep; i++) {
            good &= 1 ^ isZero(em[i] & 0xff);
        }
        good &= isZero(em[sep] & 0xff);
        good &= isZero((em[sep + 1] & 0xff) ^ ((version >>> 8) & 0xff));
        good &= isZero((em[sep + 2] & 0xff) ^ (version & 0xff));
        return good;
    }

    /**
     * RFC 8017, 7.2.2 step 3 (EME-PKCS1-v1_5 decoding) for any message length, without branches on em's bytes:
     * writes the message into {@code out[0 .. length)} and returns its length, or returns -1 when the padding is
     * invalid. {@code out} must have room for {@code em.length - 11} bytes; those bytes are always written (with the
     * message, then zeros, or all zeros on failure).
     */
    static int unpad(byte[] em, byte[] out) {
        int k = em.length;
        if (k < 11 || out.length < k - 11) {
            return -1; // public: sizes
        }
        int good = isZero(em[0] & 0xff) & isZero((em[1] & 0xff) ^ 2);
        // Index of the first zero byte at or after 2, found without an early exit.
        int zeroIndex = 0;
        int found = 0;
        for (int i = 2; i < k; i++) {
            int z = isZero(em[i] & 0xff);
            int take = z & (1 ^ found);
            zeroIndex |= i & -take;
            found |= z;
        }
        good &= found;
        good &= 1 ^ lessThan(zeroIndex, 10); // PS has at least 8 bytes: the separator is at index >= 10
        int msgLength = k - zeroIndex - 1;
        // Copy em[11 .. k) to out, then shift left by (zeroIndex + 1 - 11) in log2 steps of fixed shape.
        int span = k - 11;
        System.arraycopy(em, 11, out, 0, span);
        int shift = (zeroIndex - 10) & -good;
        for (int step = 1; step < span; step <<= 1) {
            int mask = -(isZero(shift & step) ^ 1); // all ones when this bit of the shift is set
            for (int i = 0; i < span; i++) {
                int moved = i + step < span ? out[i + step] : 0; // public indices only
                out[i] = (byte) ((moved & mask) | (out[i] & ~mask));
            }
        }
        // Zero what follows the message, and everything on failure.
        int keep = msgLength & -good;
        for (int i = 0; i < span; i++) {
            int m = -lessThan(i, keep);
            out[i] = (byte) (out[i] & m);
        }
        return (msgLength & -good) | (-1 & ~(-good));
    }
}
