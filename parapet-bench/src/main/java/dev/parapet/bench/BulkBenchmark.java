package dev.parapet.bench;

import dev.parapet.bench.harness.Impl;
import dev.parapet.bench.harness.Pair;
import dev.parapet.bench.harness.Scenario;
import dev.parapet.bench.harness.Stacks;
import java.nio.ByteBuffer;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Bulk transfer over an established pair: one op = the client encrypts one write of {@code size} bytes (one record
 * for 16 KiB and 1 KiB) and the server decrypts it. MB/s = ops/s x size / 10^6. With {@code -prof gc},
 * gc.alloc.rate.norm is the heap allocated per op, i.e. per record sealed plus opened.
 *
 * <p>TLS 1.3 with the wanted suite when the stack lets the suite be chosen; BoringSSL (tcnative, Conscrypt) fixes
 * its TLS 1.3 suite order, so for them AES-256-GCM and ChaCha20-Poly1305 run over TLS 1.2 ECDHE-ECDSA with the same
 * AEAD (the setup prints what was negotiated; the runner's table marks it).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 3, time = 1)
// the Vector API module: Parapet's ChaCha20 takes its vector path on JDK 17 (docs/chacha.md)
@Fork(value = 1, jvmArgsAppend = {"-Djdk.tls.namedGroups=x25519,secp256r1", "--add-modules=jdk.incubator.vector"})
public class BulkBenchmark {
    @Param({"SUNJSSE", "BCJSSE", "TCNATIVE", "CONSCRYPT", "PARAPET_JSSE", "PARAPET", "PARAPET_JCA"})
    public String impl;

    @Param({"AES_128_GCM", "AES_256_GCM", "CHACHA20_POLY1305"})
    public String cipher;

    @Param({"16384", "1024"})
    public int size;

    private Pair pair;
    private ByteBuffer data;

    @Setup(Level.Trial)
    public void setup() throws Exception {
        Impl i = Impl.valueOf(impl);
        String why = Stacks.unavailable(i);
        if (why != null) {
            throw new IllegalStateException(why);
        }
        pair = connect(i, cipher);
        data = i == Impl.TCNATIVE || i == Impl.CONSCRYPT ? ByteBuffer.allocateDirect(size) : ByteBuffer.allocate(size);
        byte[] bytes = new byte[size];
        ThreadLocalRandom.current().nextBytes(bytes);
        data.put(bytes).flip();
        System.out.println("# " + impl + " " + cipher + ": " + pair.negotiated());
    }

    /** A connected pair negotiating {@code cipher}: TLS 1.3 when the stack can choose it, else TLS 1.2. */
    public static Pair connect(Impl impl, String cipher) throws Exception {
        Scenario tls13 = Scenario.bulk13(cipher);
        try {
            Pair p = Stacks.factory(impl, tls13).newPair();
            p.handshake();
            // Parapet's pair adds " full handshake" / " resumed": compare the protocol and suite only
            String want = tls13.protocol() + " " + tls13.suite();
            if (p.negotiated().equals(want) || p.negotiated().startsWith(want + " ")) {
                return p;
            }
            p.close();
        } catch (Exception e) {
            // falls back to TLS 1.2 below
        }
        Pair p = Stacks.factory(impl, Scenario.bulk12(cipher)).newPair();
        p.handshake();
        return p;
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        pair.close();
    }

    @Benchmark
    public int send() throws Exception {
        data.rewind();
        return pair.send(data);
    }
}
