package dev.parapet.bench;

import dev.parapet.tls.crypto.keccak.Keccak;
import dev.parapet.tls.crypto.mlkem.KeyPair;
import dev.parapet.tls.crypto.mlkem.MlKem;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Locale;
import java.util.function.Supplier;
import org.bouncycastle.crypto.AsymmetricCipherKeyPair;
import org.bouncycastle.crypto.generators.MLKEMKeyPairGenerator;
import org.bouncycastle.crypto.kems.MLKEMExtractor;
import org.bouncycastle.crypto.kems.MLKEMGenerator;
import org.bouncycastle.crypto.params.MLKEMKeyGenerationParameters;
import org.bouncycastle.crypto.params.MLKEMParameters;
import org.bouncycastle.crypto.params.MLKEMPrivateKeyParameters;

/**
 * {@link MlKemBenchmark}'s operations timed in thread CPU time rather than wall time: on a shared, overloaded
 * machine wall-clock JMH scores mostly measure the other processes, while CPU time stays comparable with a native
 * reference timed the same way (parapet-bench/mlkem-openssl-reference.py). Prints a Markdown table of the best of
 * five rounds, CPU microseconds per operation. Run:
 * {@code java -cp parapet-bench/target/benchmarks.jar dev.parapet.bench.MlKemCpuTime [operations per round]}.
 */
public final class MlKemCpuTime {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final int ROUNDS = 5;

    private MlKemCpuTime() {
    }

    public static void main(String[] args) throws NoSuchAlgorithmException {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        SecureRandom random = new SecureRandom();
        System.out.println("| operation | Parapet MlKem | BouncyCastle |");
        System.out.println("| --- | --- | --- |");
        for (MlKem kem : new MlKem[] {MlKem.ML_KEM_768, MlKem.ML_KEM_1024}) {
            KeyPair keys = kem.generate(random);
            byte[] ek = keys.encapsulationKey();
            byte[] dk = keys.decapsulationKey();
            byte[] c = kem.encapsulate(ek, random).ciphertext();
            MLKEMKeyPairGenerator bcGenerator = new MLKEMKeyPairGenerator();
            bcGenerator.init(new MLKEMKeyGenerationParameters(random,
                    kem == MlKem.ML_KEM_768 ? MLKEMParameters.ml_kem_768 : MLKEMParameters.ml_kem_1024));
            AsymmetricCipherKeyPair bcKeys = bcGenerator.generateKeyPair();
            MLKEMGenerator bcEncapsulator = new MLKEMGenerator(random);
            MLKEMExtractor bcExtractor = new MLKEMExtractor((MLKEMPrivateKeyParameters) bcKeys.getPrivate());
            byte[] bcCiphertext = bcEncapsulator.generateEncapsulated(bcKeys.getPublic()).getEncapsulation();
            row(kem + " keygen", n, () -> kem.generate(random), bcGenerator::generateKeyPair);
            row(kem + " encaps", n, () -> kem.encapsulate(ek, random),
                    () -> bcEncapsulator.generateEncapsulated(bcKeys.getPublic()));
            row(kem + " decaps", n, () -> kem.decapsulate(dk, c), () -> bcExtractor.extractSecret(bcCiphertext));
        }
        byte[] message = new byte[1184];
        random.nextBytes(message);
        MessageDigest jdk = MessageDigest.getInstance("SHA3-256");
        System.out.println();
        System.out.println("| SHA3-256 of 1184 bytes | Parapet Keccak | JDK MessageDigest |");
        System.out.println("| --- | --- | --- |");
        row("SHA3-256", 10 * n, () -> Keccak.sha3256().update(message).digest(), () -> jdk.digest(message));
    }

    private static void row(String name, int n, Supplier<Object> ours, Supplier<Object> theirs) {
        cpuMicros(ours, 3 * n); // warm-up
        cpuMicros(theirs, 3 * n);
        double a = Double.MAX_VALUE;
        double b = Double.MAX_VALUE;
        for (int round = 0; round < ROUNDS; round++) { // alternate, so both see the same machine
            a = Math.min(a, cpuMicros(ours, n));
            b = Math.min(b, cpuMicros(theirs, n));
        }
        System.out.printf(Locale.ROOT, "| %s | %.1f | %.1f |%n", name, a, b);
    }

    private static double cpuMicros(Supplier<Object> op, int n) {
        Object sink = null;
        long start = THREADS.getCurrentThreadCpuTime();
        for (int i = 0; i < n; i++) {
            sink = op.get();
        }
        long elapsed = THREADS.getCurrentThreadCpuTime() - start;
        if (sink == null) {
            throw new IllegalStateException();
        }
        return elapsed / 1000.0 / n;
    }
}
