package dev.parapet.bench;

import dev.parapet.tls.crypto.p256.P256;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.util.Arrays;
import javax.crypto.KeyAgreement;

/**
 * {@link P256Benchmark}'s four operations timed by this thread's CPU time instead of the wall clock, best of several
 * rounds, Parapet and SunEC alternating in one JVM ({@code verify-pre}: Parapet under a {@link P256.PrecomputedKey},
 * against SunEC's plain verification). On a machine shared with other jobs the wall clock mostly
 * measures waiting for a core; CPU time does not (cache and SMT contention still inflate it somewhat). Run:
 * {@code java -cp parapet-bench/target/benchmarks.jar dev.parapet.bench.P256CpuTime}.
 */
public final class P256CpuTime {
    private static final ThreadMXBean BEAN = ManagementFactory.getThreadMXBean();
    private static final String[] OPS = {"keygen", "ecdh", "sign", "verify", "verify-pre"};

    private P256CpuTime() {
    }

    private interface Op {
        void run() throws Exception;
    }

    public static void main(String[] args) throws Exception {
        SecureRandom random = new SecureRandom();
        byte[] hash = new byte[32];
        random.nextBytes(hash);
        byte[] d = P256.generatePrivate(random);
        byte[] q = P256.publicKey(d);
        byte[] peer = P256.publicKey(P256.generatePrivate(random));
        byte[] sig = P256.sign(d, hash, random);
        P256.PrecomputedKey key = P256.precompute(q);
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"), random);
        KeyPair mine = g.generateKeyPair();
        KeyPair other = g.generateKeyPair();
        KeyAgreement ka = KeyAgreement.getInstance("ECDH");
        Signature signer = Signature.getInstance("NONEwithECDSA");
        Signature verifier = Signature.getInstance("NONEwithECDSA");
        signer.initSign(mine.getPrivate(), random);
        signer.update(hash);
        byte[] jcaSig = signer.sign();
        Op[] parapet = {
            () -> P256.publicKey(P256.generatePrivate(random)),
            () -> P256.sharedSecret(d, peer),
            () -> P256.sign(d, hash, random),
            () -> P256.verify(q, hash, sig),
            () -> P256.verify(key, hash, sig),
        };
        Op[] jca = {
            g::generateKeyPair,
            () -> {
                ka.init(mine.getPrivate());
                ka.doPhase(other.getPublic(), true);
                ka.generateSecret();
            },
            () -> {
                signer.initSign(mine.getPrivate(), random);
                signer.update(hash);
                signer.sign();
            },
            () -> {
                verifier.initVerify(mine.getPublic());
                verifier.update(hash);
                verifier.verify(jcaSig);
            },
            () -> { // SunEC has no precomputed keys: the same plain verification
                verifier.initVerify(mine.getPublic());
                verifier.update(hash);
                verifier.verify(jcaSig);
            },
        };
        double[] ours = new double[OPS.length];
        double[] theirs = new double[OPS.length];
        Arrays.fill(ours, Double.MAX_VALUE);
        Arrays.fill(theirs, Double.MAX_VALUE);
        for (int round = 0; round < 8; round++) {
            for (int i = 0; i < OPS.length; i++) {
                ours[i] = Math.min(ours[i], time(parapet[i], 400));
                theirs[i] = Math.min(theirs[i], time(jca[i], 100));
            }
        }
        System.out.printf("%-10s %12s %12s %8s%n", "op", "Parapet us", "SunEC us", "ratio");
        for (int i = 0; i < OPS.length; i++) {
            System.out.printf("%-10s %12.1f %12.1f %7.1fx%n", OPS[i], ours[i], theirs[i], theirs[i] / ours[i]);
        }
        double build = Double.MAX_VALUE;
        for (int round = 0; round < 8; round++) {
            build = Math.min(build, time(() -> P256.precompute(q), 50));
        }
        System.out.printf("precompute (table %d bytes): %.1f us%n", key.tableBytes(), build);
    }

    private static double time(Op op, int n) throws Exception {
        long start = BEAN.getCurrentThreadCpuTime();
        for (int i = 0; i < n; i++) {
            op.run();
        }
        return (BEAN.getCurrentThreadCpuTime() - start) / 1e3 / n;
    }
}
