package dev.parapet.tls.crypto.chacha;

import static dev.parapet.tls.crypto.chacha.ChaCha20.LE_INT;

import dev.parapet.tls.AlertDescription;
import dev.parapet.tls.TlsException;
import dev.parapet.tls.crypto.Aead;
import java.nio.ByteBuffer;

/**
 * The ChaCha20-Poly1305 AEAD (RFC 8439, 2.8) in pure Java, sealing and opening straight between the caller's heap or
 * direct buffers (in place too: the output may be the very bytes of the input). Opening checks the tag, in constant
 * time, before it decrypts anything, so a forged record leaves the output untouched. One instance per record
 * direction; nothing is allocated per record. Not thread-safe.
 */
public final class ChaCha20Poly1305 implements Aead {
    private static final int KEY_LENGTH = 32;
    private static final ByteBuffer EMPTY = ByteBuffer.allocate(0).asReadOnlyBuffer();

    private final ChaCha20 chacha = new ChaCha20();
    private final Poly1305 poly = new Poly1305();
    private dev.parapet.tls.crypto.RecordScratch scratch;

    /** @param key the 32-byte key (copied) */
    /**
     * Whether ChaCha20 runs on the Vector API in this JVM (started with {@code --add-modules jdk.incubator.vector},
     * 256-bit vectors, not forced scalar): then it is about 2.5x the scalar code (docs/chacha.md).
     */
    public static boolean vectorized() {
        return ChaCha20.VECTOR;
    }

    public ChaCha20Poly1305(byte[] key) {
        rekey(key);
    }

    @Override
    public void rekey(byte[] newKey) {
        if (newKey.length != KEY_LENGTH) {
            throw new IllegalArgumentException("ChaCha20-Poly1305 needs a 32-byte key, got " + newKey.length
                    + " bytes");
        }
        chacha.key(newKey);
    }

    /** Its own: this AEAD borrows nothing. */
    @Override
    public dev.parapet.tls.crypto.RecordScratch scratch() {
        if (scratch == null) {
            scratch = new dev.parapet.tls.crypto.RecordScratch();
        }
        return scratch;
    }

    @Override
    public String implementation() {
        return "parapet";
    }

    @Override
    public int seal(byte[] nonce, ByteBuffer aad, ByteBuffer plaintext, ByteBuffer out) throws TlsException {
        return seal(nonce, aad, plaintext, EMPTY, out);
    }

    @Override
    public int seal(byte[] nonce, ByteBuffer aad, ByteBuffer plaintext, ByteBuffer trailer, ByteBuffer out)
            throws TlsException {
        int bodyLength = plaintext.remaining();
        int ciphertextLength = bodyLength + trailer.remaining();
        if (out.remaining() < ciphertextLength + TAG_LENGTH) {
            throw new TlsException(AlertDescription.INTERNAL_ERROR, "output buffer has " + out.remaining()
                    + " bytes, sealing needs " + (ciphertextLength + TAG_LENGTH));
        }
        int start = out.position();
        begin(nonce);
        // RFC 8439, 2.8: ciphertext = plaintext XOR ChaCha20 from block 1 on; trailer continues the same stream
        chacha.xor(plaintext, plaintext.position(), out, start, bodyLength);
        chacha.xor(trailer, trailer.position(), out, start + bodyLength, trailer.remaining());
        authenticate(aad, out, start, ciphertextLength);
        int tagAt = start + ciphertextLength;
        for (int i = 0; i < 4; i++) {
            LE_INT.set(out, tagAt + 4 * i, poly.tag[i]);
        }
        plaintext.position(plaintext.limit());
        trailer.position(trailer.limit());
        aad.position(aad.limit());
        out.position(tagAt + TAG_LENGTH);
        return ciphertextLength + TAG_LENGTH;
    }

    @Override
    public int open(byte[] nonce, ByteBuffer aad, ByteBuffer ciphertextAndTag, ByteBuffer out)
            throws TlsException {
        int ciphertextLength = ciphertextAndTag.remaining() - TAG_LENGTH;
        if (ciphertextLength < 0) {
            throw new TlsException(AlertDescription.BAD_RECORD_MAC, BAD_RECORD_MAC);
        }
        if (out.remaining() < ciphertextLength) {
            throw new TlsException(AlertDescription.INTERNAL_ERROR, "output buffer has " + out.remaining()
                    + " bytes, opening needs " + ciphertextLength);
        }
        int in = ciphertextAndTag.position();
        begin(nonce);
        authenticate(aad, ciphertextAndTag, in, ciphertextLength);
        // RFC 8439, 4: compare tags in constant time
        int diff = 0;
        for (int i = 0; i < 4; i++) {
            diff |= poly.tag[i] ^ (int) LE_INT.get(ciphertextAndTag, in + ciphertextLength + 4 * i);
        }
        if (diff != 0) {
            throw new TlsException(AlertDescription.BAD_RECORD_MAC, BAD_RECORD_MAC);
        }
        int start = out.position();
        chacha.xor(ciphertextAndTag, in, out, start, ciphertextLength);
        aad.position(aad.limit());
        ciphertextAndTag.position(ciphertextAndTag.limit());
        out.position(start + ciphertextLength);
        return ciphertextLength;
    }

    /** RFC 8439, 2.6: the Poly1305 key is the first 32 bytes of ChaCha20 block 0; the cipher goes on at block 1. */
    private void begin(byte[] nonce) {
        if (nonce.length != NONCE_LENGTH) {
            throw new IllegalArgumentException("AEAD nonce must be " + NONCE_LENGTH + " bytes, got " + nonce.length);
        }
        chacha.start(nonce, 0);
        poly.init(chacha.nextBlock());
    }

    /** RFC 8439, 2.8: the tag over aad || pad16 || ciphertext || pad16 || le64(aad length) || le64(ct length). */
    private void authenticate(ByteBuffer aad, ByteBuffer ciphertext, int at, int length) {
        int aadLength = aad.remaining();
        poly.padded(aad, aad.position(), aadLength);
        poly.padded(ciphertext, at, length);
        poly.lengths(aadLength, length);
        poly.finish();
    }
}
