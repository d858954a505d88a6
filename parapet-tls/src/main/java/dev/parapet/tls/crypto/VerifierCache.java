package dev.parapet.tls.crypto;

import java.nio.ByteBuffer;
import java.security.PublicKey;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Peers' keys that sign handshake after handshake, made ready once: the {@link SignatureVerifier} the
 * {@link CryptoProvider} makes for a key (with Parapet's provider, a precomputed table for ECDSA P-256, which makes
 * each verification about 2.4 times faster and costs about three and a half to build) is kept for the next
 * CertificateVerify or ServerKeyExchange signed by the same key. A client that reconnects to the same servers, or
 * a server whose clients authenticate again and again, pays the plain verification once per key.
 *
 * <p>Bounded, and unable to make things much worse than no cache: a table is built only on a key's second
 * sighting among the last {@code 4 * capacity} keys seen, and when the cache is full only in place of an entry that
 * went unused for the last {@code 4 * capacity} verifications, so peers cycling through more keys than it holds cost
 * at most one build per that many verifications. Schemes the provider does not precompute for
 * ({@link CryptoProvider#precomputes}) go straight to {@link CryptoProvider#verify}. Keys are public: nothing here
 * is secret, and a verifier is found only by the exact encoded key and scheme it was made for.
 *
 * <p>One per config by default ({@code TlsConfig.Builder.verifierCacheCapacity}); configs may share one. Thread-safe:
 * lookups take a short lock, tables are built outside it.
 */
public final class VerifierCache {
    /** Keys kept by default: eight P-256 tables are about 260 KiB. */
    public static final int DEFAULT_CAPACITY = 8;

    private final int capacity;
    private final int patience;
    /** Made verifiers, least recently used first. Guarded by this. */
    private final LinkedHashMap<Key, Entry> made = new LinkedHashMap<>(16, 0.75f, true);
    /** Keys seen once, least recently seen first, at most {@link #patience}. Guarded by this. */
    private final LinkedHashMap<Key, Boolean> seen = new LinkedHashMap<>(16, 0.75f, true);
    /** Verifications through this cache, the clock of {@link Entry#lastUse}. Guarded by this. */
    private long verifications;

    private record Key(ByteBuffer spki, SignatureScheme scheme) {
    }

    private static final class Entry {
        final SignatureVerifier verifier;
        long lastUse;

        Entry(SignatureVerifier verifier, long lastUse) {
            this.verifier = verifier;
            this.lastUse = lastUse;
        }
    }

    /** A cache of at most {@code capacity} keys' verifiers; 0 turns caching off. */
    public VerifierCache(int capacity) {
        if (capacity < 0) {
            throw new IllegalArgumentException("verifier cache capacity must not be negative: " + capacity);
        }
        this.capacity = capacity;
        this.patience = 4 * capacity;
    }

    /** At most this many keys' verifiers are kept. */
    public int capacity() {
        return capacity;
    }

    /** How many keys' verifiers are kept now. */
    public synchronized int size() {
        return made.size();
    }

    /** As {@link CryptoProvider#verify}: true only for a valid signature, never throws. */
    public boolean verify(CryptoProvider crypto, SignatureScheme scheme, PublicKey key, byte[] message,
                          byte[] signature) {
        byte[] spki = capacity == 0 || !crypto.precomputes(scheme) ? null : key.getEncoded();
        if (spki == null) {
            return crypto.verify(scheme, key, message, signature);
        }
        Key k = new Key(ByteBuffer.wrap(spki), scheme);
        SignatureVerifier kept = lookup(k);
        if (kept == null && admit(k)) {
            kept = crypto.verifier(scheme, key);
            keep(k, kept);
        }
        return kept != null ? kept.verify(message, signature) : crypto.verify(scheme, key, message, signature);
    }

    /** Counts a verification; returns the kept verifier of {@code k}, or null. */
    private synchronized SignatureVerifier lookup(Key k) {
        verifications++;
        Entry e = made.get(k);
        if (e == null) {
            return null;
        }
        e.lastUse = verifications;
        return e.verifier;
    }

    /** True when a verifier should be made for {@code k} now: seen before, and room for it (see the class doc). */
    private synchronized boolean admit(Key k) {
        if (seen.remove(k) == null) {
            remember(k);
            return false;
        }
        if (made.size() < capacity) {
            return true;
        }
        Iterator<Map.Entry<Key, Entry>> eldest = made.entrySet().iterator();
        if (verifications - eldest.next().getValue().lastUse > patience) {
            eldest.remove();
            return true;
        }
        remember(k);
        return false;
    }

    private void remember(Key k) {
        seen.put(k, Boolean.TRUE);
        if (seen.size() > patience) {
            Iterator<Key> eldest = seen.keySet().iterator();
            eldest.next();
            eldest.remove();
        }
    }

    private synchronized void keep(Key k, SignatureVerifier verifier) {
        made.put(k, new Entry(verifier, verifications));
        while (made.size() > capacity) { // another thread filled the room while the table was built
            Iterator<Key> eldest = made.keySet().iterator();
            eldest.next();
            eldest.remove();
        }
    }

    /** The last {@link #wrap} made: configs built per connection around a shared cache share it too. */
    private volatile CachingCryptoProvider lastWrapped;

    /** {@code crypto} with its signature verifications going through this cache. */
    public CryptoProvider wrap(CryptoProvider crypto) {
        if (capacity == 0) {
            return crypto;
        }
        CachingCryptoProvider w = lastWrapped;
        if (w == null || !w.wraps(crypto)) {
            w = new CachingCryptoProvider(crypto, this);
            lastWrapped = w;
        }
        return w;
    }
}
