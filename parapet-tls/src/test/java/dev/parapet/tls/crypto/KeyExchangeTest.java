package dev.parapet.tls.crypto;

import static dev.parapet.tls.crypto.CryptoTestSupport.cases;
import static dev.parapet.tls.crypto.CryptoTestSupport.hex;
import static dev.parapet.tls.crypto.CryptoTestSupport.wycheproof;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parapet.tls.AlertDescription;
import dev.parapet.tls.TlsException;
import dev.parapet.tls.crypto.CryptoTestSupport.Case;
import java.math.BigInteger;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECPrivateKeySpec;
import java.security.spec.NamedParameterSpec;
import java.security.spec.X509EncodedKeySpec;
import java.security.spec.XECPrivateKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class KeyExchangeTest {
    private static final SecureRandom RANDOM = new SecureRandom();

    @ParameterizedTest
    @EnumSource(NamedGroup.class)
    void roundTrip(NamedGroup group) throws Exception {
        KeyExchange a = KeyExchange.generate(group, RANDOM);
        KeyExchange b = KeyExchange.generate(group, RANDOM);
        assertEquals(group, a.group());
        assertEquals(group.keyShareLength(), a.publicKeyShare().length);
        byte[] ab = a.sharedSecret(b.publicKeyShare());
        assertArrayEquals(ab, b.sharedSecret(a.publicKeyShare()));
        assertEquals(group == NamedGroup.SECP384R1 ? 48 : 32, ab.length);
        if (group != NamedGroup.X25519) {
            assertEquals(4, a.publicKeyShare()[0]);
        }
    }

    /** RFC 8448, 3: the x25519 shares and the shared secret of the simple 1-RTT handshake. */
    @Test
    void rfc8448X25519() throws Exception {
        PrivateKey client = x25519Private(hex("49af42ba7f7994852d713ef2784bcbcaa7911de26adc5642cb634540e7ea5005"));
        KeyExchange kx = KeyExchange.fromKeys(NamedGroup.X25519, client, null);
        assertArrayEquals(hex("8bd4054fb55b9d63fdfbacf9f04b9f0d35e6d63f537563efd46272900f89492d"),
                kx.sharedSecret(hex("c9828876112095fe66762bdbf7c672e156d6cc253b833df1dd69b1b04e751f0f")));
        assertThrows(IllegalStateException.class, kx::publicKeyShare);
    }

    @Test
    void malformedSharesAreIllegalParameter() {
        KeyExchange x = KeyExchange.generate(NamedGroup.X25519, RANDOM);
        assertIllegal(x, new byte[31]);
        assertIllegal(x, new byte[32]); // u = 0: all-zero shared secret (RFC 7748, 6.1)
        byte[] one = new byte[32];
        one[0] = 1;
        assertIllegal(x, one); // u = 1: small order
        KeyExchange p256 = KeyExchange.generate(NamedGroup.SECP256R1, RANDOM);
        byte[] share = KeyExchange.generate(NamedGroup.SECP256R1, RANDOM).publicKeyShare();
        byte[] compressed = java.util.Arrays.copyOf(share, 33);
        compressed[0] = 2;
        assertIllegal(p256, compressed);
        byte[] wrongPrefix = share.clone();
        wrongPrefix[0] = 3;
        assertIllegal(p256, wrongPrefix);
        byte[] offCurve = share.clone();
        offCurve[64] ^= 1;
        TlsException e = assertIllegal(p256, offCurve);
        assertTrue(e.getMessage().startsWith("invalid key share for secp256r1: "), e.getMessage());
        assertIllegal(p256, KeyExchange.generate(NamedGroup.SECP384R1, RANDOM).publicKeyShare());
        byte[] xTooBig = share.clone();
        java.util.Arrays.fill(xTooBig, 1, 33, (byte) 0xff); // x >= p
        assertIllegal(p256, xTooBig);
        assertIllegal(p256, null);
    }

    @Test
    void wycheproofX25519() throws Exception {
        int run = 0;
        int rejected = 0;
        for (Case c : cases(wycheproof("x25519_test.json"))) {
            KeyExchange kx = KeyExchange.fromKeys(NamedGroup.X25519, x25519Private(c.bytes("private")), null);
            run++;
            if (c.result().equals("valid")) {
                assertArrayEquals(c.bytes("shared"), kx.sharedSecret(c.bytes("public")), c.toString());
            } else if (c.result().equals("invalid")) {
                assertThrows(TlsException.class, () -> kx.sharedSecret(c.bytes("public")), c.toString());
            } else {
                try {
                    assertArrayEquals(c.bytes("shared"), kx.sharedSecret(c.bytes("public")), c.toString());
                } catch (TlsException e) {
                    assertEquals(AlertDescription.ILLEGAL_PARAMETER, e.alert());
                    assertTrue(isZero(c.bytes("shared")), "only all-zero secrets are refused: " + c);
                    rejected++;
                }
            }
        }
        System.out.printf("x25519_test.json: %d run, %d acceptable refused%n", run, rejected);
        assertEquals(518, run);
    }

    @ParameterizedTest
    @EnumSource(value = NamedGroup.class, names = {"SECP256R1", "SECP384R1"})
    void wycheproofEcdh(NamedGroup group) throws Exception {
        String file = "ecdh_" + group.rfcName() + "_test.json";
        KeyFactory ec = KeyFactory.getInstance("EC");
        int run = 0;
        int skipped = 0;
        for (Case c : cases(wycheproof(file))) {
            PublicKey peer;
            try {
                peer = ec.generatePublic(new X509EncodedKeySpec(c.bytes("public")));
            } catch (Exception e) {
                // Not decodable by the JDK (compressed point, bad DER, unnamed curve): counted, and never "valid".
                assertTrue(!c.result().equals("valid") || isCompressed(c), "valid key not decodable: " + c);
                skipped++;
                continue;
            }
            byte[] share = uncompressed((ECPublicKey) peer);
            PrivateKey priv = ec.generatePrivate(new ECPrivateKeySpec(new BigInteger(c.str("private"), 16),
                    KeyExchange.curve(group)));
            KeyExchange kx = KeyExchange.fromKeys(group, priv, null);
            run++;
            switch (c.result()) {
                case "valid" -> assertArrayEquals(c.bytes("shared"), kx.sharedSecret(share), c.toString());
                case "invalid" -> assertThrows(TlsException.class, () -> kx.sharedSecret(share), c.toString());
                default -> {
                    try {
                        assertArrayEquals(c.bytes("shared"), kx.sharedSecret(share), c.toString());
                    } catch (TlsException e) {
                        assertEquals(AlertDescription.ILLEGAL_PARAMETER, e.alert());
                    }
                }
            }
        }
        System.out.printf("%s: %d run, %d skipped (public key not decodable)%n", file, run, skipped);
        assertTrue(run > 300, "cases run: " + run);
    }

    private static boolean isCompressed(Case c) {
        return c.test().get("flags").toString().contains("Compressed");
    }

    /** Re-encodes a decoded key as 0x04 || X || Y with the field size of its own curve. */
    private static byte[] uncompressed(ECPublicKey key) {
        int n = (key.getParams().getCurve().getField().getFieldSize() + 7) / 8;
        byte[] out = new byte[1 + 2 * n];
        out[0] = 4;
        put(key.getW().getAffineX(), out, 1, n);
        put(key.getW().getAffineY(), out, 1 + n, n);
        return out;
    }

    private static void put(BigInteger v, byte[] out, int off, int n) {
        byte[] raw = v.toByteArray();
        int len = Math.min(raw.length, n);
        System.arraycopy(raw, raw.length - len, out, off + n - len, len);
    }

    private static PrivateKey x25519Private(byte[] scalar) throws Exception {
        return KeyFactory.getInstance("XDH").generatePrivate(new XECPrivateKeySpec(NamedParameterSpec.X25519, scalar));
    }

    private static boolean isZero(byte[] b) {
        for (byte x : b) {
            if (x != 0) {
                return false;
            }
        }
        return true;
    }

    private static TlsException assertIllegal(KeyExchange kx, byte[] share) {
        TlsException e = assertThrows(TlsException.class, () -> kx.sharedSecret(share));
        assertEquals(AlertDescription.ILLEGAL_PARAMETER, e.alert());
        return e;
    }
}
