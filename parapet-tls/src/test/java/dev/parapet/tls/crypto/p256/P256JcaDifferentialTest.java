package dev.parapet.tls.crypto.p256;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.security.AlgorithmParameters;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPrivateKeySpec;
import java.security.spec.ECPublicKeySpec;
import javax.crypto.KeyAgreement;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Same inputs, same answers as the JDK's SunEC: ECDH, public keys, and signatures checked both ways. */
class P256JcaDifferentialTest {
    private static final int ROUNDS = 200;
    private static final SecureRandom RANDOM = new SecureRandom();
    private static ECParameterSpec params;
    private static KeyPairGenerator generator;
    private static KeyFactory factory;

    @BeforeAll
    static void setUp() throws Exception {
        AlgorithmParameters ap = AlgorithmParameters.getInstance("EC");
        ap.init(new ECGenParameterSpec("secp256r1"));
        params = ap.getParameterSpec(ECParameterSpec.class);
        generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
        factory = KeyFactory.getInstance("EC");
    }

    private static byte[] fixed32(BigInteger v) {
        byte[] b = v.toByteArray();
        byte[] out = new byte[32];
        int n = Math.min(b.length, 32);
        System.arraycopy(b, b.length - n, out, 32 - n, n);
        return out;
    }

    private static byte[] encode(ECPublicKey key) {
        byte[] out = new byte[65];
        out[0] = 0x04;
        System.arraycopy(fixed32(key.getW().getAffineX()), 0, out, 1, 32);
        System.arraycopy(fixed32(key.getW().getAffineY()), 0, out, 33, 32);
        return out;
    }

    private static ECPublicKey decode(byte[] point) throws Exception {
        BigInteger x = new BigInteger(1, java.util.Arrays.copyOfRange(point, 1, 33));
        BigInteger y = new BigInteger(1, java.util.Arrays.copyOfRange(point, 33, 65));
        return (ECPublicKey) factory.generatePublic(new ECPublicKeySpec(new ECPoint(x, y), params));
    }

    @Test
    void publicKeysAndEcdhMatchTheJdk() throws Exception {
        for (int i = 0; i < ROUNDS; i++) {
            KeyPair jca = generator.generateKeyPair();
            byte[] jcaD = fixed32(((ECPrivateKey) jca.getPrivate()).getS());
            assertArrayEquals(encode((ECPublicKey) jca.getPublic()), P256.publicKey(jcaD));

            byte[] ours = P256.generatePrivate(RANDOM);
            byte[] ourQ = P256.publicKey(ours);
            KeyAgreement ka = KeyAgreement.getInstance("ECDH");
            ka.init(jca.getPrivate());
            ka.doPhase(decode(ourQ), true);
            byte[] expected = ka.generateSecret();
            assertArrayEquals(expected, P256.sharedSecret(ours, encode((ECPublicKey) jca.getPublic())));
            assertArrayEquals(expected, P256.sharedSecret(jcaD, ourQ));
        }
    }

    @Test
    void jdkVerifiesOurSignatures() throws Exception {
        for (int i = 0; i < ROUNDS; i++) {
            byte[] d = P256.generatePrivate(RANDOM);
            byte[] message = new byte[RANDOM.nextInt(100)];
            RANDOM.nextBytes(message);
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(message);
            byte[] der = P256.toDer(P256.sign(d, hash, RANDOM));
            Signature v = Signature.getInstance("SHA256withECDSA");
            v.initVerify(decode(P256.publicKey(d)));
            v.update(message);
            assertTrue(v.verify(der));
            message = message.length == 0 ? new byte[] {1} : message;
            message[0] ^= 1;
            v.update(message);
            assertFalse(v.verify(der));
        }
    }

    @Test
    void weVerifyTheJdksSignatures() throws Exception {
        for (int i = 0; i < ROUNDS; i++) {
            KeyPair jca = generator.generateKeyPair();
            byte[] message = new byte[RANDOM.nextInt(100) + 1];
            RANDOM.nextBytes(message);
            Signature s = Signature.getInstance("SHA256withECDSA");
            s.initSign(jca.getPrivate(), RANDOM);
            s.update(message);
            byte[] rs = P256.fromDer(s.sign());
            byte[] q = encode((ECPublicKey) jca.getPublic());
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(message);
            assertTrue(P256.verify(q, hash, rs));
            hash[i % 32] ^= 1;
            assertFalse(P256.verify(q, hash, rs));
        }
    }

    @Test
    void jdkVerifiesOurSignaturesOverTruncatedLongHashes() throws Exception {
        for (int i = 0; i < 20; i++) {
            byte[] d = P256.generatePrivate(RANDOM);
            byte[] message = new byte[] {(byte) i, 2, 3};
            byte[] hash = MessageDigest.getInstance("SHA-512").digest(message);
            Signature v = Signature.getInstance("SHA512withECDSA");
            v.initVerify(decode(P256.publicKey(d)));
            v.update(message);
            assertTrue(v.verify(P256.toDer(P256.sign(d, hash, RANDOM))));
        }
    }

    @Test
    void weAgreeWithJdkPrivateKeySpecs() throws Exception {
        // A key made from our bytes signs in the JDK and verifies with us.
        byte[] d = P256.generatePrivate(RANDOM);
        ECPrivateKey priv = (ECPrivateKey) factory.generatePrivate(new ECPrivateKeySpec(new BigInteger(1, d), params));
        Signature s = Signature.getInstance("SHA256withECDSA");
        s.initSign(priv, RANDOM);
        s.update(new byte[] {42});
        byte[] hash = MessageDigest.getInstance("SHA-256").digest(new byte[] {42});
        assertTrue(P256.verify(P256.publicKey(d), hash, P256.fromDer(s.sign())));
    }
}
