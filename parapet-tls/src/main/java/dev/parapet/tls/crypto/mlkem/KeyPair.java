package dev.parapet.tls.crypto.mlkem;

/**
 * An ML-KEM key pair: the encapsulation key (public) and the decapsulation key (secret). Immutable: the
 * accessors return copies. {@link #toString()} shows no key material.
 */
public final class KeyPair {
    private final MlKem parameters;
    private final byte[] encapsulationKey;
    private final byte[] decapsulationKey;

    KeyPair(MlKem parameters, byte[] encapsulationKey, byte[] decapsulationKey) {
        this.parameters = parameters;
        this.encapsulationKey = encapsulationKey;
        this.decapsulationKey = decapsulationKey;
    }

    /** The parameter set the keys belong to. */
    public MlKem parameters() {
        return parameters;
    }

    /** ek (FIPS 203, 7.1), {@link MlKem#encapsulationKeyLength()} bytes: give it to the peer. */
    public byte[] encapsulationKey() {
        return encapsulationKey.clone();
    }

    /** dk (FIPS 203, 7.1), {@link MlKem#decapsulationKeyLength()} bytes: keep it secret. */
    public byte[] decapsulationKey() {
        return decapsulationKey.clone();
    }

    @Override
    public String toString() {
        return parameters.name() + " key pair";
    }
}
