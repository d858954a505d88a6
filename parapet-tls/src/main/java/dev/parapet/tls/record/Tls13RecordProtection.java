package dev.parapet.tls.record;

import dev.parapet.tls.TlsException;
import dev.parapet.tls.crypto.Aead;
import dev.parapet.tls.crypto.CipherPool;
import dev.parapet.tls.crypto.CipherSuite;
import dev.parapet.tls.crypto.CryptoProvider;
import dev.parapet.tls.crypto.RecordScratch;
import dev.parapet.tls.keyschedule.TrafficKeys;
import java.nio.ByteBuffer;

/**
 * RFC 8446, 5.2-5.3: TLSInnerPlaintext under the suite's AEAD, for one direction. With a {@link CipherPool}, the
 * JCA Cipher and the per-record arrays ({@link RecordScratch}) are borrowed together while records flow and given
 * back on {@link #release()}: an idle protection keeps its key, IV and sequence number. One {@link Aead} (from the
 * {@link CryptoProvider}) serves every record, KeyUpdates included; plaintext goes from the caller's buffer straight into the
 * output, and the inner content type is sealed as a trailer so nothing is copied first.
 */
public final class Tls13RecordProtection implements RecordProtection {
    private static final int HEADER = 5;
    private static final int MAX_PLAINTEXT = 1 << 14;

    private final Aead aead;
    private byte[] iv;
    private long seq;

    private Tls13RecordProtection(CipherSuite suite, TrafficKeys keys, CryptoProvider crypto, CipherPool pool) {
        this.aead = crypto.aead(suite, keys.key(), pool);
        this.iv = keys.iv().clone();
    }

    /** With the default provider, {@link CryptoProvider#parapet()}. */
    public static Tls13RecordProtection forWriting(CipherSuite suite, TrafficKeys keys) {
        return forWriting(suite, keys, CryptoProvider.parapet());
    }

    /** With the default provider, {@link CryptoProvider#parapet()}. */
    public static Tls13RecordProtection forReading(CipherSuite suite, TrafficKeys keys) {
        return forReading(suite, keys, CryptoProvider.parapet());
    }

    public static Tls13RecordProtection forWriting(CipherSuite suite, TrafficKeys keys, CryptoProvider crypto) {
        return new Tls13RecordProtection(suite, keys, crypto, null);
    }

    public static Tls13RecordProtection forReading(CipherSuite suite, TrafficKeys keys, CryptoProvider crypto) {
        return new Tls13RecordProtection(suite, keys, crypto, null);
    }

    /** Borrowing its JCA Cipher from {@code pool} while records flow (see {@link #release()}). */
    public static Tls13RecordProtection forWriting(CipherSuite suite, TrafficKeys keys, CryptoProvider crypto,
                                                   CipherPool pool) {
        return new Tls13RecordProtection(suite, keys, crypto, pool);
    }

    /** Borrowing its JCA Cipher from {@code pool} while records flow (see {@link #release()}). */
    public static Tls13RecordProtection forReading(CipherSuite suite, TrafficKeys keys, CryptoProvider crypto,
                                                   CipherPool pool) {
        return new Tls13RecordProtection(suite, keys, crypto, pool);
    }

    @Override
    public void release() {
        aead.release();
    }

    @Override
    public void dispose() {
        aead.dispose();
    }

    /** Which AEAD implementation protects these records: "jca" or "parapet". */
    public String aeadImplementation() {
        return aead.implementation();
    }

    @Override
    public void rekey(TrafficKeys keys) {
        aead.rekey(keys.key());
        this.iv = keys.iv().clone();
        this.seq = 0;
    }

    @Override
    public void seal(int contentType, ByteBuffer plaintext, ByteBuffer out) throws TlsException {
        int length = plaintext.remaining() + 1 + CipherSuite.TAG_LENGTH;
        RecordScratch sc = aead.scratch();
        byte[] header = sc.header;
        ByteBuffer typeByte = sc.typeByte;
        // RFC 8446, 5.2: opaque_type application_data, legacy_record_version 0x0303
        header[0] = ContentType.APPLICATION_DATA;
        header[1] = 3;
        header[2] = 3;
        header[3] = (byte) (length >>> 8);
        header[4] = (byte) length;
        out.put(header);
        typeByte.clear();
        typeByte.put((byte) contentType).flip();
        sc.headerBuffer.clear();
        aead.seal(nonce(sc, seq++), sc.headerBuffer, plaintext, typeByte, out);
    }

    @Override
    public int open(byte[] recordHeader, ByteBuffer fragment, ByteBuffer out) throws TlsException {
        if (fragment.remaining() < CipherSuite.TAG_LENGTH + 1) {
            // RFC 8446, 5.2: at least the content type and the tag
            throw new TlsException(dev.parapet.tls.AlertDescription.BAD_RECORD_MAC,
                    "protected record of " + fragment.remaining() + " bytes is too short to be valid");
        }
        int start = out.position();
        RecordScratch sc = aead.scratch();
        System.arraycopy(recordHeader, 0, sc.header, 0, HEADER);
        sc.headerBuffer.clear();
        // the sequence number advances only for a record that opens: a server skipping refused 0-RTT records
        // (RFC 8446, 4.2.10) reads the next one with the number it expected
        aead.open(nonce(sc, seq), sc.headerBuffer, fragment, out);
        seq++;
        return stripPadding(out, start);
    }

    /** RFC 8446, 5.4: the content type is the last non-zero byte; zeros after it are padding. */
    private static int stripPadding(ByteBuffer out, int start) throws TlsException {
        int i = out.position() - 1;
        while (i >= start && out.get(i) == 0) {
            i--;
        }
        if (i < start) {
            throw TlsException.unexpectedMessage("protected record has no non-zero content type");
        }
        int type = out.get(i) & 0xff;
        out.position(i);
        if (i - start > MAX_PLAINTEXT) {
            throw new TlsException(dev.parapet.tls.AlertDescription.RECORD_OVERFLOW,
                    "decrypted record of " + (i - start) + " bytes exceeds 2^14");
        }
        return type;
    }

    @Override
    public int maxRecordLength(int plaintextLength) {
        return HEADER + plaintextLength + 1 + CipherSuite.TAG_LENGTH;
    }

    @Override
    public long sequenceNumber() {
        return seq;
    }

    @Override
    public boolean hidesContentType() {
        return true;
    }

    @Override
    public int maxFragmentLength() {
        return MAX_PLAINTEXT + 256;
    }

    /** RFC 8446, 5.3: the 64-bit sequence number, left-padded, XOR the write IV. */
    private byte[] nonce(RecordScratch sc, long s) {
        byte[] nonce = sc.nonce;
        System.arraycopy(iv, 0, nonce, 0, nonce.length);
        for (int i = 0; i < 8; i++) {
            nonce[nonce.length - 1 - i] ^= (byte) (s >>> (8 * i));
        }
        return nonce;
    }
}
