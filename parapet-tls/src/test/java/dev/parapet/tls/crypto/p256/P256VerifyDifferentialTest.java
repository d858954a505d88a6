package dev.parapet.tls.crypto.p256;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.security.AlgorithmParameters;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.interfaces.ECPrivateKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPrivateKeySpec;
import java.security.spec.ECPublicKeySpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Both verification paths ({@code verify(point, ..)} and {@code verify(PrecomputedKey, ..)}) give the JDK's
 * (SunEC, NONEwithECDSA over the 32-byte hash) answer: random keys with valid and corrupted signatures, and keys
 * and signatures built for special relations: Q = G, Q = -G, Q = 2G, u1 == u2, u1 == -u2, u1 == 0.
 */
class P256VerifyDifferentialTest {
    private static final BigInteger N = new BigInteger(
            "FFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551", 16);
    private static final SecureRandom RANDOM = new SecureRandom();
    private static ECParameterSpec params;
    private static KeyFactory factory;
    private int checked;

    @BeforeAll
    static void setUp() throws Exception {
        AlgorithmParameters ap = AlgorithmParameters.getInstance("EC");
        ap.init(new ECGenParameterSpec("secp256r1"));
        params = ap.getParameterSpec(ECParameterSpec.class);
        factory = KeyFactory.getInstance("EC");
    }

    private static byte[] fixed32(BigInteger v) {
        byte[] b = v.toByteArray();
        byte[] out = new byte[32];
        int n = Math.min(b.length, 32);
        System.arraycopy(b, b.length - n, out, 32 - n, n);
        return out;
    }

    private static BigInteger big(byte[] b, int from, int to) {
        return new BigInteger(1, Arrays.copyOfRange(b, from, to));
    }

    private static byte[] rs(BigInteger r, BigInteger s) {
        byte[] out = new byte[64];
        System.arraycopy(fixed32(r), 0, out, 0, 32);
        System.arraycopy(fixed32(s), 0, out, 32, 32);
        return out;
    }

    private static boolean jdkVerify(byte[] point, byte[] hash, byte[] rs) throws Exception {
        ECPoint w = new ECPoint(big(point, 1, 33), big(point, 33, 65));
        Signature v = Signature.getInstance("NONEwithECDSA");
        v.initVerify(factory.generatePublic(new ECPublicKeySpec(w, params)));
        v.update(hash);
        return v.verify(P256.toDer(rs));
    }

    private static byte[] jdkSign(BigInteger d, byte[] hash) throws Exception {
        PrivateKey key = factory.generatePrivate(new ECPrivateKeySpec(d, params));
        Signature s = Signature.getInstance("NONEwithECDSA");
        s.initSign(key, RANDOM);
        s.update(hash);
        return P256.fromDer(s.sign());
    }

    /** Both paths agree with the JDK on (point, hash, r || s), r and s in [1, n-1]; returns the answer. */
    private boolean check(byte[] point, P256.PrecomputedKey key, byte[] hash, byte[] rs) throws Exception {
        boolean expected = jdkVerify(point, hash, rs);
        assertEquals(expected, P256.verify(point, hash, rs), "plain path");
        assertEquals(expected, P256.verify(key, hash, rs), "precomputed path");
        checked++;
        return expected;
    }

    private static BigInteger inRange(BigInteger v) {
        BigInteger m = v.mod(N);
        return m.signum() == 0 ? BigInteger.ONE : m;
    }

