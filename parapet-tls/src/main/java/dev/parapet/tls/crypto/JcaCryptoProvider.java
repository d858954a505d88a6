package dev.parapet.tls.crypto;

import dev.parapet.tls.TlsException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;

/** {@link CryptoProvider#jca()}: every primitive through the JCA. */
final class JcaCryptoProvider implements CryptoProvider {
    static final JcaCryptoProvider INSTANCE = new JcaCryptoProvider();

    private JcaCryptoProvider() {
    }

    @Override
    public KeyExchange generateKeyExchange(NamedGroup group, SecureRandom random) {
        return KeyExchange.generate(group, random);
    }

    @Override
    public byte[] sign(SignatureScheme scheme, PrivateKey key, byte[] message, SecureRandom random)
            throws TlsException {
        return Signatures.sign(scheme, key, message, random);
    }

    @Override
    public boolean verify(SignatureScheme scheme, PublicKey key, byte[] message, byte[] signature) {
        return Signatures.verify(scheme, key, message, signature);
    }

    @Override
    public Aead aead(CipherSuite suite, byte[] key) {
        return new JcaAead(suite, key);
    }

    @Override
    public Aead aead(CipherSuite suite, byte[] key, CipherPool pool) {
        return new JcaAead(suite, key, pool);
    }

    @Override
    public String name() {
        return "jca";
    }

    @Override
    public String toString() {
        return "CryptoProvider.jca()";
    }
}
