package dev.parapet.tls.crypto;

import dev.parapet.tls.AlertDescription;
import dev.parapet.tls.TlsException;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.spec.AlgorithmParameterSpec;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The JCA's {@link Aead}: one reused {@link Cipher}: AES-GCM or ChaCha20-Poly1305, a 12-byte nonce and a
 * 16-byte tag appended to the ciphertext (RFC 8446, 5.2). Not thread-safe: one per record direction.
 *
 * <p>The JDK refuses to encrypt twice with one key and nonce; TLS never does (RFC 8446, 5.3). Its
 * ChaCha20-Poly1305 also refuses any init (even to decrypt) with the key and nonce of the previous init, so an
 * instance serves one direction only, as TLS uses it.
 */
public final class JcaAead implements Aead {
    private static final ByteBuffer EMPTY = ByteBuffer.allocate(0).asReadOnlyBuffer();

    private final Cipher cipher;
    private final String keyAlgorithm;
    private SecretKeySpec key;
    private final boolean gcm;
    /** Holds a direct buffer's additional data; grows once to the largest AAD seen (13 bytes in TLS). */
    private byte[] aadScratch = new byte[16];

    public JcaAead(CipherSuite suite, byte[] key) {
        this(suite.transformation(), suite.keyAlgorithm(), checkLength(suite, key));
    }

    public JcaAead(String transformation, String keyAlgorithm, byte[] key) {
        this.gcm = transformation.startsWith("AES/GCM");
        this.keyAlgorithm = keyAlgorithm;
        this.key = new SecretKeySpec(key, keyAlgorithm);
        try {
            this.cipher = Cipher.getInstance(transformation);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK has no " + transformation, e);
        }
    }

    private static byte[] checkLength(CipherSuite suite, byte[] key) {
        if (key.length != suite.keyLength()) {
            throw new IllegalArgumentException(suite + " needs a " + suite.keyLength() + "-byte key, got "
                    + key.length + " bytes");
        }
        return key;
    }

    /** Switches to a new key of the same algorithm, keeping the JCA Cipher (a TLS 1.3 KeyUpdate). */
    @Override
    public void rekey(byte[] newKey) {
        this.key = new SecretKeySpec(newKey, keyAlgorithm);
    }

    @Override
    public String implementation() {
        return "jca";
    }

    @Override
    public int seal(byte[] nonce, ByteBuffer aad, ByteBuffer plaintext, ByteBuffer out) throws TlsException {
        return seal(nonce, aad, plaintext, EMPTY, out);
    }

    @Override
    public int seal(byte[] nonce, ByteBuffer aad, ByteBuffer plaintext, ByteBuffer trailer, ByteBuffer out)
            throws TlsException {
        int needed = plaintext.remaining() + trailer.remaining() + TAG_LENGTH;
        if (out.remaining() < needed) {
            throw internalError("output buffer has " + out.remaining() + " bytes, sealing needs " + needed, null);
        }
        try {
            cipher.init(Cipher.ENCRYPT_MODE, key, parameters(nonce));
            updateAad(aad);
            int n = cipher.update(plaintext, out);
            return n + cipher.doFinal(trailer, out);
        } catch (GeneralSecurityException | IllegalStateException e) {
            throw internalError("AEAD encryption failed: " + e.getClass().getSimpleName(), e);
        }
    }

    @Override
    public int open(byte[] nonce, ByteBuffer aad, ByteBuffer ciphertextAndTag, ByteBuffer out)
            throws TlsException {
        int plaintextLength = ciphertextAndTag.remaining() - TAG_LENGTH;
        if (plaintextLength < 0) {
            throw badRecordMac(null);
        }
        if (out.remaining() < plaintextLength) {
            throw internalError("output buffer has " + out.remaining() + " bytes, opening needs "
                    + plaintextLength, null);
        }
        int start = out.position();
        try {
            cipher.init(Cipher.DECRYPT_MODE, key, parameters(nonce));
            updateAad(aad);
            return cipher.doFinal(ciphertextAndTag, out);
        } catch (AEADBadTagException e) {
            wipe(out, start, plaintextLength);
            throw badRecordMac(e);
        } catch (GeneralSecurityException | IllegalStateException e) {
            wipe(out, start, plaintextLength);
            throw internalError("AEAD decryption failed: " + e.getClass().getSimpleName(), e);
        }
    }

    /**
     * Feeds the additional data through the byte[] form of updateAAD: the JDK 17 ChaCha20-Poly1305
     * updateAAD(ByteBuffer) computes a wrong tag for 16 or more bytes of AAD (found by Wycheproof tcId 106).
     */
    private void updateAad(ByteBuffer aad) {
        int n = aad.remaining();
        if (aad.hasArray()) {
            cipher.updateAAD(aad.array(), aad.arrayOffset() + aad.position(), n);
            aad.position(aad.limit());
            return;
        }
        if (aadScratch.length < n) {
            aadScratch = new byte[n];
        }
        aad.get(aadScratch, 0, n);
        cipher.updateAAD(aadScratch, 0, n);
    }

    private AlgorithmParameterSpec parameters(byte[] nonce) {
        if (nonce.length != NONCE_LENGTH) {
            throw new IllegalArgumentException("AEAD nonce must be " + NONCE_LENGTH + " bytes, got " + nonce.length);
        }
        // RFC 5288 / RFC 8439: a 128-bit tag for GCM; ChaCha20-Poly1305 takes the nonce as its IV.
        return gcm ? new GCMParameterSpec(TAG_LENGTH * 8, nonce) : new IvParameterSpec(nonce);
    }

    /** Whatever a failed decryption may have put into out is zeroed, and out's position restored. */
    private static void wipe(ByteBuffer out, int start, int length) {
        int end = Math.min(out.limit(), start + length);
        for (int i = start; i < end; i++) {
            out.put(i, (byte) 0);
        }
        out.position(start);
    }

    private static TlsException badRecordMac(Throwable cause) {
        return new TlsException(AlertDescription.BAD_RECORD_MAC, BAD_RECORD_MAC, cause);
    }

    private static TlsException internalError(String message, Throwable cause) {
        return new TlsException(AlertDescription.INTERNAL_ERROR, message, cause);
    }
}
