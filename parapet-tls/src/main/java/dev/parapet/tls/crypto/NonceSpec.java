package dev.parapet.tls.crypto;

import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.IvParameterSpec;

/**
 * Reusable AEAD parameters for {@link JcaAead}: the JDK's {@link GCMParameterSpec} and {@link IvParameterSpec} copy
 * the nonce when made and again when read, so a new one per record costs three objects. These hold the current
 * nonce and hand the Cipher a copy when it asks (it keeps that copy to refuse nonce reuse). Not thread-safe: one per
 * {@link JcaAead}.
 */
public final class NonceSpec {
    private NonceSpec() {
    }

    static Gcm gcm(int tagBits) {
        return new Gcm(tagBits);
    }

    static Iv iv() {
        return new Iv(CipherSuite.NONCE_LENGTH);
    }

    /** A reusable IV of {@code length} bytes (TLS 1.2 CBC records use 16). */
    public static Iv iv(int length) {
        return new Iv(length);
    }

    /** GCM parameters whose nonce is set per record. */
    static final class Gcm extends GCMParameterSpec {
        private final byte[] nonce = new byte[CipherSuite.NONCE_LENGTH];

        Gcm(int tagBits) {
            super(tagBits, new byte[CipherSuite.NONCE_LENGTH]);
        }

        void set(byte[] n) {
            System.arraycopy(n, 0, nonce, 0, nonce.length);
        }

        @Override
        public byte[] getIV() {
            return nonce.clone();
        }
    }

    /** An IV (ChaCha20-Poly1305's nonce, a CBC record's IV) set per record. */
    public static final class Iv extends IvParameterSpec {
        private final byte[] nonce;

        Iv(int length) {
            super(new byte[length]);
            this.nonce = new byte[length];
        }

        /** Copies {@code n} (exactly this spec's length) in; returns this spec. */
        public Iv set(byte[] n) {
            System.arraycopy(n, 0, nonce, 0, nonce.length);
            return this;
        }

        @Override
        public byte[] getIV() {
            return nonce.clone();
        }
    }
}