    @Test
    void randomKeysValidAndCorruptedSignatures() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
        for (int i = 0; i < 60; i++) {
            KeyPair pair = g.generateKeyPair();
            BigInteger d = ((ECPrivateKey) pair.getPrivate()).getS();
            byte[] point = P256.publicKey(fixed32(d));
            P256.PrecomputedKey key = P256.precompute(point);
            byte[] hash = new byte[32];
            RANDOM.nextBytes(hash);
            byte[] sig = jdkSign(d, hash);
            assertTrue(check(point, key, hash, sig));
            BigInteger r = big(sig, 0, 32);
            BigInteger s = big(sig, 32, 64);
            assertTrue(check(point, key, hash, rs(r, N.subtract(s)))); // (r, -s) is valid too
            byte[] other = hash.clone();
            other[i % 32] ^= (byte) (1 << (i % 8));
            assertFalse(check(point, key, other, sig));
            assertFalse(check(point, key, hash, rs(inRange(r.flipBit(i % 256)), s)));
            assertFalse(check(point, key, hash, rs(r, inRange(s.flipBit((7 * i) % 256)))));
            assertFalse(check(point, key, hash, rs(s, r)));
            // Our signatures too, under the same key.
            byte[] ours = P256.sign(fixed32(d), hash, RANDOM);
            assertTrue(check(point, key, hash, ours));
        }
    }

    /** (r, s) with x(kG) mod n = r for a fresh k, s = (e + r d) / k: valid for d by construction (or 0). */
    private static BigInteger[] signWithHashOf(BigInteger d, java.util.function.UnaryOperator<BigInteger> eOfR) {
        BigInteger k = new BigInteger(1, P256.generatePrivate(RANDOM));
        byte[] kg = P256.publicKey(fixed32(k));
        BigInteger r = big(kg, 1, 33).mod(N);
        BigInteger e = eOfR.apply(r);
        BigInteger s = e.add(r.multiply(d)).multiply(k.modInverse(N)).mod(N);
        return new BigInteger[] {r, s, e};
    }

    @Test
    void specialKeysAndScalarRelations() throws Exception {
        BigInteger[] ds = {BigInteger.ONE, N.subtract(BigInteger.ONE), BigInteger.TWO, N.subtract(BigInteger.TWO)};
        for (BigInteger d : ds) {
            byte[] point = P256.publicKey(fixed32(d)); // G, -G, 2G, -2G
            P256.PrecomputedKey key = P256.precompute(point);
            for (int i = 0; i < 8; i++) {
                byte[] hash = new byte[32];
                RANDOM.nextBytes(hash);
                assertTrue(check(point, key, hash, jdkSign(d, hash)));
                assertTrue(check(point, key, hash, P256.sign(fixed32(d), hash, RANDOM)));
                // u1 == u2 (e == r) and u1 == -u2 (e == -r), valid by construction unless s comes out 0.
                for (boolean negate : new boolean[] {false, true}) {
                    BigInteger[] t = signWithHashOf(d, r -> negate ? N.subtract(r).mod(N) : r);
                    if (t[1].signum() != 0) {
                        assertTrue(check(point, key, fixed32(t[2]), rs(t[0], t[1])));
                    }
                    // The same relation with a random s: u1 G + u2 Q is then a random multiple of G (or, for
                    // Q = G and e = -r, and Q = -G and e = r, infinity).
                    BigInteger s = inRange(new BigInteger(256, RANDOM));
                    check(point, key, fixed32(t[2]), rs(t[0], s));
                }
                // u1 == 0: e == 0, from a zero hash and from hash == n.
                BigInteger[] z = signWithHashOf(d, r -> BigInteger.ZERO);
                assertTrue(check(point, key, new byte[32], rs(z[0], z[1])));
                assertTrue(check(point, key, fixed32(N), rs(z[0], z[1])));
            }
        }
        assertTrue(checked > 100);
    }

    @Test
    void onePrecomputedKeyServesManyThreads() throws Exception {
        byte[] d = P256.generatePrivate(RANDOM);
        byte[] point = P256.publicKey(d);
        P256.PrecomputedKey key = P256.precompute(point);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                byte[] hash = new byte[32];
                RANDOM.nextBytes(hash);
                byte[] sig = P256.sign(d, hash, RANDOM);
                boolean corrupt = i % 3 == 0;
                if (corrupt) {
                    sig[i % 64] ^= 4;
                }
                results.add(pool.submit(() -> P256.verify(key, hash, sig) == !corrupt
                        && P256.verify(point, hash, sig) == !corrupt));
            }
            for (Future<Boolean> f : results) {
                assertTrue(f.get());
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void precomputeRefusesBadPointsAndKeepsItsPoint() {
        byte[] g = P256.publicKey(fixed32(BigInteger.ONE));
        assertTrue(Arrays.equals(g, P256.precompute(g).publicPoint()));
        assertTrue(P256.precompute(g).tableBytes() < 40_000);
        byte[] off = g.clone();
        off[64] ^= 1;
        assertThrows(IllegalArgumentException.class, () -> P256.precompute(off));
        assertThrows(IllegalArgumentException.class, () -> P256.precompute(null));
        assertThrows(IllegalArgumentException.class, () -> P256.precompute(Arrays.copyOf(g, 64)));
        assertThrows(IllegalArgumentException.class, () -> P256.verify((P256.PrecomputedKey) null, new byte[32],
                new byte[64]));
        P256.PrecomputedKey key = P256.precompute(g);
        assertFalse(P256.verify(key, new byte[32], new byte[64]));
        assertFalse(P256.verify(key, new byte[32], new byte[63]));
        assertFalse(P256.verify(key, new byte[32], null));
    }
}
