package dev.parapet.tls.crypto.mlkem;

import dev.parapet.tls.crypto.ConstantTime;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Objects;

/**
 * ML-KEM (FIPS 203), the module-lattice key-encapsulation mechanism, in the parameter sets {@link #ML_KEM_768}
 * and {@link #ML_KEM_1024}. Keys and ciphertexts are the byte strings of FIPS 203: the encapsulation key ek,
 * the decapsulation key dk (the full 768 k + 96-byte form, dk_PKE || ek || H(ek) || z) and the ciphertext c.
 *
 * <pre>{@code
 * KeyPair keys = MlKem.ML_KEM_768.generate(random);                          // receiver
 * Encapsulation e = MlKem.ML_KEM_768.encapsulate(keys.encapsulationKey(), random);   // sender
 * byte[] k = MlKem.ML_KEM_768.decapsulate(keys.decapsulationKey(), e.ciphertext());  // receiver; k == e.sharedKey()
 * }</pre>
 *
 * <p>Instances are immutable and thread-safe. Operations on secret data (key generation, encryption with the
 * secret randomness, decryption, the re-encryption check and the choice of the shared key in decapsulation) have
 * no branches or table lookups that depend on secrets.
 */
public final class MlKem {
    /** ML-KEM-768 (FIPS 203, 8): k = 3, du = 10, dv = 4; ek 1184 bytes, dk 2400, ciphertext 1088. */
    public static final MlKem ML_KEM_768 = new MlKem("ML-KEM-768", 3, 10, 4);
    /** ML-KEM-1024 (FIPS 203, 8): k = 4, du = 11, dv = 5; ek 1568 bytes, dk 3168, ciphertext 1568. */
    public static final MlKem ML_KEM_1024 = new MlKem("ML-KEM-1024", 4, 11, 5);
    /** The length of a shared key and of each seed (d, z, m). */
    public static final int SHARED_KEY_LENGTH = 32;
    private static final int SEED_LENGTH = 32;

    private final String name;
    private final int k;
    private final KPke pke;

    private MlKem(String name, int k, int du, int dv) {
        this.name = name;
        this.k = k;
        this.pke = new KPke(k, du, dv);
    }

    /** The FIPS 203 name, "ML-KEM-768" or "ML-KEM-1024". */
    public String name() {
        return name;
    }

    /** 384 k + 32 bytes. */
    public int encapsulationKeyLength() {
        return pke.encryptionKeyLength();
    }

    /** 768 k + 96 bytes. */
    public int decapsulationKeyLength() {
        return 768 * k + 96;
    }

    /** 32 (du k + dv) bytes. */
    public int ciphertextLength() {
        return pke.ciphertextLength();
    }

    /** ML-KEM.KeyGen (FIPS 203, Algorithm 19): a key pair from 64 fresh bytes of {@code random}. */
    public KeyPair generate(SecureRandom random) {
        byte[] d = new byte[SEED_LENGTH];
        byte[] z = new byte[SEED_LENGTH];
        random.nextBytes(d);
        random.nextBytes(z);
        try {
            return generate(d, z);
        } finally {
            Arrays.fill(d, (byte) 0);
            Arrays.fill(z, (byte) 0);
        }
    }

    /**
     * ML-KEM.KeyGen_internal (FIPS 203, Algorithm 16): the key pair determined by the seeds d and z.
     *
     * @throws IllegalArgumentException if d or z is not 32 bytes
     */
    public KeyPair generate(byte[] d, byte[] z) {
        checkLength("d", d, SEED_LENGTH);
        checkLength("z", z, SEED_LENGTH);
        byte[] ek = new byte[encapsulationKeyLength()];
        byte[] dk = new byte[decapsulationKeyLength()];
        pke.keyGen(d, ek, dk);
        int ekOffset = pke.decryptionKeyLength();
        System.arraycopy(ek, 0, dk, ekOffset, ek.length);
        System.arraycopy(Hashes.h(ek, 0, ek.length), 0, dk, ekOffset + ek.length, 32);
        System.arraycopy(z, 0, dk, ekOffset + ek.length + 32, SEED_LENGTH);
        return new KeyPair(this, ek, dk);
    }

