package dev.parapet.bench;

import dev.parapet.tls.crypto.curve25519.Ed25519;
import dev.parapet.tls.crypto.curve25519.X25519;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.Signature;
import java.util.Locale;
import javax.crypto.KeyAgreement;

/**
 * {@link Curve25519Benchmark}'s operations timed in thread CPU time instead of wall time: on a shared, overloaded
 * machine the wall clock mostly measures the scheduler, while the CPU time a thread was given stays close to what an
 * idle core would show. Not a JMH benchmark; a cross-check. Prints microseconds of CPU per operation, best of the
 * rounds: {@code java -cp parapet-bench/target/benchmarks.jar dev.parapet.bench.Curve25519CpuTime [ops per round]}
 */
public final class Curve25519CpuTime {
    private static final ThreadMXBean MX = ManagementFactory.getThreadMXBean();
    private static volatile Object sink;

    private Curve25519CpuTime() {
    }

    private interface Op {
        Object run() throws Exception;
    }

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
        SecureRandom random = new SecureRandom();
        byte[] message = new byte[128];
        random.nextBytes(message);
        byte[] seed = X25519.generatePrivate(random);
        byte[] peer = X25519.publicKey(X25519.generatePrivate(random));
        byte[] pub = Ed25519.publicKey(seed);
        byte[] sig = Ed25519.sign(seed, pub, message);
        KeyPairGenerator xdh = KeyPairGenerator.getInstance("X25519");
        KeyPair jcaPeer = xdh.generateKeyPair();
        KeyPair jcaEd = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        Signature jcaSigner = Signature.getInstance("Ed25519");
        jcaSigner.initSign(jcaEd.getPrivate());
        jcaSigner.update(message);
        byte[] jcaSig = jcaSigner.sign();

        time("x25519 keygen+agree  Parapet", n, () -> {
            byte[] k = X25519.generatePrivate(random);
            sink = X25519.publicKey(k);
            return X25519.sharedSecret(k, peer);
        });
        time("x25519 keygen        Parapet", n, () -> X25519.publicKey(X25519.generatePrivate(random)));
        time("x25519 keygen+agree  JCA", n / 4, () -> {
            KeyPair kp = xdh.generateKeyPair();
            KeyAgreement ka = KeyAgreement.getInstance("X25519");
            ka.init(kp.getPrivate());
            ka.doPhase(jcaPeer.getPublic(), true);
            return ka.generateSecret();
        });
        time("x25519 agree (ladder) Parapet", n, () -> X25519.sharedSecret(seed, peer));
        time("ed25519 sign         Parapet", n, () -> Ed25519.sign(seed, pub, message));
        time("ed25519 sign         JCA", n / 4, () -> {
            Signature s = Signature.getInstance("Ed25519");
            s.initSign(jcaEd.getPrivate());
            s.update(message);
            return s.sign();
        });
        time("ed25519 verify       Parapet", n, () -> Ed25519.verify(pub, message, sig));
        time("ed25519 verify       JCA", n / 4, () -> {
            Signature s = Signature.getInstance("Ed25519");
            s.initVerify(jcaEd.getPublic());
            s.update(message);
            return s.verify(jcaSig);
        });
    }

    /** Five rounds of n operations; the first ones warm the JIT up; prints the best round. */
    private static void time(String name, int n, Op op) throws Exception {
        double best = Double.MAX_VALUE;
        for (int round = 0; round < 5; round++) {
            long start = MX.getCurrentThreadCpuTime();
            for (int i = 0; i < n; i++) {
                sink = op.run();
            }
            best = Math.min(best, (MX.getCurrentThreadCpuTime() - start) / 1e3 / n);
        }
        System.out.printf(Locale.ROOT, "%-32s %9.1f us CPU/op%n", name, best);
    }
}
