package dev.parapet.tls.crypto.mlkem;

import static dev.parapet.tls.crypto.CryptoTestSupport.cases;
import static dev.parapet.tls.crypto.CryptoTestSupport.wycheproof;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.fail;

import dev.parapet.tls.crypto.CryptoTestSupport.Case;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every ML-KEM vector of Wycheproof (src/test/resources/wycheproof/mlkem_*). A valid case must give exactly the
 * expected keys, ciphertext and shared key (including the implicit-rejection key for the Strcmp and
 * MalleableCiphertext cases); an invalid one must be refused with IllegalArgumentException.
 */
class MlKemWycheproofTest {

    /** MLKEMTest: key generation from the 64-byte seed d || z, then decapsulation of c. */
    @TestFactory
    Stream<DynamicTest> mlkem768() {
        return run("mlkem_768_test.json", 193, this::keyGenThenDecaps);
    }

    @TestFactory
    Stream<DynamicTest> mlkem1024() {
        return run("mlkem_1024_test.json", 193, this::keyGenThenDecaps);
    }

    /** MLKEMKeyGen: the seed gives exactly ek and dk. */
    @TestFactory
    Stream<DynamicTest> mlkem768KeyGenSeed() {
        return run("mlkem_768_keygen_seed_test.json", 100, c -> {
            assertEquals("valid", c.result());
            KeyPair keys = generate(MlKem.ML_KEM_768, c.bytes("seed"));
            assertArrayEquals(c.bytes("ek"), keys.encapsulationKey());
            assertArrayEquals(c.bytes("dk"), keys.decapsulationKey());
        });
    }

    /** MLKEMEncapsTest: Encaps_internal with the given m, or a refused key (modulus check, length). */
    @TestFactory
    Stream<DynamicTest> mlkem768Encaps() {
        return run("mlkem_768_encaps_test.json", 265, c -> {
            MlKem kem = parameters(c);
            if (c.result().equals("valid")) {
                Encapsulation e = kem.encapsulate(c.bytes("ek"), c.bytes("m"));
                assertArrayEquals(c.bytes("c"), e.ciphertext());
                assertArrayEquals(c.bytes("K"), e.sharedKey());
            } else {
                assertInvalid(c);
                assertThrows(IllegalArgumentException.class, () -> kem.encapsulate(c.bytes("ek"), c.bytes("m")));
            }
        });
    }

    /** MLKEMDecapsValidationTest: decapsulation with the expanded dk, its length and hash checks. */
    @TestFactory
    Stream<DynamicTest> mlkem768SemiExpandedDecaps() {
        return run("mlkem_768_semi_expanded_decaps_test.json", 9, c -> {
            MlKem kem = parameters(c);
            if (c.result().equals("valid")) {
                assertArrayEquals(c.bytes("K"), kem.decapsulate(c.bytes("dk"), c.bytes("c")));
            } else {
                assertInvalid(c);
                assertThrows(IllegalArgumentException.class, () -> kem.decapsulate(c.bytes("dk"), c.bytes("c")));
            }
        });
    }

    private void keyGenThenDecaps(Case c) {
        MlKem kem = parameters(c);
        byte[] seed = c.bytes("seed");
        if (seed.length != 64) {
            assertInvalid(c);
            assertThrows(IllegalArgumentException.class, () -> generate(kem, seed));
            return;
        }
        KeyPair keys = generate(kem, seed);
        if (c.test().has("ek")) {
            assertArrayEquals(c.bytes("ek"), keys.encapsulationKey());
        }
        if (c.result().equals("valid")) {
            assertArrayEquals(c.bytes("K"), kem.decapsulate(keys.decapsulationKey(), c.bytes("c")));
        } else {
            assertInvalid(c);
            assertThrows(IllegalArgumentException.class, () -> kem.decapsulate(keys.decapsulationKey(), c.bytes("c")));
        }
    }

    /** The seed split as d || z (a seed of the wrong length splits into a d or z of the wrong length). */
    private static KeyPair generate(MlKem kem, byte[] seed) {
        int split = Math.min(32, seed.length);
        return kem.generate(Arrays.copyOfRange(seed, 0, split), Arrays.copyOfRange(seed, split, seed.length));
    }

    private static void assertInvalid(Case c) {
        if (!c.result().equals("invalid")) {
            fail("unexpected result " + c.result());
        }
    }

    private static MlKem parameters(Case c) {
        String name = c.group().get("parameterSet").getAsString();
        if (name.equals("ML-KEM-768")) {
            return MlKem.ML_KEM_768;
        }
        if (name.equals("ML-KEM-1024")) {
            return MlKem.ML_KEM_1024;
        }
        throw new AssertionError("unexpected parameter set " + name);
    }

    private static Stream<DynamicTest> run(String file, int expectedCount, Consumer<Case> check) {
        List<Case> all = cases(wycheproof(file));
        assertEquals(expectedCount, all.size(), file);
        return all.stream().map(c -> DynamicTest.dynamicTest(c.toString(), () -> check.accept(c)));
    }
}
