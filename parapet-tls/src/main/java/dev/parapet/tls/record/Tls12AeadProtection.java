package dev.parapet.tls.record;

import dev.parapet.tls.AlertDescription;
import dev.parapet.tls.TlsException;
import dev.parapet.tls.crypto.Aead;
import dev.parapet.tls.crypto.CipherPool;
import dev.parapet.tls.crypto.CipherSuite;
import dev.parapet.tls.crypto.CryptoProvider;
import java.nio.ByteBuffer;

/**
 * TLS 1.2 AEAD records (RFC 5246, 6.2.3.3) for one direction under one key.
 * <ul>
 *   <li>AES-GCM (RFC 5288, 3): nonce = fixed_iv (4 bytes, from the key block) || nonce_explicit (8 bytes), the
 *       explicit part sent in front of the ciphertext. We send the sequence number as the explicit nonce, so a nonce
 *       is never repeated under a key; on reading we take whatever the peer sent.</li>
 *   <li>ChaCha20-Poly1305 (RFC 7905, 2): nonce = fixed_iv (12 bytes) XOR the left-padded sequence number; nothing
 *       explicit on the wire.</li>
 * </ul>
 * The additional data is seq_num (8) || type (1) || version (2) || plaintext length (2). The content type stays in
 * the record header. Every authentication failure, and a fragment too short to hold the explicit nonce and the tag,
 * is bad_record_mac with one message; a record that decrypts to more than 2^14 bytes is record_overflow.
 */
public final class Tls12AeadProtection implements RecordProtection {
    private static final int HEADER = 5;
    private static final int MAX_PLAINTEXT = 1 << 14;
    private static final int AAD_LENGTH = 13;
    static final String BAD_RECORD_MAC = "record authentication failed (bad_record_mac)";

    private final Aead aead;
    private final byte[] fixedIv;
    private final int explicitNonceLength;
    private final byte[] nonce = new byte[Aead.NONCE_LENGTH];
    private final byte[] aad = new byte[AAD_LENGTH];
    private final ByteBuffer aadBuffer = ByteBuffer.wrap(aad);
    private long seq;

    /**
     * @param suite   a TLS 1.2 AEAD suite
     * @param key     the write key from the key block
     * @param fixedIv the write IV from the key block (4 bytes for GCM, 12 for ChaCha20-Poly1305)
     */
    public Tls12AeadProtection(CipherSuite suite, byte[] key, byte[] fixedIv) {
        this(suite, key, fixedIv, CryptoProvider.parapet());
    }

    /** As {@link #Tls12AeadProtection(CipherSuite, byte[], byte[])}, the AEAD from {@code crypto}. */
    public Tls12AeadProtection(CipherSuite suite, byte[] key, byte[] fixedIv, CryptoProvider crypto) {
        this(suite, key, fixedIv, crypto, null);
    }

    /** As above, borrowing a JCA Cipher from {@code pool} while records flow (null: one of its own). */
    public Tls12AeadProtection(CipherSuite suite, byte[] key, byte[] fixedIv, CryptoProvider crypto,
                               CipherPool pool) {
        if (suite.isTls13() || !suite.cipher().isAead()) {
            throw new IllegalArgumentException(suite + " is not a TLS 1.2 AEAD suite");
        }
        if (fixedIv.length != suite.cipher().fixedIvLength()) {
            throw new IllegalArgumentException(suite + " needs a " + suite.cipher().fixedIvLength()
                    + "-byte fixed IV, got " + fixedIv.length + " bytes");
        }
        this.aead = crypto.aead(suite, key, pool);
        this.fixedIv = fixedIv.clone();
        this.explicitNonceLength = suite.cipher().recordIvLength();
    }

    /** Which AEAD implementation protects these records: "jca" or "parapet". */
    public String aeadImplementation() {
        return aead.implementation();
    }

    @Override
    public void release() {
        aead.release();
    }

    @Override
    public void dispose() {
        aead.dispose();
    }

