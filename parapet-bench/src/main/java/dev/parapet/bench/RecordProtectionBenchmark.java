package dev.parapet.bench;

import dev.parapet.tls.TlsException;
import dev.parapet.tls.crypto.CipherSuite;
import dev.parapet.tls.keyschedule.TrafficKeys;
import dev.parapet.tls.record.RecordProtection;
import dev.parapet.tls.record.Tls12AeadProtection;
import dev.parapet.tls.record.Tls12CbcProtection;
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
 * Seals, and seals then opens, full 16 KiB records with each record protection. Opening needs records in sequence,
 * so it is measured together with sealing ({@code sealThenOpen}); the cost of opening is the difference.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 1)
@Fork(value = 1, jvmArgsAppend = "--add-modules=jdk.incubator.vector")
public class RecordProtectionBenchmark {
    private static final int RECORD = 1 << 14;
    private static final int APPLICATION_DATA = 23;

    @Param({"TLS13_AES_128_GCM", "TLS12_AES_128_GCM", "TLS12_AES_256_GCM", "TLS12_CHACHA20_POLY1305",
            "TLS12_AES_128_CBC_SHA_MTE", "TLS12_AES_128_CBC_SHA256_MTE", "TLS12_AES_256_CBC_SHA384_MTE",
            "TLS12_AES_128_CBC_SHA256_ETM"})
    public String protection;

    private RecordProtection writer;
    private RecordProtection reader;
    private final byte[] header = new byte[5];
    private final ByteBuffer plaintext = ByteBuffer.allocate(RECORD);
    private final ByteBuffer sealed = ByteBuffer.allocate(RECORD + 2048 + 5);
    private final ByteBuffer opened = ByteBuffer.allocate(RECORD + 2048);

    @Setup(Level.Trial)
    public void setup() {
        SecureRandom random = new SecureRandom();
        byte[] content = new byte[RECORD];
        random.nextBytes(content);
        plaintext.put(content).flip();
        switch (protection) {
            case "TLS13_AES_128_GCM" -> {
                CipherSuite suite = CipherSuite.TLS_AES_128_GCM_SHA256;
                TrafficKeys keys = new TrafficKeys(bytes(random, 16), bytes(random, 12));
                writer = Tls13RecordProtection.forWriting(suite, keys);
                reader = Tls13RecordProtection.forReading(suite, keys);
            }
            case "TLS12_AES_128_GCM" -> aead(CipherSuite.TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256, random);
            case "TLS12_AES_256_GCM" -> aead(CipherSuite.TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384, random);
            case "TLS12_CHACHA20_POLY1305" -> aead(CipherSuite.TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256, random);
            case "TLS12_AES_128_CBC_SHA_MTE" -> cbc(CipherSuite.TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA, false, random);
            case "TLS12_AES_128_CBC_SHA256_MTE" ->
                    cbc(CipherSuite.TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256, false, random);
            case "TLS12_AES_256_CBC_SHA384_MTE" ->
                    cbc(CipherSuite.TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384, false, random);
            case "TLS12_AES_128_CBC_SHA256_ETM" ->
                    cbc(CipherSuite.TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256, true, random);
            default -> throw new IllegalArgumentException(protection);
        }
    }

    private void aead(CipherSuite suite, SecureRandom random) {
        byte[] key = bytes(random, suite.keyLength());
        byte[] iv = bytes(random, suite.cipher().fixedIvLength());
        writer = new Tls12AeadProtection(suite, key, iv);
        reader = new Tls12AeadProtection(suite, key, iv);
    }

    private void cbc(CipherSuite suite, boolean etm, SecureRandom random) {
        byte[] key = bytes(random, suite.keyLength());
        byte[] macKey = bytes(random, suite.macLength());
        writer = new Tls12CbcProtection(suite, key, macKey, etm, random);
        reader = new Tls12CbcProtection(suite, key, macKey, etm, random);
    }

    private static byte[] bytes(SecureRandom random, int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }

    @Benchmark
    public ByteBuffer seal() throws TlsException {
        plaintext.rewind();
        sealed.clear();
        writer.seal(APPLICATION_DATA, plaintext, sealed);
        return sealed;
    }

    @Benchmark
    public int sealThenOpen() throws TlsException {
        seal();
        sealed.flip();
        sealed.get(header);
        opened.clear();
        return reader.open(header, sealed, opened);
    }
}
