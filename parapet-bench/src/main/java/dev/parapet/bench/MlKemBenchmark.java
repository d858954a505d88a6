package dev.parapet.bench;

import dev.parapet.tls.crypto.keccak.Keccak;
import dev.parapet.tls.crypto.mlkem.Encapsulation;
import dev.parapet.tls.crypto.mlkem.KeyPair;
import dev.parapet.tls.crypto.mlkem.MlKem;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.crypto.AsymmetricCipherKeyPair;
import org.bouncycastle.crypto.SecretWithEncapsulation;
import org.bouncycastle.crypto.generators.MLKEMKeyPairGenerator;
import org.bouncycastle.crypto.kems.MLKEMExtractor;
import org.bouncycastle.crypto.kems.MLKEMGenerator;
import org.bouncycastle.crypto.params.MLKEMKeyGenerationParameters;
import org.bouncycastle.crypto.params.MLKEMParameters;
import org.bouncycastle.crypto.params.MLKEMPrivateKeyParameters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * ML-KEM (FIPS 203) key generation, encapsulation and decapsulation, microseconds per operation: Parapet's
 * {@link MlKem} and, for reference on the same JVM, BouncyCastle's lightweight ML-KEM. Also SHA3-256 of an
 * ML-KEM-768 encapsulation key (1184 bytes, the H(ek) of every encapsulation and decapsulation) with the JDK's
 * MessageDigest and with Parapet's Keccak.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class MlKemBenchmark {

    /** One key pair and one valid ciphertext for it, per parameter set. */
    @State(Scope.Thread)
    public static class Keys {
        @Param({"ML_KEM_768", "ML_KEM_1024"})
        public String parameterSet;
        MlKem kem;
        byte[] ek;
        byte[] dk;
        byte[] ciphertext;
        final SecureRandom random = new SecureRandom();
        MLKEMKeyPairGenerator bcGenerator;
        AsymmetricCipherKeyPair bcKeys;
        MLKEMExtractor bcExtractor;
        MLKEMGenerator bcEncapsulator;
        byte[] bcCiphertext;

        @Setup(Level.Trial)
        public void setup() {
            kem = parameterSet.equals("ML_KEM_768") ? MlKem.ML_KEM_768 : MlKem.ML_KEM_1024;
            KeyPair keys = kem.generate(random);
            ek = keys.encapsulationKey();
            dk = keys.decapsulationKey();
            ciphertext = kem.encapsulate(ek, random).ciphertext();
            MLKEMParameters bcParameters = kem == MlKem.ML_KEM_768 ? MLKEMParameters.ml_kem_768
                    : MLKEMParameters.ml_kem_1024;
            bcGenerator = new MLKEMKeyPairGenerator();
            bcGenerator.init(new MLKEMKeyGenerationParameters(random, bcParameters));
            bcKeys = bcGenerator.generateKeyPair();
            bcExtractor = new MLKEMExtractor((MLKEMPrivateKeyParameters) bcKeys.getPrivate());
            bcEncapsulator = new MLKEMGenerator(random);
            bcCiphertext = bcEncapsulator.generateEncapsulated(bcKeys.getPublic()).getEncapsulation();
        }
    }

    @Benchmark
    public KeyPair keyGen(Keys s) {
        return s.kem.generate(s.random);
    }

    @Benchmark
    public Encapsulation encaps(Keys s) {
        return s.kem.encapsulate(s.ek, s.random);
    }

    @Benchmark
    public byte[] decaps(Keys s) {
        return s.kem.decapsulate(s.dk, s.ciphertext);
    }

    @Benchmark
    public AsymmetricCipherKeyPair bcKeyGen(Keys s) {
        return s.bcGenerator.generateKeyPair();
    }

    @Benchmark
    public SecretWithEncapsulation bcEncaps(Keys s) {
        return s.bcEncapsulator.generateEncapsulated(s.bcKeys.getPublic());
    }

    @Benchmark
    public byte[] bcDecaps(Keys s) {
        return s.bcExtractor.extractSecret(s.bcCiphertext);
    }

    /** 1184 bytes to hash. */
    @State(Scope.Thread)
    public static class Message {
        final byte[] bytes = new byte[1184];
        MessageDigest jdk;

        @Setup(Level.Trial)
        public void setup() throws NoSuchAlgorithmException {
            new SecureRandom().nextBytes(bytes);
            jdk = MessageDigest.getInstance("SHA3-256");
        }
    }

    @Benchmark
    public byte[] sha3256Jdk(Message s) {
        return s.jdk.digest(s.bytes);
    }

    @Benchmark
    public byte[] sha3256Keccak(Message s) {
        return Keccak.sha3256().update(s.bytes).digest();
    }
}
