package dev.parapet.tls.crypto.p256;

import static dev.parapet.tls.crypto.CryptoTestSupport.cases;
import static dev.parapet.tls.crypto.CryptoTestSupport.hex;
import static dev.parapet.tls.crypto.CryptoTestSupport.wycheproof;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.parapet.tls.crypto.CryptoTestSupport.Case;
import java.math.BigInteger;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Every vector of Wycheproof's P-256 ECDH and ECDSA/SHA-256 (DER and P1363) files; each signature through both
 * verification paths (plain, and under a {@link P256.PrecomputedKey}), which must agree with the vector and each
 * other.
 */
class P256WycheproofTest {
    /** Precomputed keys by their encoded point: Wycheproof groups many signatures under one key. */
    private final Map<String, P256.PrecomputedKey> keys = new HashMap<>();

    /** SubjectPublicKeyInfo prefix for id-ecPublicKey on prime256v1 with a 65-byte uncompressed point (RFC 5480). */
    private static final byte[] SPKI_PREFIX = hex("3059301306072a8648ce3d020106082a8648ce3d030107034200");

    /** The uncompressed point of a named-curve P-256 SPKI in exactly that form, or null for any other encoding. */
    private static byte[] pointFromSpki(byte[] spki) {
        if (spki.length != SPKI_PREFIX.length + 65
                || !Arrays.equals(Arrays.copyOf(spki, SPKI_PREFIX.length), SPKI_PREFIX)) {
            return null;
        }
        return Arrays.copyOfRange(spki, SPKI_PREFIX.length, spki.length);
    }

    /** A Wycheproof private key (minimal big-endian, maybe with a leading 00) as 32 bytes. */
    private static byte[] scalar32(byte[] raw) {
        byte[] b = new BigInteger(1, raw).toByteArray();
        byte[] out = new byte[32];
        int n = Math.min(b.length, 32);
        System.arraycopy(b, b.length - n, out, 32 - n, n);
        return out;
    }

    @Test
    void ecdh() {
        List<Case> all = cases(wycheproof("ecdh_secp256r1_test.json"));
        int valid = 0;
        int refused = 0;
        for (Case c : all) {
            byte[] point = pointFromSpki(c.bytes("public"));
            byte[] d = scalar32(c.bytes("private"));
            byte[] shared = null;
            if (point != null) {
                try {
                    shared = P256.sharedSecret(d, point);
                } catch (IllegalArgumentException e) {
                    shared = null;
                }
            }
            switch (c.result()) {
                case "valid" -> {
                    if (shared == null) {
                        fail("valid vector refused: " + c);
                    }
                    assertArrayEquals(c.bytes("shared"), shared, c.toString());
                    valid++;
                }
                case "invalid" -> {
                    if (shared != null) {
                        fail("invalid vector accepted: " + c);
                    }
                    refused++;
                }
                // Acceptable: alternative SPKI encodings (refused here) or compressed points (refused).
                default -> {
                    if (shared != null) {
                        assertArrayEquals(c.bytes("shared"), shared, c.toString());
                    }
                }
            }
        }
        assertEquals(612, all.size());
        assertEquals(330, valid);
        assertTrue(refused > 50);
    }

    @Test
    void ecdsaDer() throws Exception {
        List<Case> all = cases(wycheproof("ecdsa_secp256r1_sha256_test.json"));
        for (Case c : all) {
            byte[] rs = P256.fromDer(c.bytes("sig"));
            check(c, rs != null && verify(c, rs));
            if (rs != null && c.result().equals("valid")) {
                // Valid DER signatures are minimal, so re-encoding gives them back.
                assertArrayEquals(c.bytes("sig"), P256.toDer(rs), c.toString());
            }
        }
        assertEquals(484, all.size());
    }

    @Test
    void ecdsaP1363() throws Exception {
        List<Case> all = cases(wycheproof("ecdsa_secp256r1_sha256_p1363_test.json"));
        for (Case c : all) {
            check(c, verify(c, c.bytes("sig")));
        }
        assertEquals(262, all.size());
    }

    private boolean verify(Case c, byte[] rs) throws Exception {
        String point = c.group().getAsJsonObject("publicKey").get("uncompressed").getAsString();
        byte[] q = hex(point);
        byte[] hash = MessageDigest.getInstance("SHA-256").digest(c.bytes("msg"));
        boolean plain = P256.verify(q, hash, rs);
        P256.PrecomputedKey key = keys.computeIfAbsent(point, k -> P256.precompute(q));
        assertEquals(plain, P256.verify(key, hash, rs), c.toString());
        return plain;
    }

    private static void check(Case c, boolean ok) {
        switch (c.result()) {
            case "valid" -> assertTrue(ok, c.toString());
            case "invalid" -> assertFalse(ok, c.toString());
            default -> { } // acceptable: either answer
        }
    }
}
