package dev.parapet.tls.keyschedule;

import dev.parapet.tls.crypto.CipherSuite;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The TLS 1.2 PRF (RFC 5246, 5) over HMAC-SHA-256 or HMAC-SHA-384, and what TLS 1.2 derives with it: the master
 * secret (RFC 5246, 8.1), the extended master secret (RFC 7627, 4), the key block (RFC 5246, 6.3) and Finished
 * verify_data (RFC 5246, 7.4.9). Holds one reusable {@link Mac}: an instance is not thread-safe.
 */
public final class Prf12 {
    /** RFC 5246, 8.1: the master secret is always 48 bytes. */
    public static final int MASTER_SECRET_LENGTH = 48;
    /** RFC 5246, 7.4.9: verify_data_length is 12 for every TLS 1.2 suite Parapet speaks. */
    public static final int VERIFY_DATA_LENGTH = 12;

    private final String hashAlgorithm;
    private final Mac mac;

    /** The key material of one connection (RFC 5246, 6.3), in key-block order; lengths come from the suite. */
    public record KeyBlock(byte[] clientMacKey, byte[] serverMacKey, byte[] clientKey, byte[] serverKey,
                           byte[] clientIv, byte[] serverIv) {
    }

    /** @param hashAlgorithm {@code SHA-256} or {@code SHA-384} (the suite's {@link CipherSuite#hashAlgorithm()}) */
    public Prf12(String hashAlgorithm) {
        String macAlgorithm;
        switch (hashAlgorithm) {
            case "SHA-256": macAlgorithm = "HmacSHA256"; break;
            case "SHA-384": macAlgorithm = "HmacSHA384"; break;
            default: throw new IllegalArgumentException("unsupported TLS 1.2 PRF hash: " + hashAlgorithm);
        }
        this.hashAlgorithm = hashAlgorithm;
        try {
            this.mac = Mac.getInstance(macAlgorithm);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no " + macAlgorithm, e);
        }
    }

    public String hashAlgorithm() {
        return hashAlgorithm;
    }

    /**
     * RFC 5246, 5: PRF(secret, label, seed) = P_hash(secret, label + seed), where P_hash(secret, seed) =
     * HMAC(secret, A(1) + seed) + HMAC(secret, A(2) + seed) + ..., A(0) = seed, A(i) = HMAC(secret, A(i-1)).
     */
    public byte[] prf(byte[] secret, String label, byte[] seed, int length) {
        if (length < 0) {
            throw new IllegalArgumentException("negative PRF length");
        }
        byte[] labelBytes = label.getBytes(StandardCharsets.US_ASCII);
        // An empty secret is legal in the PRF but not in SecretKeySpec; HMAC pads keys with zeros, so one 0 byte is
        // the same HMAC key as none (RFC 2104, 2).
        SecretKeySpec key = new SecretKeySpec(secret.length == 0 ? new byte[1] : secret, mac.getAlgorithm());
        try {
            mac.init(key);
        } catch (InvalidKeyException e) {
            throw new IllegalStateException("HMAC refused the PRF secret", e);
        }
        byte[] out = new byte[length];
        int hashLength = mac.getMacLength();
        // A(1) = HMAC(secret, label + seed)
        mac.update(labelBytes);
        mac.update(seed);
        byte[] a = mac.doFinal();
        int written = 0;
        while (written < length) {
            mac.update(a);
            mac.update(labelBytes);
            mac.update(seed);
            byte[] block = mac.doFinal();
            int n = Math.min(hashLength, length - written);
            System.arraycopy(block, 0, out, written, n);
            written += n;
            if (written < length) {
                a = mac.doFinal(a);
            }
        }
        return out;
    }

    /** RFC 5246, 8.1: PRF(pre_master_secret, "master secret", ClientHello.random + ServerHello.random)[0..47]. */
    public byte[] masterSecret(byte[] preMasterSecret, byte[] clientRandom, byte[] serverRandom) {
        return prf(preMasterSecret, "master secret", concat(clientRandom, serverRandom), MASTER_SECRET_LENGTH);
    }

    /**
     * RFC 7627, 4: PRF(pre_master_secret, "extended master secret", session_hash)[0..47], where session_hash is the
     * handshake hash up to and including ClientKeyExchange.
     */
    public byte[] extendedMasterSecret(byte[] preMasterSecret, byte[] sessionHash) {
        return prf(preMasterSecret, "extended master secret", sessionHash, MASTER_SECRET_LENGTH);
    }

    /**
     * RFC 5246, 6.3: PRF(master_secret, "key expansion", server_random + client_random), split into the client and
     * server MAC keys ({@link CipherSuite#macLength()}, 0 for AEAD suites), write keys
     * ({@link CipherSuite#keyLength()}) and implicit IVs ({@link CipherSuite.BulkCipher#fixedIvLength()}).
     */
    public KeyBlock keyBlock(byte[] masterSecret, byte[] clientRandom, byte[] serverRandom, CipherSuite suite) {
        if (suite.isTls13()) {
            throw new IllegalArgumentException(suite + " is a TLS 1.3 suite; it has no TLS 1.2 key block");
        }
        int macLength = suite.macLength();
        int keyLength = suite.keyLength();
        int ivLength = suite.cipher().fixedIvLength();
        byte[] block = prf(masterSecret, "key expansion", concat(serverRandom, clientRandom),
                2 * (macLength + keyLength + ivLength));
        int[] offset = {0};
        KeyBlock keys = new KeyBlock(take(block, offset, macLength), take(block, offset, macLength),
                take(block, offset, keyLength), take(block, offset, keyLength),
                take(block, offset, ivLength), take(block, offset, ivLength));
        java.util.Arrays.fill(block, (byte) 0);
        return keys;
    }

    /**
     * RFC 5246, 7.4.9: PRF(master_secret, finished_label, Hash(handshake_messages))[0..11], finished_label being
     * "client finished" or "server finished".
     */
    public byte[] verifyData(byte[] masterSecret, boolean client, byte[] handshakeHash) {
        return prf(masterSecret, client ? "client finished" : "server finished", handshakeHash, VERIFY_DATA_LENGTH);
    }

    /** True when {@code received} is the expected verify_data; compared in constant time. */
    public boolean verifyFinished(byte[] masterSecret, boolean client, byte[] handshakeHash, byte[] received) {
        byte[] expected = verifyData(masterSecret, client, handshakeHash);
        return received != null && MessageDigest.isEqual(expected, received);
    }

    private static byte[] take(byte[] block, int[] offset, int length) {
        byte[] out = new byte[length];
        System.arraycopy(block, offset[0], out, 0, length);
        offset[0] += length;
        return out;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
