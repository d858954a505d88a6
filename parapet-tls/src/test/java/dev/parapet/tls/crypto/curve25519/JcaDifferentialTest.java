package dev.parapet.tls.crypto.curve25519;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.SignatureException;
import java.security.spec.EdECPoint;
import java.security.spec.EdECPrivateKeySpec;
import java.security.spec.EdECPublicKeySpec;
import java.security.spec.NamedParameterSpec;
import java.security.spec.XECPrivateKeySpec;
import java.security.spec.XECPublicKeySpec;
import java.util.Random;
import javax.crypto.KeyAgreement;
import org.junit.jupiter.api.Test;

/** Same random inputs, same outputs: ours against the JDK's SunEC (KeyAgreement XDH, Signature Ed25519). */
class JcaDifferentialTest {
    private static final int ROUNDS = 200;
    /** Seeded so a failure can be replayed; the seed is in the assertion messages. */
    private final long seed = new SecureRandom().nextLong();
    private final Random random = new Random(seed);

    @Test
    void x25519MatchesJca() throws Exception {
        KeyFactory kf = KeyFactory.getInstance("XDH");
        for (int i = 0; i < ROUNDS; i++) {
            byte[] k = bytes(32);
            byte[] u = bytes(32);
            u[31] &= 127; // the JCA takes u as a number; RFC 7748 masks the top bit, so leave it clear here
            KeyAgreement ka = KeyAgreement.getInstance("XDH");
            ka.init(kf.generatePrivate(new XECPrivateKeySpec(NamedParameterSpec.X25519, k)));
            ka.doPhase(kf.generatePublic(new XECPublicKeySpec(NamedParameterSpec.X25519, littleEndian(u))), true);
            assertArrayEquals(ka.generateSecret(), X25519.sharedSecret(k, u), "seed " + seed + " round " + i);
        }
    }

    @Test
    void x25519PublicKeysAgreeWithJca() throws Exception {
        KeyFactory kf = KeyFactory.getInstance("XDH");
        for (int i = 0; i < ROUNDS / 3; i++) {
            byte[] a = X25519.generatePrivate(new SecureRandom());
            byte[] b = bytes(32);
            KeyAgreement ka = KeyAgreement.getInstance("X25519");
            ka.init(kf.generatePrivate(new XECPrivateKeySpec(NamedParameterSpec.X25519, a)));
            ka.doPhase(kf.generatePublic(new XECPublicKeySpec(NamedParameterSpec.X25519,
                    littleEndian(X25519.publicKey(b)))), true);
            assertArrayEquals(ka.generateSecret(), X25519.sharedSecret(b, X25519.publicKey(a)), "round " + i);
        }
    }

    @Test
    void ed25519MatchesJca() throws Exception {
        KeyFactory kf = KeyFactory.getInstance("Ed25519");
        for (int i = 0; i < ROUNDS; i++) {
            byte[] sk = bytes(32);
            byte[] msg = bytes(random.nextInt(300));
            byte[] pub = Ed25519.publicKey(sk);
            byte[] ours = Ed25519.sign(sk, pub, msg);

            PrivateKey jcaPrivate = kf.generatePrivate(new EdECPrivateKeySpec(NamedParameterSpec.ED25519, sk));
            Signature signer = Signature.getInstance("Ed25519");
            signer.initSign(jcaPrivate);
            signer.update(msg);
            byte[] theirs = signer.sign();
            // Ed25519 is deterministic and hashes A into k, so equal signatures also mean equal public keys.
            assertArrayEquals(theirs, ours, "seed " + seed + " round " + i);

            PublicKey jcaPublic = kf.generatePublic(publicSpec(pub));
            Signature verifier = Signature.getInstance("Ed25519");
            verifier.initVerify(jcaPublic);
            verifier.update(msg);
            assertTrue(verifier.verify(ours));
            assertTrue(Ed25519.verify(pub, msg, theirs));

            byte[] tampered = ours.clone();
            tampered[random.nextInt(64)] ^= (byte) (1 << random.nextInt(8));
            verifier.initVerify(jcaPublic);
            verifier.update(msg);
            boolean jcaAccepts;
            try {
                jcaAccepts = verifier.verify(tampered);
            } catch (SignatureException e) { // SunEC throws when the tampered R is not a point
                jcaAccepts = false;
            }
            assertFalse(jcaAccepts);
            assertFalse(Ed25519.verify(pub, msg, tampered), "seed " + seed + " round " + i);
        }
    }

    private static EdECPublicKeySpec publicSpec(byte[] encoded) {
        boolean xOdd = (encoded[31] & 0x80) != 0;
        byte[] y = encoded.clone();
        y[31] &= 127;
        return new EdECPublicKeySpec(NamedParameterSpec.ED25519, new EdECPoint(xOdd, littleEndian(y)));
    }

    private static BigInteger littleEndian(byte[] b) {
        byte[] be = new byte[b.length];
        for (int i = 0; i < b.length; i++) {
            be[i] = b[b.length - 1 - i];
        }
        return new BigInteger(1, be);
    }

    private byte[] bytes(int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }
}
