package dev.parapet.tls.crypto.curve25519;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Locale;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Timing-leak detection for X25519 scalar multiplication in the style of dudect (Reparaz, Balasch, Verbauwhede,
 * "Dude, is my code constant time?", 2017): two classes of inputs, interleaved in random order, each operation timed
 * with System.nanoTime; Welch's t-test between the classes, on all timings and on timings cropped at several
 * percentiles (to drop interrupts and scheduling noise). |t| above 4.5 is dudect's sign of a leak.
 *
 * <p>Not part of the default build (tag "dudect"); see docs/constant-time.md for the command. The number of timings is
 * {@code -Ddudect.measurements=N} (default 40,000 per experiment; about a minute of CPU for all of them).
 */
@Tag("dudect")
class X25519DudectTest {
    /** dudect's threshold: above it, the two classes' timings differ with overwhelming confidence. */
    private static final double THRESHOLD = 4.5;
    private static final double[] CROP = {0.50, 0.75, 0.90, 0.95, 0.99, 1.00};
    private final SecureRandom random = new SecureRandom();

    /** Class 0: one fixed scalar (all zero bytes, 2^254 after clamping); class 1: fresh random scalars. */
    @Test
    void x25519ScalarMultiplicationFixedVsRandomScalar() {
        byte[] u = X25519.publicKey(X25519.generatePrivate(random));
        byte[] fixed = new byte[32];
        int n = Integer.getInteger("dudect.measurements", 40_000);
        double t = maxAbsT("X25519 fixed vs random scalar", n, cls -> {
            byte[] k = cls == 0 ? fixed : X25519.generatePrivate(random);
            return () -> X25519.scalarMult(k, u);
        });
        assertTrue(t < THRESHOLD, "max |t| = " + t);
    }

    /** Class 0: a fixed peer u-coordinate; class 1: random ones; one secret scalar throughout. */
    @Test
    void x25519ScalarMultiplicationFixedVsRandomPoint() {
        byte[] k = X25519.generatePrivate(random);
        byte[] fixed = new byte[32];
        fixed[0] = 9;
        int n = Integer.getInteger("dudect.measurements", 40_000);
        double t = maxAbsT("X25519 fixed vs random u", n, cls -> {
            byte[] u = cls == 0 ? fixed : X25519.generatePrivate(random);
            return () -> X25519.scalarMult(k, u);
        });
        assertTrue(t < THRESHOLD, "max |t| = " + t);
    }

    /** The fixed-base path (Edwards table, also Ed25519's): fixed scalar against random ones. */
    @Test
    void x25519PublicKeyFixedVsRandomScalar() {
        byte[] fixed = new byte[32];
        int n = Integer.getInteger("dudect.measurements", 40_000);
        double t = maxAbsT("X25519 publicKey (fixed base) fixed vs random scalar", n, cls -> {
            byte[] k = cls == 0 ? fixed : X25519.generatePrivate(random);
            return () -> X25519.publicKey(k);
        });
        assertTrue(t < THRESHOLD, "max |t| = " + t);
    }

    /**
     * The harness must see a real leak: BigInteger.modPow's time depends on the exponent, so a short fixed exponent
     * against random 255-bit ones must give a large |t|. Without this, a broken harness would pass every check.
     */
    @Test
    void harnessDetectsAVariableTimeOperation() {
        BigInteger p = BigInteger.ONE.shiftLeft(255).subtract(BigInteger.valueOf(19));
        BigInteger base = BigInteger.valueOf(9);
        double t = maxAbsT("control: BigInteger.modPow, short vs random exponent", 5_000, cls -> {
            BigInteger e = cls == 0 ? BigInteger.valueOf(65537) : new BigInteger(255, random);
            return () -> base.modPow(e, p);
        });
        assertTrue(t > THRESHOLD, "the control leak went unseen: max |t| = " + t);
    }

    /** Runs n timed operations (random class each), prints the t statistic per crop level, returns the largest. */
    private double maxAbsT(String name, int n, IntFunction<java.util.function.Supplier<Object>> prepare) {
        int warmup = Math.min(n / 4, 5_000);
        for (int i = 0; i < warmup; i++) {
            prepare.apply(i & 1).get();
        }
        int[] cls = new int[n];
        long[] times = new long[n];
        Object sink = null;
        for (int i = 0; i < n; i++) {
            cls[i] = random.nextInt(2);
            java.util.function.Supplier<Object> op = prepare.apply(cls[i]); // input prepared outside the timing
            long start = System.nanoTime();
            sink = op.get();
            times[i] = System.nanoTime() - start;
        }
        long[] sorted = times.clone();
        Arrays.sort(sorted);
        double max = 0;
        StringBuilder report = new StringBuilder(String.format(Locale.ROOT, "%s: %d timings%n", name, n));
        for (double crop : CROP) {
            long limit = sorted[Math.min(n - 1, (int) Math.ceil(crop * n) - 1)];
            double t = welch(cls, times, limit);
            if (!Double.isNaN(t)) { // NaN: one class has (almost) no timings under this crop
                max = Math.max(max, Math.abs(t));
            }
            report.append(String.format(Locale.ROOT, "  timings <= p%-5s (%d ns): t = %8.3f%n",
                    trim(crop * 100), limit, t));
        }
        report.append(String.format(Locale.ROOT, "  max |t| = %.3f (threshold %.1f); sink %d%n", max, THRESHOLD,
                sink == null ? 0 : 1));
        System.out.print(report);
        return max;
    }

    /** Welch's t statistic between class 0 and class 1 timings not above limit. */
    private static double welch(int[] cls, long[] times, long limit) {
        long[] count = new long[2];
        double[] mean = new double[2];
        double[] m2 = new double[2];
        for (int i = 0; i < times.length; i++) {
            if (times[i] > limit) {
                continue;
            }
            int c = cls[i];
            count[c]++;
            double delta = times[i] - mean[c];
            mean[c] += delta / count[c];
            m2[c] += delta * (times[i] - mean[c]);
        }
        if (count[0] < 2 || count[1] < 2) {
            return Double.NaN;
        }
        double var0 = m2[0] / (count[0] - 1);
        double var1 = m2[1] / (count[1] - 1);
        return (mean[0] - mean[1]) / Math.sqrt(var0 / count[0] + var1 / count[1]);
    }

    private static String trim(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }
}
