package dev.parapet.tls.crypto.mlkem;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.bouncycastle.crypto.digests.SHAKEDigest;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class MlKemTest {
    private static final SecureRandom RANDOM = new SecureRandom();

    static MlKem[] parameterSets() {
        return new MlKem[] {MlKem.ML_KEM_768, MlKem.ML_KEM_1024};
    }

    @ParameterizedTest
    @MethodSource("parameterSets")
    void sizes(MlKem kem) {
        boolean is768 = kem == MlKem.ML_KEM_768;
        assertEquals(is768 ? 1184 : 1568, kem.encapsulationKeyLength());
        assertEquals(is768 ? 2400 : 3168, kem.decapsulationKeyLength());
        assertEquals(is768 ? 1088 : 1568, kem.ciphertextLength());
        KeyPair keys = kem.generate(RANDOM);
        assertEquals(kem, keys.parameters());
        assertEquals(kem.encapsulationKeyLength(), keys.encapsulationKey().length);
        assertEquals(kem.decapsulationKeyLength(), keys.decapsulationKey().length);
        Encapsulation e = kem.encapsulate(keys.encapsulationKey(), RANDOM);
        assertEquals(kem.ciphertextLength(), e.ciphertext().length);
        assertEquals(MlKem.SHARED_KEY_LENGTH, e.sharedKey().length);
    }

    @ParameterizedTest
    @MethodSource("parameterSets")
    void roundTripsOnRandomKeys(MlKem kem) {
        for (int i = 0; i < 25; i++) {
            KeyPair keys = kem.generate(RANDOM);
            Encapsulation e = kem.encapsulate(keys.encapsulationKey(), RANDOM);
            assertArrayEquals(e.sharedKey(), kem.decapsulate(keys.decapsulationKey(), e.ciphertext()));
        }
    }

    @ParameterizedTest
    @MethodSource("parameterSets")
    void keyGenerationIsDeterministicInTheSeeds(MlKem kem) {
        byte[] d = random(32);
        byte[] z = random(32);
        KeyPair a = kem.generate(d, z);
        KeyPair b = kem.generate(d.clone(), z.clone());
        assertArrayEquals(a.encapsulationKey(), b.encapsulationKey());
        assertArrayEquals(a.decapsulationKey(), b.decapsulationKey());
        byte[] otherZ = z.clone();
        otherZ[0] ^= 1;
        KeyPair c = kem.generate(d, otherZ);
        assertArrayEquals(a.encapsulationKey(), c.encapsulationKey(), "z only enters dk");
        assertFalse(Arrays.equals(a.decapsulationKey(), c.decapsulationKey()));
        byte[] dk = a.decapsulationKey();
        assertArrayEquals(z, Arrays.copyOfRange(dk, dk.length - 32, dk.length));
    }

    /** Any change to a ciphertext gives the implicit-rejection key J(z || c) (computed here with BouncyCastle). */
    @ParameterizedTest
    @MethodSource("parameterSets")
    void tamperedCiphertextGivesTheImplicitRejectionKey(MlKem kem) {
        KeyPair keys = kem.generate(RANDOM);
        byte[] dk = keys.decapsulationKey();
        byte[] z = Arrays.copyOfRange(dk, dk.length - 32, dk.length);
        Encapsulation e = kem.encapsulate(keys.encapsulationKey(), RANDOM);
        int[] positions = {0, 1, kem.ciphertextLength() / 2, kem.ciphertextLength() - 200, kem.ciphertextLength() - 1};
        for (int position : positions) {
            byte[] c = e.ciphertext();
            c[position] ^= (byte) (1 << RANDOM.nextInt(8));
            byte[] k = kem.decapsulate(dk, c);
            assertArrayEquals(shake256(z, c), k, "byte " + position);
            assertFalse(Arrays.equals(e.sharedKey(), k));
        }
        byte[] fromOtherKey = kem.encapsulate(kem.generate(RANDOM).encapsulationKey(), RANDOM).ciphertext();
        assertArrayEquals(shake256(z, fromOtherKey), kem.decapsulate(dk, fromOtherKey));
        byte[] zeros = new byte[kem.ciphertextLength()];
        assertArrayEquals(shake256(z, zeros), kem.decapsulate(dk, zeros));
    }

    @ParameterizedTest
    @MethodSource("parameterSets")
    void malformedEncapsulationKeysAreRefused(MlKem kem) {
        byte[] ek = kem.generate(RANDOM).encapsulationKey();
        assertRefused(() -> kem.encapsulate(Arrays.copyOf(ek, ek.length - 1), RANDOM), "must be");
        assertRefused(() -> kem.encapsulate(Arrays.copyOf(ek, ek.length + 1), RANDOM), "must be");
        assertRefused(() -> kem.encapsulate(new byte[0], RANDOM), "must be");
        int lastPolynomial = 384 * (kem == MlKem.ML_KEM_768 ? 2 : 3);
        byte[] unreduced = ek.clone();
        unreduced[lastPolynomial + 383] = (byte) 0xff; // the last coefficient becomes >= 0xff0
        assertRefused(() -> kem.encapsulate(unreduced, RANDOM), "coefficient >= q");
        byte[] q = ek.clone();
        q[0] = (byte) 0x01; // first coefficient exactly q = 0xd01
        q[1] = (byte) ((q[1] & 0xf0) | 0x0d);
        assertRefused(() -> kem.encapsulate(q, RANDOM), "coefficient >= q");
        byte[] belowQ = ek.clone();
        belowQ[0] = (byte) 0x00; // q - 1 = 0xd00 is fine
        belowQ[1] = (byte) ((belowQ[1] & 0xf0) | 0x0d);
        kem.encapsulate(belowQ, RANDOM);
        byte[] badRho = ek.clone();
        badRho[ek.length - 1] ^= 1; // rho is any 32 bytes
        kem.encapsulate(badRho, RANDOM);
        assertThrows(NullPointerException.class, () -> kem.encapsulate(null, RANDOM));
    }

    @ParameterizedTest
    @MethodSource("parameterSets")
    void malformedDecapsulationInputsAreRefused(MlKem kem) {
        KeyPair keys = kem.generate(RANDOM);
        byte[] dk = keys.decapsulationKey();
        byte[] c = kem.encapsulate(keys.encapsulationKey(), RANDOM).ciphertext();
        assertRefused(() -> kem.decapsulate(dk, Arrays.copyOf(c, c.length - 1)), "ciphertext must be");
        assertRefused(() -> kem.decapsulate(dk, Arrays.copyOf(c, c.length + 1)), "ciphertext must be");
        assertRefused(() -> kem.decapsulate(Arrays.copyOf(dk, dk.length - 1), c), "decapsulation key must be");
        int ekOffset = 384 * (kem == MlKem.ML_KEM_768 ? 3 : 4);
        for (int position : new int[] {ekOffset, ekOffset + kem.encapsulationKeyLength() - 1,
                ekOffset + kem.encapsulationKeyLength(), ekOffset + kem.encapsulationKeyLength() + 31}) {
            byte[] corrupted = dk.clone();
            corrupted[position] ^= 1; // in the embedded ek or in H(ek)
            assertRefused(() -> kem.decapsulate(corrupted, c), "hash check");
        }
        MlKem other = kem == MlKem.ML_KEM_768 ? MlKem.ML_KEM_1024 : MlKem.ML_KEM_768;
        assertRefused(() -> other.decapsulate(dk, c), "must be");
        assertThrows(NullPointerException.class, () -> kem.decapsulate(dk, null));
    }

    @ParameterizedTest
    @MethodSource("parameterSets")
    void seedsOfTheWrongLengthAreRefused(MlKem kem) {
        assertRefused(() -> kem.generate(new byte[31], new byte[32]), "d must be 32 bytes");
        assertRefused(() -> kem.generate(new byte[32], new byte[33]), "z must be 32 bytes");
        byte[] ek = kem.generate(RANDOM).encapsulationKey();
        assertRefused(() -> kem.encapsulate(ek, new byte[31]), "m must be 32 bytes");
    }

    @ParameterizedTest
    @MethodSource("parameterSets")
    void resultsAreImmutable(MlKem kem) {
        KeyPair keys = kem.generate(RANDOM);
        byte[] ek = keys.encapsulationKey();
        ek[0] ^= 1;
        assertFalse(Arrays.equals(ek, keys.encapsulationKey()));
        byte[] dk = keys.decapsulationKey();
        Arrays.fill(dk, (byte) 0);
        Encapsulation e = kem.encapsulate(keys.encapsulationKey(), RANDOM);
        byte[] shared = e.sharedKey();
        shared[0] ^= 1;
        assertArrayEquals(e.sharedKey(), kem.decapsulate(keys.decapsulationKey(), e.ciphertext()));
        assertEquals(kem.name() + " key pair", keys.toString());
    }

    /** One MlKem and one key pair shared by several threads: nothing is mutable, so every result is right. */
    @ParameterizedTest
    @MethodSource("parameterSets")
    void sharedAcrossThreads(MlKem kem) throws Exception {
        KeyPair keys = kem.generate(RANDOM);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                results.add(pool.submit(() -> {
                    for (int i = 0; i < 10; i++) {
                        Encapsulation e = kem.encapsulate(keys.encapsulationKey(), RANDOM);
                        if (!Arrays.equals(e.sharedKey(), kem.decapsulate(keys.decapsulationKey(), e.ciphertext()))) {
                            return false;
                        }
                    }
                    return true;
                }));
            }
            for (Future<Boolean> r : results) {
                assertTrue(r.get());
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static void assertRefused(org.junit.jupiter.api.function.Executable call, String message) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        assertTrue(e.getMessage().contains(message), e.getMessage());
    }

    private static byte[] shake256(byte[] z, byte[] c) {
        SHAKEDigest shake = new SHAKEDigest(256);
        shake.update(z, 0, z.length);
        shake.update(c, 0, c.length);
        byte[] out = new byte[32];
        shake.doFinal(out, 0, 32);
        return out;
    }

    private static byte[] random(int n) {
        byte[] out = new byte[n];
        RANDOM.nextBytes(out);
        return out;
    }
}
