package dev.parapet.tls.crypto.mlkem;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Constant-time evidence for decapsulation, dudect style (Reparaz, Balasch, Verbauwhede, "Dude, is my code
 * constant time?", 2017): two classes of input, valid ciphertexts and random ones that take the implicit-rejection
 * path, interleaved in a random order; each call is timed, and Welch's t statistic compares the classes on the raw
 * timings and on the timings cropped at several percentiles (cropping removes the long tail of interrupts and
 * preemption). |t| above 4.5 suggests a leak, above 10 shows one. A second test adds a small deliberate leak (one
 * more SHA3-256 for rejected ciphertexts, about 5 % of a decapsulation) and checks that the harness sees it.
 *
 * <p>Tagged "dudect" and excluded from normal builds (it takes minutes and measures the machine). Run:
 * {@code ./mvnw -B -o test -pl parapet-tls -Dtest=MlKemDudectTest -Dparapet.excludedGroups=none -Dgroups=dudect
 * -Dsurefire.failIfNoSpecifiedTests=false}, optionally with {@code -Ddudect.measurements=N} (default 100000).
 * Results are printed to the test's output (target/surefire-reports/...-output.txt).
 */
@Tag("dudect")
class MlKemDudectTest {
    private static final double[] CROP_PERCENTILES = {100, 99.9, 99, 95, 90, 80, 70, 60, 50};
    private static final int POOL = 1000;
    private static final int LEAK_MEASUREMENTS = 20_000;
    private final int measurements = Integer.getInteger("dudect.measurements", 100_000);

    @Test
    void decapsulationTimeDoesNotDependOnValidity() {
        double t = maxAbsT("constant-time", measurements, (dk, c, rejected) -> MlKem.ML_KEM_768.decapsulate(dk, c));
        assertTrue(t < 4.5, "|t| = " + t + ": decapsulation time depends on the ciphertext's validity");
    }

    @Test
    void harnessDetectsASmallLeak() {
        double t = maxAbsT("deliberate leak", LEAK_MEASUREMENTS, (dk, c, rejected) -> {
            byte[] k = MlKem.ML_KEM_768.decapsulate(dk, c);
            if (rejected) {
                Hashes.h(c, 0, c.length); // the leak: extra work on the rejection path only
            }
            return k;
        });
        assertTrue(t > 10, "|t| = " + t + ": the harness missed a deliberate leak");
    }

    /** The operation timed; {@code rejected} tells the class, for the deliberately leaky variant only. */
    @FunctionalInterface
    interface Decapsulation {
        byte[] apply(byte[] dk, byte[] c, boolean rejected);
    }

    private static double maxAbsT(String label, int measurements, Decapsulation decaps) {
        MlKem kem = MlKem.ML_KEM_768;
        SecureRandom random = new SecureRandom();
        KeyPair keys = kem.generate(random);
        byte[] dk = keys.decapsulationKey();
        byte[][][] inputs = {validCiphertexts(kem, keys, random), rejectedCiphertexts(kem, keys, random)};
        Random schedule = new Random(random.nextLong());
        int[] classes = new int[measurements];
        for (int i = 0; i < measurements; i++) {
            classes[i] = schedule.nextInt(2);
        }
        for (int i = 0; i < 20_000; i++) { // warm-up: let the JIT compile everything with both classes
            decaps.apply(dk, inputs[i & 1][i % POOL], (i & 1) == 1);
        }
        long[] times = new long[measurements];
        for (int i = 0; i < measurements; i++) {
            byte[] c = inputs[classes[i]][i % POOL];
            long start = System.nanoTime();
            decaps.apply(dk, c, classes[i] == 1);
            times[i] = System.nanoTime() - start;
        }
        return report(label + ": " + kem.name(), times, classes);
    }

    private static byte[][] validCiphertexts(MlKem kem, KeyPair keys, SecureRandom random) {
        byte[][] out = new byte[POOL][];
        for (int i = 0; i < POOL; i++) {
            Encapsulation e = kem.encapsulate(keys.encapsulationKey(), random);
            out[i] = e.ciphertext();
            assertArrayEquals(e.sharedKey(), kem.decapsulate(keys.decapsulationKey(), out[i]));
        }
        return out;
    }

    private static byte[][] rejectedCiphertexts(MlKem kem, KeyPair keys, SecureRandom random) {
        byte[][] out = new byte[POOL][];
        for (int i = 0; i < POOL; i++) {
            out[i] = new byte[kem.ciphertextLength()];
            random.nextBytes(out[i]);
            byte[] dk = keys.decapsulationKey();
            byte[] z = Arrays.copyOfRange(dk, dk.length - 32, dk.length);
            assertArrayEquals(Hashes.j(z, out[i]), kem.decapsulate(dk, out[i]), "takes the rejection path");
        }
        assertFalse(Arrays.equals(out[0], out[1]));
        return out;
    }

    /** Welch's t for every crop; prints the table and returns the largest |t|. */
    private static double report(String label, long[] times, int[] classes) {
        long[] sorted = times.clone();
        Arrays.sort(sorted);
        StringBuilder table = new StringBuilder(String.format(Locale.ROOT,
                "%s decapsulation, %d measurements, median %.1f us%n", label, times.length,
                sorted[sorted.length / 2] / 1000.0));
        table.append(" crop     n(valid)  n(rejected)  mean valid  mean rejected      t\n");
        double max = 0;
        for (double p : CROP_PERCENTILES) {
            long limit = sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100 * sorted.length) - 1)];
            double[][] stats = new double[2][3]; // per class: n, mean, M2 (Welford)
            for (int i = 0; i < times.length; i++) {
                if (times[i] <= limit) {
                    double[] s = stats[classes[i]];
                    s[0]++;
                    double delta = times[i] - s[1];
                    s[1] += delta / s[0];
                    s[2] += delta * (times[i] - s[1]);
                }
            }
            double t = welch(stats[0], stats[1]);
            max = Math.max(max, Math.abs(t));
            table.append(String.format(Locale.ROOT, " p%-6s %9.0f %12.0f %11.1f %14.1f %7.2f%n", p, stats[0][0],
                    stats[1][0], stats[0][1] / 1000, stats[1][1] / 1000, t));
        }
        table.append(String.format(Locale.ROOT, " max |t| = %.2f%n", max));
        System.out.print(table);
        return max;
    }

    private static double welch(double[] a, double[] b) {
        double va = a[2] / (a[0] - 1);
        double vb = b[2] / (b[0] - 1);
        return (a[1] - b[1]) / Math.sqrt(va / a[0] + vb / b[0]);
    }
}
