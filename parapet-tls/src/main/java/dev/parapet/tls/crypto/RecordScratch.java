package dev.parapet.tls.crypto;

import java.nio.ByteBuffer;

/**
 * The working arrays of one TLS 1.3 record (RFC 8446, 5.2-5.3): the record header, which is the additional data, the
 * per-record nonce, and the inner content type sealed as a trailer. An {@link Aead} lends them with itself
 * ({@link Aead#scratch()}): a pooled {@link JcaAead} keeps them with its Cipher, so a borrow per record fetches both
 * at once and an idle connection keeps neither. Not thread-safe.
 */
public final class RecordScratch {
    /** The 5-byte record header. */
    public final byte[] header = new byte[5];
    /** {@link #header} as the additional data. */
    public final ByteBuffer headerBuffer = ByteBuffer.wrap(header);
    /** The nonce of the record being sealed or opened. */
    public final byte[] nonce = new byte[Aead.NONCE_LENGTH];
    /** The inner content type, sealed after the content. */
    public final ByteBuffer typeByte = ByteBuffer.allocate(1);
}
