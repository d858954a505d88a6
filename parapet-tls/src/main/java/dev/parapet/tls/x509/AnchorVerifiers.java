package dev.parapet.tls.x509;

import dev.parapet.tls.crypto.CryptoProvider;
import dev.parapet.tls.crypto.SignatureScheme;
import dev.parapet.tls.crypto.SignatureVerifier;
import java.nio.ByteBuffer;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The trust anchors' keys made ready for repeated use, one per certificate verifier (so per configuration): every
 * full handshake checks a signature made by an anchor's key, so the {@link SignatureVerifier} for each (anchor key,
 * scheme) is made by the {@link CryptoProvider} and kept (for ECDSA P-256 under Parapet's provider it holds a
 * precomputed table, which costs about three verifications to build). It is made on an anchor's second use: a
 * config made for one connection never pays for a table. Bounded by the anchors themselves. Thread-safe.
 */
final class AnchorVerifiers {
    private final CryptoProvider crypto;
    private final ConcurrentHashMap<Key, SignatureVerifier> made = new ConcurrentHashMap<>();
    private final Set<Key> usedOnce = ConcurrentHashMap.newKeySet();

    private record Key(ByteBuffer spki, SignatureScheme scheme) {
    }

    AnchorVerifiers(CryptoProvider crypto) {
        this.crypto = crypto;
    }

    SignatureVerifier get(TrustAnchors.Anchor anchor, SignatureScheme scheme) {
        Key key = new Key(ByteBuffer.wrap(anchor.spki()), scheme);
        SignatureVerifier kept = made.get(key);
        if (kept != null) {
            return kept;
        }
        if (usedOnce.add(key)) {
            return (message, signature) -> crypto.verify(scheme, anchor.publicKey(), message, signature);
        }
        return made.computeIfAbsent(key, k -> crypto.verifier(scheme, anchor.publicKey()));
    }
}
