package dev.parapet.tls.crypto;

import dev.parapet.tls.TlsException;
import java.nio.ByteBuffer;

/**
 * An AEAD (RFC 5116) as TLS records use it: a 12-byte nonce and a 16-byte tag appended to the ciphertext
 * (RFC 8446, 5.2). Two implementations: {@link JcaAead} over a JCA Cipher, and Parapet's own ChaCha20-Poly1305
 * ({@link dev.parapet.tls.crypto.chacha.ChaCha20Poly1305}); {@link CryptoProvider#aead} picks one. Not thread-safe:
 * one instance per record direction.
 */
public interface Aead {
    int TAG_LENGTH = CipherSuite.TAG_LENGTH;
    int NONCE_LENGTH = CipherSuite.NONCE_LENGTH;
    /** The message of every authentication failure, alike. */
    String BAD_RECORD_MAC = "record authentication failed (bad_record_mac)";

    /**
     * RFC 5116, 2.1: encrypts plaintext.remaining() bytes and appends ciphertext || tag to out; consumes aad and
     * plaintext.
     *
     * @return the bytes written: plaintext length + 16
     * @throws IllegalArgumentException when the nonce is not 12 bytes
     * @throws TlsException             internal_error when out has no room
     */
    int seal(byte[] nonce, ByteBuffer aad, ByteBuffer plaintext, ByteBuffer out) throws TlsException;

    /**
     * Seals {@code plaintext} followed by {@code trailer} as one message, without first joining them: TLS 1.3 puts
     * the inner content type after the record's content (RFC 8446, 5.2).
     */
    int seal(byte[] nonce, ByteBuffer aad, ByteBuffer plaintext, ByteBuffer trailer, ByteBuffer out)
            throws TlsException;

    /**
     * RFC 5116, 2.2: authenticates and decrypts ciphertext || tag into out; consumes aad and the input. A record
     * that does not authenticate is bad_record_mac (RFC 8446, 5.2), and out keeps no plaintext of it.
     *
     * @return the plaintext bytes written
     */
    int open(byte[] nonce, ByteBuffer aad, ByteBuffer ciphertextAndTag, ByteBuffer out) throws TlsException;

    /** Switches to a new key of the same length (a TLS 1.3 KeyUpdate), keeping what can be kept. */
    void rekey(byte[] newKey);

    /**
     * Working arrays for the record being sealed or opened, valid until {@link #release()} (a pooled AEAD lends them
     * with its Cipher).
     */
    RecordScratch scratch();

    /**
     * The connection is idle: give back whatever was borrowed from a {@link CipherPool} (the next seal or open
     * borrows again). Keys stay. Nothing to do for an AEAD that borrows nothing.
     */
    default void release() {
    }

    /**
     * These keys are done for good (replaced by the next ones, or the connection is finished): whatever was
     * borrowed from a {@link CipherPool} goes straight back to it, for other connections, instead of being kept for
     * a next record that will not come.
     */
    default void dispose() {
        release();
    }

    /** Which implementation this is: "jca" or "parapet" (for tests, tracing and benchmarks). */
    String implementation();
}
