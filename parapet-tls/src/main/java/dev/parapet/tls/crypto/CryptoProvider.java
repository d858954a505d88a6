package dev.parapet.tls.crypto;

import dev.parapet.tls.TlsException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;

/**
 * Where the TLS code gets its primitives: (EC)DHE key exchange per {@link NamedGroup}, signatures per
 * {@link SignatureScheme}, and the record AEAD per {@link CipherSuite}. Set per config with
 * {@code TlsConfig.Builder.cryptoProvider}; the handshake and record layers never name an implementation.
 *
 * <ul>
 *   <li>{@link #jca()}: everything through the JDK's JCA providers.</li>
 *   <li>{@link #parapet()} (the default): Parapet's own implementations where one exists and is faster on the
 *       running JDK (X25519, P-256 ECDH and ECDSA, Ed25519, ML-KEM, ChaCha20-Poly1305), the JCA for the rest (see
 *       {@link ParapetCryptoProvider}).</li>
 * </ul>
 * Implementations are immutable and thread-safe; what they return (key exchanges, AEADs) is per connection.
 */
public interface CryptoProvider {

    /** A fresh ephemeral key pair in {@code group} (RFC 8446, 4.2.8). */
    KeyExchange generateKeyExchange(NamedGroup group, SecureRandom random);

    /** Signs {@code message} with {@code scheme}; the contract of {@link Signatures#sign}. */
    byte[] sign(SignatureScheme scheme, PrivateKey key, byte[] message, SecureRandom random) throws TlsException;

    /** True only for a valid signature; never throws; the contract of {@link Signatures#verify}. */
    boolean verify(SignatureScheme scheme, PublicKey key, byte[] message, byte[] signature);

    /**
     * A verifier bound to {@code key}, for a key that verifies many signatures (a trust anchor's). Same results as
     * {@link #verify}; an implementation may precompute from the key (Parapet's does for ECDSA P-256), so it costs
     * more than one {@link #verify} to make and less per signature after.
     */
    default SignatureVerifier verifier(SignatureScheme scheme, PublicKey key) {
        return (message, signature) -> verify(scheme, key, message, signature);
    }

    /**
     * True when {@link #verifier} precomputes from the key for {@code scheme}, so that a key verifying many
     * signatures is worth a {@link VerifierCache} entry. The default: false.
     */
    default boolean precomputes(SignatureScheme scheme) {
        return false;
    }

    /** The AEAD of an AEAD suite under {@code key}, for one record direction. */
    Aead aead(CipherSuite suite, byte[] key);

    /**
     * As {@link #aead(CipherSuite, byte[])}, a JCA-based AEAD borrowing its Cipher from {@code pool} while records
     * flow and giving it back on {@link Aead#release()}. The default ignores the pool.
     */
    default Aead aead(CipherSuite suite, byte[] key, CipherPool pool) {
        return aead(suite, key);
    }

    /** "jca" or "parapet", for tracing and tests. */
    String name();

    /** The JCA for every primitive: Parapet's behaviour before it had primitives of its own. */
    static CryptoProvider jca() {
        return JcaCryptoProvider.INSTANCE;
    }

    /** Parapet's own primitives where they are faster on this JDK, the JCA elsewhere. The default. */
    static CryptoProvider parapet() {
        return ParapetCryptoProvider.INSTANCE;
    }
}
