package dev.parapet.tls.crypto.mlkem;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.security.SecureRandom;
import org.bouncycastle.crypto.SecretWithEncapsulation;
import org.bouncycastle.crypto.kems.MLKEMExtractor;
import org.bouncycastle.crypto.kems.MLKEMGenerator;
import org.bouncycastle.crypto.params.MLKEMParameters;
import org.bouncycastle.crypto.params.MLKEMPrivateKeyParameters;
import org.bouncycastle.crypto.params.MLKEMPublicKeyParameters;
import org.bouncycastle.util.Arrays;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Differential test against BouncyCastle's ML-KEM (lightweight API): same seeds and inputs, same bytes out. */
class MlKemBouncyCastleTest {
    private static final SecureRandom RANDOM = new SecureRandom();

    static Object[][] parameterSets() {
        return new Object[][] {
            {MlKem.ML_KEM_768, MLKEMParameters.ml_kem_768}, {MlKem.ML_KEM_1024, MLKEMParameters.ml_kem_1024}};
    }

    @ParameterizedTest
    @MethodSource("parameterSets")
    void sameKeysCiphertextsAndSharedKeys(MlKem kem, MLKEMParameters bcParameters) {
        for (int trial = 0; trial < 30; trial++) {
            byte[] d = random(32);
            byte[] z = random(32);
            KeyPair ours = kem.generate(d, z);
            MLKEMPrivateKeyParameters bcPrivate = new MLKEMPrivateKeyParameters(bcParameters, Arrays.concatenate(d, z));
            MLKEMPublicKeyParameters bcPublic = bcPrivate.getPublicKeyParameters();
            assertArrayEquals(bcPublic.getEncoded(), ours.encapsulationKey(), "ek");
            assertArrayEquals(bcPrivate.withPreferredFormat(MLKEMPrivateKeyParameters.EXPANDED_KEY).getEncoded(),
                    ours.decapsulationKey(), "dk");

            byte[] m = random(32);
            SecretWithEncapsulation bcEncapsulation = MLKEMGenerator.internalGenerateEncapsulated(bcPublic, m);
            Encapsulation encapsulation = kem.encapsulate(ours.encapsulationKey(), m);
            assertArrayEquals(bcEncapsulation.getEncapsulation(), encapsulation.ciphertext(), "c");
            assertArrayEquals(bcEncapsulation.getSecret(), encapsulation.sharedKey(), "K");

            // each side decapsulates what the other made, and a random ciphertext (implicit rejection)
            MLKEMExtractor bcExtractor = new MLKEMExtractor(bcPrivate);
            Encapsulation fresh = kem.encapsulate(ours.encapsulationKey(), RANDOM);
            assertArrayEquals(fresh.sharedKey(), bcExtractor.extractSecret(fresh.ciphertext()));
            SecretWithEncapsulation bcFresh = new MLKEMGenerator(RANDOM).generateEncapsulated(bcPublic);
            assertArrayEquals(bcFresh.getSecret(),
                    kem.decapsulate(ours.decapsulationKey(), bcFresh.getEncapsulation()));
            byte[] garbage = random(kem.ciphertextLength());
            assertArrayEquals(bcExtractor.extractSecret(garbage), kem.decapsulate(ours.decapsulationKey(), garbage));
        }
    }

    private static byte[] random(int n) {
        byte[] out = new byte[n];
        RANDOM.nextBytes(out);
        return out;
    }
}
