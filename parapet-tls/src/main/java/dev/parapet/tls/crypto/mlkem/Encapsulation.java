package dev.parapet.tls.crypto.mlkem;

/**
 * The result of ML-KEM encapsulation: the 32-byte shared key (secret) and the ciphertext to send to the holder
 * of the decapsulation key. Immutable: the accessors return copies. {@link #toString()} shows no key material.
 */
public final class Encapsulation {
    private final byte[] sharedKey;
    private final byte[] ciphertext;

    Encapsulation(byte[] sharedKey, byte[] ciphertext) {
        this.sharedKey = sharedKey;
        this.ciphertext = ciphertext;
    }

    /** The shared key K, 32 bytes. */
    public byte[] sharedKey() {
        return sharedKey.clone();
    }

    /** The ciphertext c, {@link MlKem#ciphertextLength()} bytes. */
    public byte[] ciphertext() {
        return ciphertext.clone();
    }

    @Override
    public String toString() {
        return "ML-KEM encapsulation (" + ciphertext.length + "-byte ciphertext)";
    }
}
