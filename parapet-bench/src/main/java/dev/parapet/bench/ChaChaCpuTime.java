package dev.parapet.bench;

import dev.parapet.tls.TlsException;
import dev.parapet.tls.crypto.Aead;
import dev.parapet.tls.crypto.CipherSuite;
import dev.parapet.tls.crypto.CryptoProvider;
import dev.parapet.tls.crypto.chacha.ChaCha20Poly1305;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.ByteBuffer;

/**
 * A cross-check of {@link ChaChaBenchmark} that a loaded machine cannot skew: seals records with Parapet's and the
 * JCA's ChaCha20-Poly1305 in alternating rounds on one thread and divides bytes by the thread's CPU time, not by the
 * wall clock. Prints MB (10^6 bytes) per CPU second: the best round (the least disturbed by other processes
 * sharing the core) and the median.
 * {@code java --add-modules jdk.incubator.vector -cp parapet-bench/target/benchmarks.jar
 * dev.parapet.bench.ChaChaCpuTime [rounds]}; without the module Parapet's ChaCha20 runs its scalar code
 * (docs/chacha.md).
 */
public final class ChaChaCpuTime {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private ChaChaCpuTime() {
    }

    public static void main(String[] args) throws TlsException {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 25;
        System.out.println("Java " + Runtime.version() + ", MB per CPU second, best / median of " + rounds + " rounds"
                + ", jdk.incubator.vector " + (ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent()
                        ? "resolved" : "absent (scalar ChaCha20)"));
        for (int record : new int[] {1024, 16384}) {
            Aead ours = new ChaCha20Poly1305(new byte[32]);
            Aead jca = CryptoProvider.jca().aead(CipherSuite.TLS_CHACHA20_POLY1305_SHA256, new byte[32]);
            double[] oursRates = new double[rounds];
            double[] jcaRates = new double[rounds];
            ByteBuffer plaintext = ByteBuffer.allocate(record);
            ByteBuffer out = ByteBuffer.allocate(record + 16);
            byte[] nonce = new byte[12];
            long[] counter = {0};
            int opsPerRound = (8 << 20) / record;
            for (int warm = 0; warm < 3; warm++) {
                rate(ours, plaintext, out, nonce, counter, opsPerRound);
                rate(jca, plaintext, out, nonce, counter, opsPerRound);
            }
            for (int r = 0; r < rounds; r++) {
                oursRates[r] = rate(ours, plaintext, out, nonce, counter, opsPerRound);
                jcaRates[r] = rate(jca, plaintext, out, nonce, counter, opsPerRound);
            }
            System.out.printf("  %5d-byte records: parapet %6.1f / %6.1f MB/s, jca %6.1f / %6.1f MB/s%n", record,
                    best(oursRates), median(oursRates), best(jcaRates), median(jcaRates));
        }
    }

    private static double rate(Aead aead, ByteBuffer plaintext, ByteBuffer out, byte[] nonce, long[] counter,
                               int ops) throws TlsException {
        ByteBuffer aad = ByteBuffer.allocate(5);
        long start = THREADS.getCurrentThreadCpuTime();
        for (int i = 0; i < ops; i++) {
            long n = counter[0]++;
            for (int b = 0; b < 8; b++) {
                nonce[11 - b] = (byte) (n >>> (8 * b));
            }
            plaintext.clear();
            out.clear();
            aad.clear();
            aead.seal(nonce, aad, plaintext, out);
        }
        long cpu = THREADS.getCurrentThreadCpuTime() - start;
        return (double) ops * plaintext.capacity() / (cpu / 1e9) / 1e6;
    }

    private static double best(double[] values) {
        return java.util.Arrays.stream(values).max().orElse(0);
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        java.util.Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
