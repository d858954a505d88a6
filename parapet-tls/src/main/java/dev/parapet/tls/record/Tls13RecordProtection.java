package dev.parapet.tls.record;

import dev.parapet.tls.AlertDescription;
import dev.parapet.tls.TlsException;
import dev.parapet.tls.crypto.CipherSuite;
import dev.parapet.tls.keyschedule.TrafficKeys;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.spec.AlgorithmParameterSpec;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * RFC 8446, 5.2-5.3: TLSInnerPlaintext under an AEAD. One JCA {@link Cipher} serves every record; plaintext goes
 * from the caller's buffer straight into the output buffer, and the inner content type is fed as a second input so
 * nothing is copied first.
 */
public final class Tls13RecordProtection implements RecordProtection {
    private static final int HEADER = 5;
    private static final int MAX_PLAINTEXT = 1 << 14;

    private final CipherSuite suite;
    private final int mode;
    private final Cipher cipher;
    private final byte[] header = new byte[HEADER];
    private final byte[] nonce = new byte[CipherSuite.NONCE_LENGTH];
    private final ByteBuffer typeByte = ByteBuffer.allocate(1);
    private SecretKeySpec key;
    private byte[] iv;
    private long seq;

    private Tls13RecordProtection(CipherSuite suite, int mode, TrafficKeys keys) {
        this.suite = suite;
        this.mode = mode;
        try {
            this.cipher = Cipher.getInstance(suite.transformation());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(suite.transformation() + " missing from the JDK", e);
        }
        rekey(keys);
    }

    public static Tls13RecordProtection forWriting(CipherSuite suite, TrafficKeys keys) {
        return new Tls13RecordProtection(suite, Cipher.ENCRYPT_MODE, keys);
    }

    public static Tls13RecordProtection forReading(CipherSuite suite, TrafficKeys keys) {
        return new Tls13RecordProtection(suite, Cipher.DECRYPT_MODE, keys);
    }

    /** Switches to new keys (a KeyUpdate) keeping the Cipher; the sequence number restarts at 0 (RFC 8446, 5.3). */
    public void rekey(TrafficKeys keys) {
        this.key = new SecretKeySpec(keys.key(), suite.keyAlgorithm());
        this.iv = keys.iv().clone();
        this.seq = 0;
    }

    @Override
    public void seal(int contentType, ByteBuffer plaintext, ByteBuffer out) throws TlsException {
        int length = plaintext.remaining() + 1 + CipherSuite.TAG_LENGTH;
        writeHeader(length);
        out.put(header);
        typeByte.clear();
        typeByte.put((byte) contentType).flip();
        try {
            cipher.init(mode, key, nextNonce());
            cipher.updateAAD(header);
            cipher.update(plaintext, out);
            cipher.doFinal(typeByte, out);
        } catch (GeneralSecurityException e) {
            throw new TlsException(AlertDescription.INTERNAL_ERROR, "record encryption failed: " + e.getMessage(), e);
        }
    }

    @Override
    public int open(byte[] recordHeader, ByteBuffer fragment, ByteBuffer out) throws TlsException {
        int start = out.position();
        if (fragment.remaining() < CipherSuite.TAG_LENGTH + 1) {
            throw new TlsException(AlertDescription.BAD_RECORD_MAC, "protected record is too short to be valid");
        }
        try {
            cipher.init(mode, key, nextNonce());
            cipher.updateAAD(recordHeader, 0, HEADER);
            cipher.doFinal(fragment, out);
        } catch (AEADBadTagException e) {
            throw new TlsException(AlertDescription.BAD_RECORD_MAC, "record authentication failed (bad_record_mac)");
        } catch (GeneralSecurityException e) {
            throw new TlsException(AlertDescription.BAD_RECORD_MAC, "record decryption failed");
        }
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
            throw new TlsException(AlertDescription.RECORD_OVERFLOW,
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

    private void writeHeader(int length) {
        // RFC 8446, 5.2: opaque_type application_data, legacy_record_version 0x0303
        header[0] = ContentType.APPLICATION_DATA;
        header[1] = 3;
        header[2] = 3;
        header[3] = (byte) (length >>> 8);
        header[4] = (byte) length;
    }

    /** RFC 8446, 5.3: the 64-bit sequence number, left-padded, XOR the write IV. */
    private AlgorithmParameterSpec nextNonce() {
        System.arraycopy(iv, 0, nonce, 0, nonce.length);
        long s = seq++;
        for (int i = 0; i < 8; i++) {
            nonce[nonce.length - 1 - i] ^= (byte) (s >>> (8 * i));
        }
        return suite.keyAlgorithm().equals("AES")
                ? new GCMParameterSpec(CipherSuite.TAG_LENGTH * 8, nonce)
                : new IvParameterSpec(nonce);
    }
}