    @Override
    public void seal(int contentType, ByteBuffer plaintext, ByteBuffer out) throws TlsException {
        int length = plaintext.remaining();
        int needed = maxRecordLength(length);
        SealCheck.check(length, needed, out);
        long s = seq++;
        int fragment = explicitNonceLength + length + Aead.TAG_LENGTH;
        out.put((byte) contentType).put((byte) 3).put((byte) 3).putShort((short) fragment);
        buildNonce(s);
        if (explicitNonceLength > 0) {
            // RFC 5288, 3: the explicit nonce is the last 8 bytes of the nonce, here the sequence number.
            out.put(nonce, fixedIv.length, explicitNonceLength);
        }
        buildAad(s, contentType, 3, 3, length);
        aead.seal(nonce, aadBuffer, plaintext, out);
    }

    @Override
    public int open(byte[] header, ByteBuffer fragment, ByteBuffer out) throws TlsException {
        long s = seq++;
        int plaintextLength = fragment.remaining() - explicitNonceLength - Aead.TAG_LENGTH;
        if (plaintextLength < 0) {
            throw badRecordMac();
        }
        if (out.remaining() < plaintextLength) {
            throw new TlsException(AlertDescription.INTERNAL_ERROR,
                    "output buffer has " + out.remaining() + " bytes, opening needs " + plaintextLength);
        }
        if (explicitNonceLength > 0) {
            System.arraycopy(fixedIv, 0, nonce, 0, fixedIv.length);
            fragment.get(nonce, fixedIv.length, explicitNonceLength);
        } else {
            buildNonce(s);
        }
        int type = header[0] & 0xff;
        buildAad(s, type, header[1], header[2], plaintextLength);
        int start = out.position();
        aead.open(nonce, aadBuffer, fragment, out);
        if (out.position() - start > MAX_PLAINTEXT) {
            wipe(out, start);
            throw new TlsException(AlertDescription.RECORD_OVERFLOW,
                    "decrypted record of " + plaintextLength + " bytes exceeds 2^14");
        }
        return type;
    }

    /** GCM: fixed_iv || seq (big-endian); ChaCha20-Poly1305: fixed_iv XOR (0^32 || seq). */
    private void buildNonce(long s) {
        if (explicitNonceLength > 0) {
            System.arraycopy(fixedIv, 0, nonce, 0, fixedIv.length);
            for (int i = 0; i < 8; i++) {
                nonce[nonce.length - 1 - i] = (byte) (s >>> (8 * i));
            }
        } else {
            System.arraycopy(fixedIv, 0, nonce, 0, nonce.length);
            for (int i = 0; i < 8; i++) {
                nonce[nonce.length - 1 - i] ^= (byte) (s >>> (8 * i));
            }
        }
    }

    private void buildAad(long s, int type, int major, int minor, int length) {
        for (int i = 0; i < 8; i++) {
            aad[7 - i] = (byte) (s >>> (8 * i));
        }
        aad[8] = (byte) type;
        aad[9] = (byte) major;
        aad[10] = (byte) minor;
        aad[11] = (byte) (length >>> 8);
        aad[12] = (byte) length;
        aadBuffer.clear();
    }

    private static void wipe(ByteBuffer out, int start) {
        for (int i = start; i < out.position(); i++) {
            out.put(i, (byte) 0);
        }
        out.position(start);
    }

    private static TlsException badRecordMac() {
        return new TlsException(AlertDescription.BAD_RECORD_MAC, BAD_RECORD_MAC);
    }

    @Override
    public int maxRecordLength(int plaintextLength) {
        return HEADER + explicitNonceLength + plaintextLength + Aead.TAG_LENGTH;
    }

    @Override
    public long sequenceNumber() {
        return seq;
    }

    @Override
    public boolean hidesContentType() {
        return false;
    }

    @Override
    public int maxFragmentLength() {
        return MAX_PLAINTEXT + 2048;
    }
}
