package dev.parapet.tls.crypto;

import dev.parapet.tls.TlsException;
import dev.parapet.tls.crypto.chacha.ChaCha20Poly1305;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A test's {@link CryptoProvider}: delegates to another and records what the TLS code asked of it and which AEAD
 * implementation it handed out, so a test can show which implementation sealed the records.
 */
public final class RecordingCryptoProvider implements CryptoProvider {
    private final CryptoProvider delegate;
    private final boolean forceOurChaCha;
    public final List<String> aeads = new CopyOnWriteArrayList<>();
    public final List<String> keyExchanges = new CopyOnWriteArrayList<>();
    public final List<SignatureScheme> signed = new CopyOnWriteArrayList<>();
    public final List<SignatureScheme> verified = new CopyOnWriteArrayList<>();
    /** Schemes of the verifiers made by {@link #verifier} (kept per key by the caller). */
    public final List<SignatureScheme> verifiersMade = new CopyOnWriteArrayList<>();

    private RecordingCryptoProvider(CryptoProvider delegate, boolean forceOurChaCha) {
        this.delegate = delegate;
        this.forceOurChaCha = forceOurChaCha;
    }

    public static RecordingCryptoProvider of(CryptoProvider delegate) {
        return new RecordingCryptoProvider(delegate, false);
    }

    /** The JCA for everything but ChaCha20-Poly1305, which is always ours (whatever the JDK's version). */
    public static RecordingCryptoProvider ourChaCha() {
        return new RecordingCryptoProvider(CryptoProvider.jca(), true);
    }

    @Override
    public KeyExchange generateKeyExchange(NamedGroup group, SecureRandom random) {
        KeyExchange k = delegate.generateKeyExchange(group, random);
        keyExchanges.add(group + ":" + k.implementation());
        return k;
    }

    @Override
    public byte[] sign(SignatureScheme scheme, PrivateKey key, byte[] message, SecureRandom random)
            throws TlsException {
        signed.add(scheme);
        return delegate.sign(scheme, key, message, random);
    }

    @Override
    public boolean verify(SignatureScheme scheme, PublicKey key, byte[] message, byte[] signature) {
        verified.add(scheme);
        return delegate.verify(scheme, key, message, signature);
    }

    @Override
    public SignatureVerifier verifier(SignatureScheme scheme, PublicKey key) {
        verifiersMade.add(scheme);
        SignatureVerifier made = delegate.verifier(scheme, key);
        return (message, signature) -> {
            verified.add(scheme);
            return made.verify(message, signature);
        };
    }

    @Override
    public boolean precomputes(SignatureScheme scheme) {
        return delegate.precomputes(scheme);
    }

    @Override
    public Aead aead(CipherSuite suite, byte[] key) {
        Aead aead = forceOurChaCha && suite.cipher() == CipherSuite.BulkCipher.CHACHA20_POLY1305
                ? new ChaCha20Poly1305(key) : delegate.aead(suite, key);
        aeads.add(aead.implementation());
        return aead;
    }

    @Override
    public String name() {
        return "recording " + delegate.name();
    }
}
