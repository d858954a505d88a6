package dev.parapet.bench;

import dev.parapet.tls.TlsException;
import dev.parapet.tls.crypto.CipherSuite;
import dev.parapet.tls.crypto.CryptoProvider;
import dev.parapet.tls.keyschedule.TrafficKeys;
import dev.parapet.tls.record.Tls13RecordProtection;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
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
 * TLS 1.3 ChaCha20-Poly1305 records sealed, and sealed then opened, by Parapet's own AEAD ({@code impl=parapet}) and
 * by the JCA's ({@code impl=jca}), 1 KiB and 16 KiB records, heap or direct buffers. Bytes/s = ops/s x record. The
 * figures decide {@code ParapetCryptoProvider.JCA_CHACHA_FASTER_FROM}; run on each JDK, e.g.
 * {@code java -jar parapet-bench/target/benchmarks.jar ChaChaBenchmark -f 1 -wi 2 -w 1s -i 3 -r 1s}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = "--add-modules=jdk.incubator.vector")
public class ChaChaBenchmark {
    private static final CipherSuite SUITE = CipherSuite.TLS_CHACHA20_POLY1305_SHA256;
    private static final int APPLICATION_DATA = 23;

    @Param({"parapet", "jca"})
    public String impl;

    @Param({"1024", "16384"})
    public int record;

    @Param({"heap"})
    public String buffers;

    private Tls13RecordProtection writer;
    private Tls13RecordProtection reader;
    private final byte[] header = new byte[5];
    private ByteBuffer plaintext;
    private ByteBuffer sealed;
    private ByteBuffer opened;

    @Setup(Level.Trial)
    public void setup() {
        CryptoProvider provider = switch (impl) {
            case "parapet" -> ours();
            case "jca" -> CryptoProvider.jca();
            default -> throw new IllegalArgumentException(impl);
        };
        SecureRandom random = new SecureRandom();
        byte[] key = new byte[32];
        byte[] iv = new byte[12];
        random.nextBytes(key);
        random.nextBytes(iv);
        TrafficKeys keys = new TrafficKeys(key, iv);
        writer = Tls13RecordProtection.forWriting(SUITE, keys, provider);
        reader = Tls13RecordProtection.forReading(SUITE, keys, provider);
        if (!writer.aeadImplementation().equals(impl)) {
            throw new IllegalStateException("asked for " + impl + ", got " + writer.aeadImplementation());
        }
        byte[] content = new byte[record];
        random.nextBytes(content);
        plaintext = allocate(record);
        plaintext.put(content).flip();
        sealed = allocate(record + 256 + 5);
        opened = allocate(record + 256);
    }

    /** Parapet's provider with its own ChaCha20-Poly1305 whatever the JDK, so both can be measured everywhere. */
    private static CryptoProvider ours() {
        return new CryptoProvider() {
            @Override
            public dev.parapet.tls.crypto.KeyExchange generateKeyExchange(dev.parapet.tls.crypto.NamedGroup g,
                                                                         SecureRandom r) {
                throw new UnsupportedOperationException();
            }

            @Override
            public byte[] sign(dev.parapet.tls.crypto.SignatureScheme s, java.security.PrivateKey k, byte[] m,
                               SecureRandom r) {
                throw new UnsupportedOperationException();
            }

            @Override
            public boolean verify(dev.parapet.tls.crypto.SignatureScheme s, java.security.PublicKey k, byte[] m,
                                  byte[] sig) {
                throw new UnsupportedOperationException();
            }

            @Override
            public dev.parapet.tls.crypto.Aead aead(CipherSuite suite, byte[] key) {
                return new dev.parapet.tls.crypto.chacha.ChaCha20Poly1305(key);
            }

            @Override
            public String name() {
                return "parapet";
            }
        };
    }

    private ByteBuffer allocate(int n) {
        return buffers.equals("direct") ? ByteBuffer.allocateDirect(n) : ByteBuffer.allocate(n);
    }

    @Benchmark
    public ByteBuffer seal() throws TlsException {
        plaintext.rewind();
        sealed.clear();
        writer.seal(APPLICATION_DATA, plaintext, sealed);
        return sealed;
    }

    @Benchmark
    public ByteBuffer sealThenOpen() throws TlsException {
        seal();
        sealed.flip();
        sealed.get(header);
        opened.clear();
        reader.open(header, sealed, opened);
        return opened;
    }
}
