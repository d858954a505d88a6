package dev.parapet.bench;

import dev.parapet.tls.crypto.p256.P256;
import java.math.BigInteger;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import javax.crypto.KeyAgreement;
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
 * P-256 one operation at a time, microseconds per op: Parapet's pure-Java {@link P256} against the JDK's SunEC
 * (KeyPairGenerator, KeyAgreement ECDH, Signature NONEwithECDSA so both sides sign the same 32-byte hash). Short
 * run: {@code java -jar parapet-bench/target/benchmarks.jar P256Benchmark -f 1 -wi 2 -w 1s -i 3 -r 1s}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class P256Benchmark {

    @State(Scope.Thread)
    public static class Keys {
        @Param({"PARAPET", "JCA"})
        public String impl;
        final SecureRandom random = new SecureRandom();
        final byte[] hash = new byte[32];
        byte[] privateKey;
        byte[] peerPoint;
        byte[] publicPoint;
        byte[] signature;
        KeyPairGenerator generator;
        KeyPair jcaKeys;
        PublicKey jcaPeer;
        KeyAgreement agreement;
        Signature signer;
        Signature verifier;
        byte[] jcaSignature;

        @Setup(Level.Trial)
        public void setup() throws Exception {
            random.nextBytes(hash);
            privateKey = P256.generatePrivate(random);
            publicPoint = P256.publicKey(privateKey);
            peerPoint = P256.publicKey(P256.generatePrivate(random));
            signature = P256.sign(privateKey, hash, random);

            generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"), random);
            jcaKeys = generator.generateKeyPair();
            jcaPeer = generator.generateKeyPair().getPublic();
            agreement = KeyAgreement.getInstance("ECDH");
            signer = Signature.getInstance("NONEwithECDSA");
            verifier = Signature.getInstance("NONEwithECDSA");
            signer.initSign(jcaKeys.getPrivate(), random);
            signer.update(hash);
            jcaSignature = signer.sign();
            // Sanity: the JDK accepts our signature, so both sides measure the same work.
            verifier.initVerify(toJca(publicPoint, jcaKeys.getPublic()));
            verifier.update(hash);
            if (!verifier.verify(P256.toDer(signature))) {
                throw new IllegalStateException("JDK rejected a Parapet P-256 signature");
            }
        }

        private static PublicKey toJca(byte[] point, PublicKey template) throws Exception {
            BigInteger x = new BigInteger(1, Arrays.copyOfRange(point, 1, 33));
            BigInteger y = new BigInteger(1, Arrays.copyOfRange(point, 33, 65));
            return KeyFactory.getInstance("EC").generatePublic(
                    new ECPublicKeySpec(new ECPoint(x, y), ((ECPublicKey) template).getParams()));
        }
    }

    /** A new key pair: private scalar and its public point. */
    @Benchmark
    public Object keygen(Keys k) {
        if (k.impl.equals("PARAPET")) {
            return P256.publicKey(P256.generatePrivate(k.random));
        }
        return k.generator.generateKeyPair();
    }

    /** The shared secret with a fixed, validated peer point. */
    @Benchmark
    public byte[] ecdh(Keys k) throws Exception {
        if (k.impl.equals("PARAPET")) {
            return P256.sharedSecret(k.privateKey, k.peerPoint);
        }
        k.agreement.init(k.jcaKeys.getPrivate());
        k.agreement.doPhase(k.jcaPeer, true);
        return k.agreement.generateSecret();
    }

    /** An ECDSA signature over a 32-byte hash (hedged RFC 6979 nonce for Parapet, random nonce for the JDK). */
    @Benchmark
    public byte[] sign(Keys k) throws Exception {
        if (k.impl.equals("PARAPET")) {
            return P256.sign(k.privateKey, k.hash, k.random);
        }
        k.signer.initSign(k.jcaKeys.getPrivate(), k.random);
        k.signer.update(k.hash);
        return k.signer.sign();
    }

    @Benchmark
    public boolean verify(Keys k) throws Exception {
        if (k.impl.equals("PARAPET")) {
            return P256.verify(k.publicPoint, k.hash, k.signature);
        }
        k.verifier.initVerify(k.jcaKeys.getPublic());
        k.verifier.update(k.hash);
        return k.verifier.verify(k.jcaSignature);
    }
}
