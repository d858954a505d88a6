package dev.parapet.tls.crypto.curve25519;

import static dev.parapet.tls.crypto.CryptoTestSupport.cases;
import static dev.parapet.tls.crypto.CryptoTestSupport.hex;
import static dev.parapet.tls.crypto.CryptoTestSupport.toHex;
import static dev.parapet.tls.crypto.CryptoTestSupport.wycheproof;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.parapet.tls.crypto.CryptoTestSupport.Case;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** X25519 against RFC 7748's vectors and every Wycheproof x25519 vector. */
class X25519Test {

    /** RFC 7748, 5.2: the two single scalar multiplications. */
    @Test
    void rfc7748ScalarMultiplication() {
        assertEquals("c3da55379de9c6908e94ea4df28d084f32eccf03491c71f754b4075577a28552", toHex(X25519.sharedSecret(
                hex("a546e36bf0527c9d3b16154b82465edd62144c0ac1fc5a18506a2244ba449ac4"),
                hex("e6db6867583030db3594c1a424b15f7c726624ec26b3353b10a903a6d0ab1c4c"))));
        // The u-coordinate's top bit is set here and must be ignored.
        assertEquals("95cbde9476e8907d7aade45cb4b873f88b595a68799fa152e6f8f7647aac7957", toHex(X25519.sharedSecret(
                hex("4b66e9d4d1b4673c5ad22691957d6af5c11b6421e0ea01d42ca4169e7918ba0d"),
                hex("e5210f12786811d3f4b7959d0538ae2c31dbe7106fc03c3efc4cd549c715a493"))));
    }

    /** RFC 7748, 5.2: k = u = 9, then repeatedly (k, u) = (X25519(k, u), k); 1 and 1,000 iterations. */
    @Test
    void rfc7748Iterations() {
        assertEquals("422c8e7a6227d7bca1350b3e2bb7279f7897b87bb6854b783c60e80311ae3079", toHex(iterate(1)));
        assertEquals("684cf59ba83309552800ef566f2f4d3c1c3887c49360e3875f2eb94d99532c51", toHex(iterate(1000)));
    }

    /** RFC 7748, 5.2: the 1,000,000-iteration vector; minutes of CPU, so only on request (see docs/curve25519.md). */
    @Test
    @Tag("slow")
    void rfc7748MillionIterations() {
        assertEquals("7c3911e0ab2586fd864497297e575e6f3bc601c0883c30df5f4dd2d24f665424", toHex(iterate(1_000_000)));
    }

    private static byte[] iterate(int n) {
        byte[] k = new byte[32];
        k[0] = 9;
        byte[] u = k.clone();
        for (int i = 0; i < n; i++) {
            byte[] next = X25519.scalarMult(k, u);
            u = k;
            k = next;
        }
        return k;
    }

    /** RFC 7748, 6.1: Alice and Bob. */
    @Test
    void rfc7748DiffieHellman() {
        byte[] alice = hex("77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a");
        byte[] bob = hex("5dab087e624a8a4b79e17f8b83800ee66f3bb1292618b6fd1c2f8b27ff88e0eb");
        byte[] alicePub = X25519.publicKey(alice);
        byte[] bobPub = X25519.publicKey(bob);
        assertEquals("8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a", toHex(alicePub));
        assertEquals("de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f", toHex(bobPub));
        String shared = "4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742";
        assertEquals(shared, toHex(X25519.sharedSecret(alice, bobPub)));
        assertEquals(shared, toHex(X25519.sharedSecret(bob, alicePub)));
    }

    /**
     * Every Wycheproof vector. "valid" and "acceptable" vectors must give the listed secret, except that an all-zero
     * secret (flag ZeroSharedSecret; low-order public keys) must be refused, as TLS requires (RFC 8446, 7.4.2).
     */
    @Test
    void wycheproofVectors() {
        List<Case> all = cases(wycheproof("x25519_test.json"));
        assertEquals(518, all.size());
        int refused = 0;
        for (Case c : all) {
            byte[] priv = c.bytes("private");
            byte[] pub = c.bytes("public");
            byte[] shared = c.bytes("shared");
            assertFalse(c.result().equals("invalid"), c.toString()); // the file has no invalid X25519 vectors
            boolean zero = c.test().get("flags").toString().contains("ZeroSharedSecret");
            assertEquals(zero, java.util.Arrays.equals(shared, new byte[32]), c.toString());
            if (zero) {
                IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                        () -> X25519.sharedSecret(priv, pub), c.toString());
                assertFalse(e.getMessage().contains(toHex(priv)));
                refused++;
            } else {
                assertArrayEquals(shared, X25519.sharedSecret(priv, pub), c.toString());
            }
        }
        assertEquals(31, refused);
    }

    /** publicKey goes through the Edwards curve; it must equal the ladder on u = 9 for any scalar. */
    @Test
    void publicKeyMatchesLadder() {
        java.util.Random random = new java.util.Random(7);
        for (int i = 0; i < 200; i++) {
            byte[] k = new byte[32];
            random.nextBytes(k);
            if (i == 0) {
                java.util.Arrays.fill(k, (byte) 0);
            } else if (i == 1) {
                java.util.Arrays.fill(k, (byte) 0xff);
            }
            assertEquals(toHex(X25519.publicKeyByLadder(k)), toHex(X25519.publicKey(k)), "scalar " + toHex(k));
        }
    }

    @Test
    void wrongLengthsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> X25519.publicKey(new byte[31]));
        assertThrows(IllegalArgumentException.class, () -> X25519.publicKey(null));
        assertThrows(IllegalArgumentException.class, () -> X25519.sharedSecret(new byte[32], new byte[33]));
    }

    @Test
    void inputsAreNotModified() {
        byte[] k = hex("a546e36bf0527c9d3b16154b82465edd62144c0ac1fc5a18506a2244ba449ac4");
        byte[] u = hex("e6db6867583030db3594c1a424b15f7c726624ec26b3353b10a903a6d0ab1c4c");
        X25519.sharedSecret(k, u);
        assertEquals("a546e36bf0527c9d3b16154b82465edd62144c0ac1fc5a18506a2244ba449ac4", toHex(k));
        assertEquals("e6db6867583030db3594c1a424b15f7c726624ec26b3353b10a903a6d0ab1c4c", toHex(u));
    }
}
