package dev.parapet.tls.crypto.p256;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Constant-time evidence in the style of dudect (Reparaz, Balasch, Verbauwhede, "Dude, is my code constant time?",
 * DATE 2017): time one operation on two classes of secret inputs, a fixed one and fresh random ones, interleaved in
 * random order, and compare the two timing distributions with Welch's t-test, also after cropping the slow tail at
 * several percentiles (where interrupts and GC pauses land). |t| above 10 is clear evidence of a leak; below 4.5
 * the test found none. Not run by default (tag "dudect", excluded in the surefire configuration); docs/constant-time.md
 * gives the command and the figures measured.
 */
@Tag("dudect")
class P256DudectTest {
    private static final int SAMPLES = Integer.getInteger("dudect.samples", 100_000);
    private static final int WARMUP = Integer.getInteger("dudect.warmup", 5_000);
    private static final double[] CROP_PERCENTILES = {100, 99, 95, 90, 80, 70, 60, 50};
    private static final byte[] HASH = new byte[32];

    /** Signing with a fixed low-weight nonce and key (most windows 0) against random nonces and keys. */
    @Test
    void signing() {
        byte[] fixedKey = scalar(1);
        byte[] fixedNonce = scalar(7);
        SplittableRandom random = new SplittableRandom(1);
        double t = run("ECDSA P-256 sign (fixed vs random nonce and key)", random, (in) -> {
            byte[] sig = P256.signWithNonce(in[0], HASH, in[1]);
            sink ^= sig == null ? 0 : sig[0];
        }, fixedKey, fixedNonce);
        assertTrue(t < 10, "timing leak: |t| = " + t);
    }

    /** ECDH with a fixed low-weight private key against random private keys, same peer point. */
    @Test
    void ecdh() {
        byte[] peer = P256.publicKey(scalar(12345));
        SplittableRandom random = new SplittableRandom(2);
        double t = run("ECDH P-256 (fixed vs random private key)", random, (in) -> {
            sink ^= P256.sharedSecret(in[0], peer)[0];
        }, scalar(1), scalar(1));
        assertTrue(t < 10, "timing leak: |t| = " + t);
    }

    /** The harness sees a real leak: BigInteger.modPow with a tiny fixed exponent against random ones. */
    @Test
    void harnessDetectsALeakyOperation() {
        BigInteger modulus = BigInteger.ONE.shiftLeft(256).subtract(BigInteger.valueOf(189));
        SplittableRandom random = new SplittableRandom(4);
        double t = run("BigInteger.modPow (control: leaks by design)", random, (in) -> {
            sink ^= new BigInteger(1, in[0]).modPow(new BigInteger(1, in[1]), modulus).intValue();
        }, scalar(3), scalar(7));
        assertTrue(t > 10, "the harness missed a leak: |t| = " + t);
    }

    private static volatile int sink;

    private static byte[] scalar(int v) {
        byte[] out = new byte[32];
        out[28] = (byte) (v >>> 24);
        out[29] = (byte) (v >>> 16);
        out[30] = (byte) (v >>> 8);
        out[31] = (byte) v;
        return out;
    }

    /** A random valid scalar (below 2^255, so below n). */
    private static byte[] randomScalar(SplittableRandom random) {
        byte[] out = new byte[32];
        for (int i = 0; i < 32; i++) {
            out[i] = (byte) random.nextInt(256);
        }
        out[0] &= 0x7F;
        out[31] |= 1;
        return out;
    }

    /** Returns the largest |t| over the crop levels, after printing every level. */
    private static double run(String name, SplittableRandom random, Consumer<byte[][]> op, byte[] fixed0,
            byte[] fixed1) {
        int n = SAMPLES + WARMUP;
        boolean[] classes = new boolean[n];
        byte[][][] inputs = new byte[n][][];
        for (int i = 0; i < n; i++) {
            classes[i] = random.nextBoolean();
            inputs[i] = classes[i]
                    ? new byte[][] {randomScalar(random), randomScalar(random)}
                    : new byte[][] {fixed0.clone(), fixed1.clone()}; // fresh arrays in both classes
        }
        long[] times = new long[n];
        for (int i = 0; i < n; i++) {
            long start = System.nanoTime();
            op.accept(inputs[i]);
            times[i] = System.nanoTime() - start;
            inputs[i] = null;
        }
        long[] measured = Arrays.copyOfRange(times, WARMUP, n);
        boolean[] cls = Arrays.copyOfRange(classes, WARMUP, n);
        long[] sorted = measured.clone();
        Arrays.sort(sorted);
        double worst = 0;
        StringBuilder report = new StringBuilder(name + ", " + SAMPLES + " samples:");
        for (double pct : CROP_PERCENTILES) {
            long limit = sorted[Math.min(sorted.length - 1, (int) (sorted.length * pct / 100.0))];
            double t = Math.abs(welch(measured, cls, limit));
            worst = Math.max(worst, t);
            report.append(String.format(" p%.0f |t|=%.2f", pct, t));
        }
        report.append(String.format(" -> max |t| = %.2f (median %.1f us)", worst, sorted[sorted.length / 2] / 1e3));
        System.out.println(report);
        return worst;
    }

    /** Welch's t statistic between the two classes, over the timings up to limit. */
    static double welch(long[] times, boolean[] classes, long limit) {
        double[] sum = new double[2];
        double[] sumSq = new double[2];
        long[] count = new long[2];
        for (int i = 0; i < times.length; i++) {
            if (times[i] > limit) {
                continue;
            }
            int c = classes[i] ? 1 : 0;
            double x = times[i];
            sum[c] += x;
            sumSq[c] += x * x;
            count[c]++;
        }
        double m0 = sum[0] / count[0];
        double m1 = sum[1] / count[1];
        double v0 = (sumSq[0] - count[0] * m0 * m0) / (count[0] - 1);
        double v1 = (sumSq[1] - count[1] * m1 * m1) / (count[1] - 1);
        return (m0 - m1) / Math.sqrt(v0 / count[0] + v1 / count[1]);
    }

    /** The statistic itself works: a clearly different distribution gives a large |t|. */
    @Test
    void welchDetectsADifference() {
        Random r = new Random(3);
        long[] times = new long[10_000];
        boolean[] cls = new boolean[times.length];
        for (int i = 0; i < times.length; i++) {
            cls[i] = r.nextBoolean();
            times[i] = 1000 + r.nextInt(100) + (cls[i] ? 20 : 0);
        }
        assertTrue(Math.abs(welch(times, cls, Long.MAX_VALUE)) > 10);
    }
}
