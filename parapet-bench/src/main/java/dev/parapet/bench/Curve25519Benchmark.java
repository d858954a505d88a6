package dev.parapet.bench;

import dev.parapet.tls.crypto.curve25519.Ed25519;
import dev.parapet.tls.crypto.curve25519.X25519;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.interfaces.XECPublicKey;
import java.util.concurrent.TimeUnit;
import javax.crypto.KeyAgreement;
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
import org.openjdk.jmh.infra.Blackhole;

/**
 * Parapet's pure-Java X25519 and Ed25519 (dev.parapet.tls.crypto.curve25519) against the JDK's SunEC, microseconds
 * per operation. "x25519KeygenAgree" is one TLS key share: a fresh key pair, then the shared secret with the peer's
 * share (two scalar multiplications). Short run:
 * {@code java -jar parapet-bench/target/benchmarks.jar Curve25519Benchmark -f 1 -wi 2 -w 1s -i 3 -r 1s}
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Thread)
public class Curve25519Benchmark {
    private final SecureRandom random = new SecureRandom();
    private final byte[] message = new byte[128];
    private byte[] peerShare;
    private PublicKey jcaPeerShare;
    private byte[] edSeed;
    private byte[] edPublic;
    private byte[] edSignature;
    private KeyPair jcaEdKeys;
    private byte[] jcaEdSignature;
    private KeyPairGenerator jcaXdhGenerator;

    @Setup
    public void setup() throws GeneralSecurityException {
        random.nextBytes(message);
        peerShare = X25519.publicKey(X25519.generatePrivate(random));
        jcaXdhGenerator = KeyPairGenerator.getInstance("X25519");
        jcaPeerShare = jcaXdhGenerator.generateKeyPair().getPublic();
        edSeed = new byte[32];
        random.nextBytes(edSeed);
        edPublic = Ed25519.publicKey(edSeed);
        edSignature = Ed25519.sign(edSeed, edPublic, message);
        jcaEdKeys = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        Signature s = Signature.getInstance("Ed25519");
        s.initSign(jcaEdKeys.getPrivate());
        s.update(message);
        jcaEdSignature = s.sign();
    }

    @Benchmark
    public void x25519KeygenAgreeParapet(Blackhole bh) {
        byte[] k = X25519.generatePrivate(random);
        bh.consume(X25519.publicKey(k));
        bh.consume(X25519.sharedSecret(k, peerShare));
    }

    @Benchmark
    public void x25519KeygenAgreeJca(Blackhole bh) throws GeneralSecurityException {
        KeyPair kp = jcaXdhGenerator.generateKeyPair();
        bh.consume(((XECPublicKey) kp.getPublic()).getU());
        KeyAgreement ka = KeyAgreement.getInstance("X25519");
        ka.init(kp.getPrivate());
        ka.doPhase(jcaPeerShare, true);
        bh.consume(ka.generateSecret());
    }

    /** One scalar multiplication by a peer's point (the ladder), without key generation. */
    @Benchmark
    public byte[] x25519AgreeParapet() {
        return X25519.sharedSecret(edSeed, peerShare);
    }

    @Benchmark
    public byte[] ed25519SignParapet() {
        return Ed25519.sign(edSeed, edPublic, message);
    }

    @Benchmark
    public byte[] ed25519SignJca() throws GeneralSecurityException {
        Signature s = Signature.getInstance("Ed25519");
        s.initSign(jcaEdKeys.getPrivate());
        s.update(message);
        return s.sign();
    }

    @Benchmark
    public boolean ed25519VerifyParapet() {
        return Ed25519.verify(edPublic, message, edSignature);
    }

    @Benchmark
    public boolean ed25519VerifyJca() throws GeneralSecurityException {
        Signature s = Signature.getInstance("Ed25519");
        s.initVerify(jcaEdKeys.getPublic());
        s.update(message);
        return s.verify(jcaEdSignature);
    }
}
