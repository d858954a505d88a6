package dev.parapet.tls.keyschedule;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * HKDF (RFC 5869) over HMAC-SHA-256 or HMAC-SHA-384, with the TLS 1.3 HKDF-Expand-Label and Derive-Secret
 * (RFC 8446, 7.1). Holds one reusable {@link Mac}, made on first use and dropped by {@link #releaseMac()} once the
 * handshake is over (a KeyUpdate or a ticket makes a new one): an instance is not thread-safe (one per connection).
 */
public final class Hkdf {
    /** RFC 8446, 7.1: every HkdfLabel.label starts with this prefix. */
    private static final byte[] LABEL_PREFIX = "tls13 ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] EMPTY = new byte[0];

    private final String hashAlgorithm;
    private final String macAlgorithm;
    private final int hashLength;
    private Mac mac;

    public Hkdf(String hashAlgorithm) {
        this.hashAlgorithm = hashAlgorithm;
        this.macAlgorithm = macAlgorithmFor(hashAlgorithm);
        this.hashLength = mac().getMacLength();
    }

    private Mac mac() {
        if (mac == null) {
            try {
                mac = Mac.getInstance(macAlgorithm);
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("the JDK has no " + macAlgorithm, e);
            }
        }
        return mac;
    }

    /** Drops the Mac (its keyed state with it) until the next derivation, so an idle connection keeps none. */
    public void releaseMac() {
        mac = null;
    }

    private static String macAlgorithmFor(String hashAlgorithm) {
        switch (hashAlgorithm) {
            case "SHA-256": return "HmacSHA256";
            case "SHA-384": return "HmacSHA384";
            default: throw new IllegalArgumentException("unsupported HKDF hash: " + hashAlgorithm);
        }
    }

    /** The JCA name of the hash, e.g. {@code SHA-256}. */
    public String hashAlgorithm() {
        return hashAlgorithm;
    }

    /** HashLen in RFC 5869 terms: the HMAC output length in bytes. */
    public int hashLength() {
        return hashLength;
    }

    /**
     * RFC 5869, 2.2: PRK = HMAC-Hash(salt, IKM). A null or empty salt is HashLen zero bytes; a null IKM is empty.
     */
    public byte[] extract(byte[] salt, byte[] ikm) {
        byte[] key = (salt == null || salt.length == 0) ? new byte[hashLength()] : salt;
        return hmac(key, ikm == null ? EMPTY : ikm);
    }

    /**
     * RFC 5869, 2.3: OKM = first L octets of T(1) | T(2) | ..., T(i) = HMAC-Hash(PRK, T(i-1) | info | i).
     *
     * @throws IllegalArgumentException when length is negative or above 255 * HashLen
     */
    public byte[] expand(byte[] prk, byte[] info, int length) {
        int hashLen = hashLength();
        if (length < 0 || length > 255 * hashLen) {
            throw new IllegalArgumentException("HKDF-Expand length " + length + " outside 0.." + 255 * hashLen);
        }
        byte[] okm = new byte[length];
        byte[] t = EMPTY;
        Mac mac = init(prk);
        for (int i = 1, done = 0; done < length; i++) {
            mac.update(t);
            mac.update(info == null ? EMPTY : info);
            mac.update((byte) i);
            t = mac.doFinal();
            int n = Math.min(hashLen, length - done);
            System.arraycopy(t, 0, okm, done, n);
            done += n;
        }
        return okm;
    }

    /**
     * RFC 8446, 7.1: HKDF-Expand-Label(Secret, Label, Context, Length) = HKDF-Expand(Secret, HkdfLabel, Length).
     */
    public byte[] expandLabel(byte[] secret, String label, byte[] context, int length) {
        return expand(secret, hkdfLabel(label, context == null ? EMPTY : context, length), length);
    }

    /**
     * RFC 8446, 7.1: Derive-Secret(Secret, Label, Messages) = HKDF-Expand-Label(Secret, Label,
     * Transcript-Hash(Messages), Hash.length). The caller passes the transcript hash, not the messages.
     */
    public byte[] deriveSecret(byte[] secret, String label, byte[] transcriptHash) {
        return expandLabel(secret, label, transcriptHash, hashLength());
    }

    /** HMAC-Hash(key, data) with this instance's hash. */
    public byte[] hmac(byte[] key, byte[] data) {
        return init(key).doFinal(data);
    }

    /**
     * RFC 8446, 7.1: struct { uint16 length; opaque label<7..255> = "tls13 " + Label; opaque context<0..255>; }
     * HkdfLabel.
     */
    static byte[] hkdfLabel(String label, byte[] context, int length) {
        byte[] name = label.getBytes(StandardCharsets.US_ASCII);
        int labelLength = LABEL_PREFIX.length + name.length;
        if (labelLength > 255 || context.length > 255 || length > 0xffff) {
            throw new IllegalArgumentException("HkdfLabel field too long for label " + label);
        }
        byte[] out = new byte[2 + 1 + labelLength + 1 + context.length];
        int p = 0;
        out[p++] = (byte) (length >>> 8);
        out[p++] = (byte) length;
        out[p++] = (byte) labelLength;
        System.arraycopy(LABEL_PREFIX, 0, out, p, LABEL_PREFIX.length);
        p += LABEL_PREFIX.length;
        System.arraycopy(name, 0, out, p, name.length);
        p += name.length;
        out[p++] = (byte) context.length;
        System.arraycopy(context, 0, out, p, context.length);
        return out;
    }

    private Mac init(byte[] key) {
        Mac mac = mac();
        try {
            mac.init(new SecretKeySpec(key, macAlgorithm));
            return mac;
        } catch (InvalidKeyException | IllegalArgumentException e) {
            // SecretKeySpec refuses an empty key; HMAC itself takes any length (RFC 2104, 2).
            throw new IllegalArgumentException("HMAC key refused by " + macAlgorithm, e);
        }
    }
}
