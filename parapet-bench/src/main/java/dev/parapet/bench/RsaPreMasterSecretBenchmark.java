package dev.parapet.bench;

import dev.parapet.tls.crypto.RsaKeyTransport;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.interfaces.RSAPublicKey;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import javax.crypto.Cipher;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Times the server's RSA pre-master secret decryption (RFC 5246, 7.4.7.1) for a valid ClientKeyExchange and for the
 * three failures a Bleichenbacher-style attacker learns from when they differ: bad PKCS#1 padding, a message that is
 * not 48 bytes, and a wrong version. The four should take the same time within noise; compare their scores (and run
 * with more forks and iterations than the defaults below before drawing conclusions).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class RsaPreMasterSecretBenchmark {
    private static final int TLS12 = 0x0303;

    private KeyPair rsa;
    private SecureRandom random;
    private byte[] valid;
    private byte[] badPadding;
    private byte[] wrongLength;
    private byte[] wrongVersion;

    @Setup
    public void setup() throws Exception {
        random = new SecureRandom();
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048, random);
        rsa = g.generateKeyPair();
        byte[] pms = RsaKeyTransport.newPreMasterSecret(TLS12, random);
        valid = RsaKeyTransport.encryptPreMasterSecret(rsa.getPublic(), pms, random);
        // 0x00 0x01 (signature block type) instead of 0x00 0x02, otherwise well formed
        RSAPublicKey pub = (RSAPublicKey) rsa.getPublic();
        int k = (pub.getModulus().bitLength() + 7) / 8;
        byte[] em = new byte[k];
        em[1] = 1;
        for (int i = 2; i < k - 49; i++) {
            em[i] = (byte) (1 + random.nextInt(255));
        }
        System.arraycopy(pms, 0, em, k - 48, 48);
        Cipher raw = Cipher.getInstance("RSA/ECB/NoPadding");
        raw.init(Cipher.ENCRYPT_MODE, pub);
        badPadding = raw.doFinal(em);
        wrongLength = RsaKeyTransport.encryptPreMasterSecret(pub, Arrays.copyOf(pms, 47), random);
        byte[] tls10 = pms.clone();
        tls10[1] = 1;
        wrongVersion = RsaKeyTransport.encryptPreMasterSecret(pub, tls10, random);
    }

    @Benchmark
    public byte[] valid() {
        return RsaKeyTransport.decryptPreMasterSecret(rsa.getPrivate(), valid, TLS12, random);
    }

    @Benchmark
    public byte[] badPadding() {
        return RsaKeyTransport.decryptPreMasterSecret(rsa.getPrivate(), badPadding, TLS12, random);
    }

    @Benchmark
    public byte[] wrongLength() {
        return RsaKeyTransport.decryptPreMasterSecret(rsa.getPrivate(), wrongLength, TLS12, random);
    }

    @Benchmark
    public byte[] wrongVersion() {
        return RsaKeyTransport.decryptPreMasterSecret(rsa.getPrivate(), wrongVersion, TLS12, random);
    }
}
