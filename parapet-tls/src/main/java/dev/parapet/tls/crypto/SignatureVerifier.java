package dev.parapet.tls.crypto;

/**
 * Verifies signatures under one public key and one {@link SignatureScheme}, made by
 * {@link CryptoProvider#verifier}. Immutable and thread-safe; it may hold tables precomputed from the key, which
 * is why it exists: a key that verifies again and again (a trust anchor's) pays for them once.
 */
@FunctionalInterface
public interface SignatureVerifier {

    /** True only for a valid signature over {@code message}; never throws (the contract of {@link Signatures#verify}). */
    boolean verify(byte[] message, byte[] signature);
}
