package dev.parapet.jsse;

import dev.parapet.tls.crypto.CipherPool;
import dev.parapet.tls.crypto.VerifierCache;
import dev.parapet.tls.record.RecordBufferPool;
import dev.parapet.tls.x509.TrustAnchors;
import java.security.SecureRandom;
import javax.net.ssl.X509KeyManager;
import javax.net.ssl.X509TrustManager;

/**
 * What an initialised SSLContext hands its engines and sockets.
 *
 * @param keyManager   the server's chains and keys, or null
 * @param trustManager the user's trust manager, or null for Parapet's own verifier
 * @param anchors      the anchors of Parapet's own verifier when there is no trust manager (null: the JDK default)
 * @param random       the randomness for handshakes (one default SecureRandom per context when none was given)
 * @param pool         the record buffers of every connection of the context
 * @param ciphers      the JCA Ciphers of every connection of the context, held only while records flow
 * @param verifiers    the peer keys' verifiers kept for every connection of the context
 * @param properties   the jdk.tls.* system properties, read when the context was initialised
 */
record ContextState(X509KeyManager keyManager, X509TrustManager trustManager, TrustAnchors anchors,
                    SecureRandom random, RecordBufferPool pool, CipherPool ciphers, VerifierCache verifiers,
                    JdkTlsProperties properties) {
    /**
     * One record buffer pool, one Cipher pool and one verifier cache for every engine and socket of the context
     * (their configs are built per connection); the system properties read now, once.
     */
    ContextState(X509KeyManager keyManager, X509TrustManager trustManager, TrustAnchors anchors,
                 SecureRandom random) {
        // one SecureRandom for the context when none was given, not one per connection's config
        this(keyManager, trustManager, anchors, random != null ? random : new SecureRandom(), new RecordBufferPool(),
                new CipherPool(), new VerifierCache(VerifierCache.DEFAULT_CAPACITY), JdkTlsProperties.read());
    }

    TrustAnchors trustAnchors() {
        return anchors != null ? anchors : TrustAnchors.jdkDefault();
    }
}
