package dev.parapet.bench;

import dev.parapet.bench.harness.Pki;
import dev.parapet.tls.TlsException;
import dev.parapet.tls.crypto.CipherSuite;
import dev.parapet.tls.crypto.KeyExchange;
import dev.parapet.tls.crypto.NamedGroup;
import dev.parapet.tls.crypto.SignatureScheme;
import dev.parapet.tls.crypto.Signatures;
import dev.parapet.tls.handshake.TranscriptHash;
import dev.parapet.tls.keyschedule.KeySchedule;
import dev.parapet.tls.keyschedule.TrafficKeys;
import dev.parapet.tls.x509.ParapetCertificateVerifier;
import dev.parapet.tls.x509.TrustAnchors;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.util.ArrayList;
import java.util.List;
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
 * The handshake's hot spots in Parapet, one at a time (microseconds per op). Record seal/open is
 * {@link RecordProtectionBenchmark}. Parapet's primitives are the JCA's today, so these are mostly the JDK's
 * SunEC / SunRsaSign / SunJCE costs plus Parapet's encoding around them.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 1)
@Fork(1)
public class ParapetPrimitivesBenchmark {

    /** One side of a key exchange: generate a key pair and its share, then the shared secret with the peer's. */
    @State(Scope.Thread)
    public static class Kex {
        @Param({"X25519", "SECP256R1", "SECP384R1"})
        public String group;
        NamedGroup g;
        byte[] peerShare;
        final SecureRandom random = new SecureRandom();

        @Setup(Level.Trial)
        public void setup() {
            g = NamedGroup.valueOf(group);
            peerShare = KeyExchange.generate(g, random).publicKeyShare();
        }
    }

    @Benchmark
    public byte[] keyExchange(Kex s) throws TlsException {
        KeyExchange k = KeyExchange.generate(s.g, s.random);
        k.publicKeyShare();
        return k.sharedSecret(s.peerShare);
    }

    /** A CertificateVerify signature over the real 130-byte content (64 spaces, context, 0, SHA-256 hash). */
    @State(Scope.Thread)
    public static class Sig {
        @Param({"ECDSA_SECP256R1_SHA256", "RSA_PSS_RSAE_SHA256", "ED25519"})
        public String scheme;
        SignatureScheme sc;
        KeyPair keys;
        byte[] content;
        byte[] signature;
        final SecureRandom random = new SecureRandom();

        @Setup(Level.Trial)
        public void setup() throws Exception {
            sc = SignatureScheme.valueOf(scheme);
            KeyPairGenerator g;
            switch (sc) {
                case ECDSA_SECP256R1_SHA256 -> {
                    g = KeyPairGenerator.getInstance("EC");
                    g.initialize(new ECGenParameterSpec("secp256r1"));
                }
                case RSA_PSS_RSAE_SHA256 -> {
                    g = KeyPairGenerator.getInstance("RSA");
                    g.initialize(2048);
                }
                default -> g = KeyPairGenerator.getInstance("Ed25519");
            }
            keys = g.generateKeyPair();
            byte[] hash = new byte[32];
            random.nextBytes(hash);
            content = Signatures.certificateVerifyContent(true, hash);
            signature = Signatures.sign(sc, keys.getPrivate(), content, random);
        }
    }

    @Benchmark
    public byte[] sign(Sig s) throws Exception {
        return Signatures.sign(s.sc, s.keys.getPrivate(), s.content, s.random);
    }

    @Benchmark
    public boolean verify(Sig s) {
        return Signatures.verify(s.sc, s.keys.getPublic(), s.content, s.signature);
    }

    /** Handshake-sized messages and keys for the transcript, key schedule and chain verification. */
    @State(Scope.Thread)
    public static class Steps {
        /** A TLS 1.3 ECDSA full handshake's messages: CH, SH, EE, Certificate, CertificateVerify, two Finished. */
        final byte[][] messages = {new byte[260], new byte[90], new byte[10], new byte[1100], new byte[80],
            new byte[36], new byte[36]};
        final byte[] shared = new byte[32];
        final byte[] hash = new byte[32];
        ParapetCertificateVerifier verifier;
        List<byte[]> ecdsaChain;
        List<byte[]> rsaChain;

        @Setup(Level.Trial)
        public void setup() throws CertificateEncodingException {
            SecureRandom r = new SecureRandom();
            for (byte[] m : messages) {
                r.nextBytes(m);
            }
            r.nextBytes(shared);
            r.nextBytes(hash);
            Pki pki = Pki.get();
            verifier = new ParapetCertificateVerifier(TrustAnchors.of(pki.roots()));
            ecdsaChain = der(pki.ecdsaLeaf.chain());
            rsaChain = der(pki.rsaLeaf.chain());
        }

        private static List<byte[]> der(List<X509Certificate> chain) throws CertificateEncodingException {
            List<byte[]> out = new ArrayList<>();
            for (X509Certificate c : chain) {
                out.add(c.getEncoded());
            }
            return out;
        }
    }

    /** One side's transcript for a full handshake: every message hashed, the hash taken at the 4 points TLS 1.3 needs. */
    @Benchmark
    public byte[] transcriptHash(Steps s) {
        TranscriptHash t = new TranscriptHash();
        t.add(s.messages[0]);
        t.start("SHA-256");
        t.add(s.messages[1]);
        byte[] h = t.current();
        for (int i = 2; i < 5; i++) {
            t.add(s.messages[i]);
        }
        t.current();
        t.add(s.messages[5]);
        h = t.current();
        t.add(s.messages[6]);
        t.releaseMessages();
        return t.current();
    }

    /** One side's TLS 1.3 key schedule for a full handshake (no PSK): every secret, both directions' keys, Finished. */
    @Benchmark
    public Object keySchedule(Steps s) {
        KeySchedule ks = new KeySchedule(CipherSuite.TLS_AES_128_GCM_SHA256);
        ks.deriveEarlySecret(null);
        ks.deriveHandshakeSecret(s.shared);
        byte[] chs = ks.clientHandshakeTrafficSecret(s.hash);
        byte[] shs = ks.serverHandshakeTrafficSecret(s.hash);
        TrafficKeys a = ks.trafficKeys(chs);
        TrafficKeys b = ks.trafficKeys(shs);
        ks.finishedVerifyData(shs, s.hash);
        ks.finishedVerifyData(chs, s.hash);
        ks.deriveMasterSecret();
        TrafficKeys c = ks.trafficKeys(ks.clientApplicationTrafficSecret(s.hash));
        TrafficKeys d = ks.trafficKeys(ks.serverApplicationTrafficSecret(s.hash));
        ks.exporterMasterSecret(s.hash);
        return ks.resumptionMasterSecret(s.hash);
    }

    /** The client's chain check: parse the DER chain, build and validate the path, match the host name. */
    @Benchmark
    public Object verifyChainEcdsa(Steps s) throws TlsException {
        return s.verifier.verifyEncoded(s.ecdsaChain, Pki.HOST, null);
    }

    @Benchmark
    public Object verifyChainRsa(Steps s) throws TlsException {
        return s.verifier.verifyEncoded(s.rsaChain, Pki.HOST, null);
    }
}
