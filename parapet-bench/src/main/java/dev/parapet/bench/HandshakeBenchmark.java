package dev.parapet.bench;

import dev.parapet.bench.harness.Impl;
import dev.parapet.bench.harness.Pair;
import dev.parapet.bench.harness.PairFactory;
import dev.parapet.bench.harness.Scenario;
import dev.parapet.bench.harness.Stacks;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * Full handshakes per second, client and server together on one thread (one op = a new client and server, the whole
 * handshake including the TLS 1.3 tickets the server sends, the client verifying the chain and host name). x25519.
 * The _RESUMED scenarios reuse the session of the previous connection (TLS 1.3 psk_dhe_ke; TLS 1.2 as each stack
 * does by default: tickets or session IDs); they print whether the warm-up connection resumed.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 4, time = 3)
@Measurement(iterations = 3, time = 2)
@Fork(value = 1, jvmArgsAppend = "-Djdk.tls.namedGroups=x25519,secp256r1")
public class HandshakeBenchmark {
    @Param({"SUNJSSE", "BCJSSE", "TCNATIVE", "CONSCRYPT", "PARAPET_JSSE", "PARAPET", "PARAPET_JCA"})
    public String impl;

    @Param({"TLS13_ECDSA_P256", "TLS13_RSA_2048", "TLS12_ECDHE_ECDSA", "TLS13_RESUMED", "TLS12_RESUMED"})
    public String scenario;

    private PairFactory factory;

    @Setup(Level.Trial)
    public void setup() throws Exception {
        Impl i = Impl.valueOf(impl);
        String why = Stacks.unavailable(i);
        if (why != null) {
            throw new IllegalStateException(why);
        }
        factory = Stacks.factory(i, Scenario.handshake(scenario));
        for (int k = 0; k < 2; k++) { // the second one resumes in the _RESUMED scenarios
            try (Pair p = factory.newPair()) {
                p.handshake();
                System.out.println("# " + impl + " " + scenario + ": " + p.negotiated());
            }
        }
    }

    @Benchmark
    public Object handshake() throws Exception {
        try (Pair p = factory.newPair()) {
            p.handshake();
            return p;
        }
    }
}
