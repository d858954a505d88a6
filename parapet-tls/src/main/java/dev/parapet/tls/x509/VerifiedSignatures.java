package dev.parapet.tls.x509;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Iterator;
import java.util.LinkedHashMap;

/**
 * Certificate signatures one verifier has already checked and found valid, so that a chain seen again (a client
 * reconnecting to the same server, a server whose clients authenticate again and again) costs no signature
 * verification: for ECDSA P-256 under the JCA that is about a millisecond per certificate, under Parapet's provider
 * with an anchor's table about 65 us. SunJSSE gets the same effect from the JDK's certificate factory, which hands
 * back the same certificate object for the same bytes, and that object remembers its last successful verify.
 *
 * <p>Only the signature check is remembered: validity dates, key usage, extended key usage, name constraints,
 * algorithm policy and the host name are checked on every chain. An entry is the SHA-256 of the issuer's encoded key
 * and the certificate's whole DER (to-be-signed part, algorithm and signature), both length-prefixed, so it stands
 * for exactly that certificate under exactly that key; failures are never kept. At most {@code capacity} entries
 * (32 bytes each), least recently used dropped first. Thread-safe.
 */
final class VerifiedSignatures {
    /** Entries kept by default: a client's usual servers, with an intermediate each, about 6 KiB. */
    static final int DEFAULT_CAPACITY = 64;

    private final int capacity;
    /** Guarded by this; access order, so the eldest is the least recently used. */
    private final LinkedHashMap<Digest, Boolean> kept = new LinkedHashMap<>(16, 0.75f, true);

    /** The SHA-256 of (issuer key, certificate), as four longs. */
    record Digest(long w0, long w1, long w2, long w3) {
    }

    /** @param capacity most entries kept; 0 keeps none (every signature is checked every time) */
    VerifiedSignatures(int capacity) {
        if (capacity < 0) {
            throw new IllegalArgumentException("verified signature capacity must not be negative: " + capacity);
        }
        this.capacity = capacity;
    }

    boolean enabled() {
        return capacity > 0;
    }

    /** The entry for {@code certificateDer} signed by the key encoded as {@code issuerSpki}. */
    static Digest digest(byte[] issuerSpki, byte[] certificateDer) {
        MessageDigest sha256;
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
        sha256.update(ByteBuffer.allocate(8).putInt(issuerSpki.length).putInt(certificateDer.length).array());
        sha256.update(issuerSpki);
        sha256.update(certificateDer);
        ByteBuffer d = ByteBuffer.wrap(sha256.digest());
        return new Digest(d.getLong(), d.getLong(), d.getLong(), d.getLong());
    }

    synchronized boolean contains(Digest d) {
        return kept.get(d) != null;
    }

    synchronized void add(Digest d) {
        if (capacity == 0) {
            return;
        }
        kept.put(d, Boolean.TRUE);
        if (kept.size() > capacity) {
            Iterator<Digest> eldest = kept.keySet().iterator();
            eldest.next();
            eldest.remove();
        }
    }

    synchronized int size() {
        return kept.size();
    }
}
