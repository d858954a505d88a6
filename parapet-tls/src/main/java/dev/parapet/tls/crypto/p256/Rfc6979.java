package dev.parapet.tls.crypto.p256;

import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.util.Arrays;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * ECDSA nonces from HMAC_DRBG with SHA-256 as RFC 6979, 3.2 specifies, with the optional additional data of
 * RFC 6979, 3.6 ("k' ... variants"): when extra bytes are given they are appended to the seed
 * {@code int2octets(x) || bits2octets(h1)} in steps d and f. {@link P256#sign} passes 32 fresh random bytes there
 * (hedged signing: the nonce stays secret if the random generator fails, and stays unpredictable to an attacker who
 * can fault the deterministic computation); with no extra bytes the output is RFC 6979's exactly.
 */
final class Rfc6979 {
    private static final String HMAC = "HmacSHA256";
    private final Mac mac;
    private byte[] k = new byte[32];
    private final byte[] v = new byte[32];

    /**
     * Seeds the DRBG (RFC 6979, 3.2 steps b to g).
     *
     * @param x the private key, 32 bytes big-endian (int2octets)
     * @param h1 bits2octets of the message hash: bits2int(h1) mod n, 32 bytes
     * @param extra additional seed data, or an empty array
     */
    Rfc6979(byte[] x, byte[] h1, byte[] extra) {
        try {
            mac = Mac.getInstance(HMAC);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
        Arrays.fill(v, (byte) 0x01);
        for (int round = 0; round < 2; round++) {
            // Step d (round 0, separator 0x00) and step f (round 1, separator 0x01).
            key(k);
            mac.update(v);
            mac.update((byte) round);
            mac.update(x);
            mac.update(h1);
            mac.update(extra);
            k = mac.doFinal();
            key(k);
            updateV();
        }
    }

    /**
     * The next candidate nonce (RFC 6979, 3.2 step h): for the 256-bit n, T is one HMAC output. The caller rejects
     * values outside [1, n-1] and asks again, as it does when r or s comes out 0.
     */
    byte[] next(boolean first) {
        if (!first) {
            // Step h.3: K = HMAC_K(V || 0x00), V = HMAC_K(V).
            key(k);
            mac.update(v);
            mac.update((byte) 0);
            k = mac.doFinal();
            key(k);
            updateV();
        }
        // Steps h.1 and h.2: V = HMAC_K(V), T = V.
        updateV();
        return v.clone();
    }

    /** V = HMAC_K(V), with the MAC already keyed by K. */
    private void updateV() {
        mac.update(v);
        try {
            mac.doFinal(v, 0);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private void key(byte[] key) {
        try {
            mac.init(new SecretKeySpec(key, HMAC));
        } catch (InvalidKeyException e) {
            throw new IllegalStateException(e);
        }
    }
}
