package dev.parapet.tls.record;

import dev.parapet.tls.TlsException;
import dev.parapet.tls.keyschedule.TrafficKeys;
import java.nio.ByteBuffer;

/**
 * Protects records in one direction under one key: seals outgoing records and opens incoming ones. TLS 1.3
 * (RFC 8446, 5.2) hides the content type inside; TLS 1.2 (RFC 5246, 6.2.3) keeps it outside and in the MAC.
 */
public interface RecordProtection {

    /**
     * Writes one protected record (header included) carrying {@code contentType} and the remaining bytes of
     * {@code plaintext} (at most 2^14) into {@code out}, which must have room for
     * {@link #maxRecordLength(int) maxRecordLength(plaintext.remaining())}.
     */
    void seal(int contentType, ByteBuffer plaintext, ByteBuffer out) throws TlsException;

    /**
     * Opens the record whose 5-byte header is at {@code header[0..5)} and whose fragment is the remaining bytes of
     * {@code fragment}; writes the content into {@code out} (from its position; position moves past it).
     *
     * @return the record's real content type
     * @throws TlsException bad_record_mac (every authentication or padding failure, alike), record_overflow or
     *                      unexpected_message
     */
    int open(byte[] header, ByteBuffer fragment, ByteBuffer out) throws TlsException;

    /** Room a sealed record of {@code plaintextLength} bytes takes, header included. */
    int maxRecordLength(int plaintextLength);

    /** Records sealed or opened under the current key. */
    long sequenceNumber();

    /** True when the outer content type is always application_data and the real one is inside (TLS 1.3). */
    boolean hidesContentType();

    /** The longest protected fragment accepted: 2^14 + 256 in TLS 1.3 (RFC 8446, 5.2), 2^14 + 2048 in TLS 1.2. */
    int maxFragmentLength();

    /**
     * The connection went idle in this direction (its record buffer went back to the pool): give back the pooled
     * Cipher (and Mac) until the next record. Keys, IV and sequence number stay.
     */
    default void release() {
    }

    /** These keys are replaced for good (the next epoch's protection takes over): give back what was borrowed. */
    default void dispose() {
        release();
    }

    /** Switches to the next keys (RFC 8446, 4.6.3 KeyUpdate), keeping the cipher; the sequence number restarts. */
    default void rekey(TrafficKeys keys) {
        throw new UnsupportedOperationException("only TLS 1.3 updates keys");
    }
}
