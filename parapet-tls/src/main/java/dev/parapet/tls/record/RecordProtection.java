package dev.parapet.tls.record;

import dev.parapet.tls.TlsException;
import java.nio.ByteBuffer;

/** Protects records in one direction under one key: seals outgoing records and opens incoming ones. */
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
     * @throws TlsException bad_record_mac, record_overflow or unexpected_message
     */
    int open(byte[] header, ByteBuffer fragment, ByteBuffer out) throws TlsException;

    /** Room a sealed record of {@code plaintextLength} bytes takes, header included. */
    int maxRecordLength(int plaintextLength);

    /** Switches to the next keys (RFC 8446, 4.6.3 KeyUpdate), keeping the cipher; the sequence number restarts. */
    void rekey(dev.parapet.tls.keyschedule.TrafficKeys keys);

    /** Records sealed or opened under the current key. */
    long sequenceNumber();
}
