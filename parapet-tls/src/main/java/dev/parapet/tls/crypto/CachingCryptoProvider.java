package dev.parapet.tls.crypto;

import dev.parapet.tls.TlsException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;

/** A provider whose {@link #verify} goes through a {@link VerifierCache}; everything else is the wrapped one's. */
final class CachingCryptoProvider implements CryptoProvider {
    private final CryptoProvider crypto;
    private final VerifierCache cache;

    CachingCryptoProvider(CryptoProvider crypto, VerifierCache cache) {
        this.crypto = crypto;
        this.cache = cache;
    }

    boolean wraps(CryptoProvider other) {
        return crypto == other;
    }

    @Override
    public boolean verify(SignatureScheme scheme, PublicKey key, byte[] message, byte[] signature) {
        return cache.verify(crypto, scheme, key, message, signature);
    }

    @Override
    public KeyExchange generateKeyExchange(NamedGroup group, SecureRandom random) {
        return crypto.generateKeyExchange(group, random);
    }

    @Override
    public byte[] sign(SignatureScheme scheme, PrivateKey key, byte[] message, SecureRandom random)
            throws TlsException {
        return crypto.sign(scheme, key, message, random);
    }

    @Override
    public SignatureVerifier verifier(SignatureScheme scheme, PublicKey key) {
        return crypto.verifier(scheme, key);
    }

    @Override
    public boolean precomputes(SignatureScheme scheme) {
        return crypto.precomputes(scheme);
    }

    @Override
    public Aead aead(CipherSuite suite, byte[] key) {
        return crypto.aead(suite, key);
    }

    @Override
    public Aead aead(CipherSuite suite, byte[] key, CipherPool pool) {
        return crypto.aead(suite, key, pool);
    }

    @Override
    public String name() {
        return crypto.name();
    }
}