    /**
     * ML-KEM.Encaps (FIPS 203, Algorithm 20): a fresh shared key and its ciphertext for the holder of ek.
     *
     * @throws IllegalArgumentException if ek fails the input checks of FIPS 203, 7.2 (its length, or a 12-bit
     *     coefficient not below q)
     */
    public Encapsulation encapsulate(byte[] ek, SecureRandom random) {
        checkEncapsulationKey(ek);
        byte[] m = new byte[SEED_LENGTH];
        random.nextBytes(m);
        try {
            return encapsulateInternal(ek, m);
        } finally {
            Arrays.fill(m, (byte) 0);
        }
    }

    /** ML-KEM.Encaps_internal (FIPS 203, Algorithm 17) with the input checks of 7.2, for tests: m is the seed. */
    Encapsulation encapsulate(byte[] ek, byte[] m) {
        checkEncapsulationKey(ek);
        checkLength("m", m, SEED_LENGTH);
        return encapsulateInternal(ek, m);
    }

    private Encapsulation encapsulateInternal(byte[] ek, byte[] m) {
        byte[] kr = Hashes.g(m, Hashes.h(ek, 0, ek.length));
        byte[] c = pke.encrypt(ek, m, Arrays.copyOfRange(kr, 32, 64));
        Encapsulation out = new Encapsulation(Arrays.copyOf(kr, SHARED_KEY_LENGTH), c);
        Arrays.fill(kr, (byte) 0);
        return out;
    }

    /**
     * ML-KEM.Decaps (FIPS 203, Algorithm 21): the shared key of ciphertext c. A ciphertext of the right length
     * that was not made for this key is not an error: implicit rejection returns a pseudorandom key derived from
     * z and c, chosen without a branch, so the caller cannot tell (and must not try to tell) the two apart.
     *
     * @throws IllegalArgumentException if dk or c has the wrong length or dk fails the hash check of FIPS 203, 7.3
     */
    public byte[] decapsulate(byte[] dk, byte[] c) {
        checkLength("decapsulation key", dk, decapsulationKeyLength());
        checkLength("ciphertext", c, ciphertextLength());
        int ekOffset = pke.decryptionKeyLength();
        int hOffset = ekOffset + encapsulationKeyLength();
        byte[] ek = Arrays.copyOfRange(dk, ekOffset, hOffset);
        byte[] h = Arrays.copyOfRange(dk, hOffset, hOffset + 32);
        // FIPS 203, 7.3: the hash check H(dk[384k : 768k + 32]) == h
        if (!MessageDigest.isEqual(Hashes.h(ek, 0, ek.length), h)) {
            throw new IllegalArgumentException(name + " decapsulation key fails the hash check");
        }
        byte[] z = Arrays.copyOfRange(dk, hOffset + 32, hOffset + 64);
        byte[] m = pke.decrypt(dk, c);
        byte[] kr = Hashes.g(m, h);
        byte[] rejection = Hashes.j(z, c);
        byte[] reencrypted = pke.encrypt(ek, m, Arrays.copyOfRange(kr, 32, 64));
        // FIPS 203, Algorithm 18, lines 9-11: K' if c == c', else K-bar; compared and chosen without a branch
        int difference = 0;
        for (int i = 0; i < c.length; i++) {
            difference |= (c[i] ^ reencrypted[i]) & 0xff;
        }
        int keep = -ConstantTime.isZero(difference); // all ones when c == c', else 0
        byte[] key = new byte[SHARED_KEY_LENGTH];
        for (int i = 0; i < key.length; i++) {
            key[i] = (byte) ((kr[i] & keep) | (rejection[i] & ~keep));
        }
        Arrays.fill(m, (byte) 0);
        Arrays.fill(kr, (byte) 0);
        Arrays.fill(rejection, (byte) 0);
        Arrays.fill(reencrypted, (byte) 0);
        Arrays.fill(z, (byte) 0);
        return key;
    }

    /** FIPS 203, 7.2: the type check (length) and the modulus check. */
    private void checkEncapsulationKey(byte[] ek) {
        checkLength("encapsulation key", ek, encapsulationKeyLength());
        for (int i = 0; i < k; i++) {
            if (!Codec.isReduced12(ek, 384 * i)) {
                throw new IllegalArgumentException(name + " encapsulation key has a coefficient >= q");
            }
        }
    }

    private void checkLength(String what, byte[] value, int length) {
        Objects.requireNonNull(value, what);
        if (value.length != length) {
            throw new IllegalArgumentException(
                    name + " " + what + " must be " + length + " bytes, not " + value.length);
        }
    }

    @Override
    public String toString() {
        return name;
    }
}
