package dev.parapet.tls.x509;

import dev.parapet.tls.crypto.CryptoProvider;
import dev.parapet.tls.crypto.SignatureScheme;
import dev.parapet.tls.crypto.SignatureVerifier;
import java.nio.ByteBuffer;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The trust anchors' keys made ready for repeated use, one per certificate verifier (so per configuration): every
 * full handshake checks a signature made by an anchor's key, so the {@link SignatureVerifier} for each (anchor key,
 * scheme) is made by the {@link CryptoProvider} on first use and kept (for ECDSA P-256 under Parapet's provider it
 * holds a precomputed table). Bounded by the anchors themselves: only anchors' keys come here. Thread-safe.
 */
final class AnchorVerifiers {
    private final CryptoProvider crypto;
    private final ConcurrentHashMap<Key, SignatureVerifier> made = new ConcurrentHashMap<>();

    private record Key(ByteBuffer spki, SignatureScheme scheme) {
    }

    AnchorVerifiers(CryptoProvider crypto) {
        this.crypto = crypto;
    }

    SignatureVerifier get(TrustAnchors.Anchor anchor, SignatureScheme scheme) {
        return made.computeIfAbsent(new Key(ByteBuffer.wrap(anchor.spki()), scheme),
                k -> crypto.verifier(scheme, anchor.publicKey()));
    }

    /** How many verifiers are kept (tests). */
    int size() {
        return made.size();
    }
}
