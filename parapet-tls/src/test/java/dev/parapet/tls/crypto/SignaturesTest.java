package dev.parapet.tls.crypto;

import static dev.parapet.tls.crypto.CryptoTestSupport.cases;
import static dev.parapet.tls.crypto.CryptoTestSupport.hex;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parapet.tls.AlertDescription;
import dev.parapet.tls.TlsException;
import dev.parapet.tls.crypto.CryptoTestSupport.Case;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

class SignaturesTest {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Map<String, KeyPair> KEYS = new java.util.HashMap<>();

    @BeforeAll
    static void generateKeys() throws Exception {
        KEYS.put("rsa", generator("RSA", null, 2048).generateKeyPair());
        KEYS.put("pss", generator("RSASSA-PSS", null, 2048).generateKeyPair());
        KEYS.put("p256", generator("EC", "secp256r1", 0).generateKeyPair());
        KEYS.put("p384", generator("EC", "secp384r1", 0).generateKeyPair());
        KEYS.put("p521", generator("EC", "secp521r1", 0).generateKeyPair());
        KEYS.put("ed25519", generator("Ed25519", null, 0).generateKeyPair());
    }

    private static KeyPairGenerator generator(String algorithm, String curve, int bits) throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance(algorithm);
        if (curve != null) {
            g.initialize(new ECGenParameterSpec(curve));
        } else if (bits > 0) {
            g.initialize(bits);
        }
        return g;
    }

    private static String keyFor(SignatureScheme scheme) {
        switch (scheme) {
            case ECDSA_SECP256R1_SHA256: return "p256";
            case ECDSA_SECP384R1_SHA384: return "p384";
            case ECDSA_SECP521R1_SHA512: return "p521";
            case ECDSA_SHA1: return "p256";
            case ED25519: return "ed25519";
            case RSA_PSS_PSS_SHA256: case RSA_PSS_PSS_SHA384: case RSA_PSS_PSS_SHA512: return "pss";
            default: return "rsa";
        }
    }

    @ParameterizedTest
    @EnumSource(SignatureScheme.class)
    void signVerifyRoundTripAndTampering(SignatureScheme scheme) throws Exception {
        KeyPair pair = KEYS.get(keyFor(scheme));
        byte[] message = Signatures.certificateVerifyContent(true, new byte[32]);
        byte[] sig = Signatures.sign(scheme, pair.getPrivate(), message, RANDOM);
        assertTrue(Signatures.verify(scheme, pair.getPublic(), message, sig));
        byte[] tamperedMessage = message.clone();
        tamperedMessage[100] ^= 1;
        assertFalse(Signatures.verify(scheme, pair.getPublic(), tamperedMessage, sig));
        byte[] tamperedSig = sig.clone();
        tamperedSig[sig.length / 2] ^= 1;
        assertFalse(Signatures.verify(scheme, pair.getPublic(), message, tamperedSig));
        assertFalse(Signatures.verify(scheme, pair.getPublic(), message, new byte[0]));
        assertFalse(Signatures.verify(scheme, pair.getPublic(), message, null));
        assertFalse(Signatures.verify(scheme, null, message, sig));
    }

    @Test
    void keyMatchesMatrix() {
        for (SignatureScheme scheme : SignatureScheme.values()) {
            for (Map.Entry<String, KeyPair> e : KEYS.entrySet()) {
                // ecdsa_sha1 names no curve: every EC key fits it
                boolean expected = scheme == SignatureScheme.ECDSA_SHA1 ? e.getKey().matches("p\\d+")
                        : e.getKey().equals(keyFor(scheme));
                assertEquals(expected, Signatures.keyMatches(scheme, e.getValue().getPublic()), scheme + "/" + e.getKey());
                assertEquals(expected, Signatures.keyMatches(scheme, e.getValue().getPrivate()), scheme + "/" + e.getKey());
            }
        }
        assertFalse(Signatures.keyMatches(SignatureScheme.ED25519, null));
    }

    @Test
    void signingWithAMismatchedKeyIsInternalError() {
        TlsException e = assertThrows(TlsException.class, () -> Signatures.sign(SignatureScheme.ECDSA_SECP384R1_SHA384,
                KEYS.get("rsa").getPrivate(), new byte[1], RANDOM));
        assertEquals(AlertDescription.INTERNAL_ERROR, e.alert());
    }

    /** RFC 8446, 4.4.3: 64 spaces, the context string, a zero byte, the transcript hash. */
    @Test
    void certificateVerifyContent() {
        byte[] hash = new byte[32];
        hash[0] = 9;
        byte[] server = Signatures.certificateVerifyContent(true, hash);
        assertEquals(64 + 33 + 1 + 32, server.length);
        for (int i = 0; i < 64; i++) {
            assertEquals(0x20, server[i]);
        }
        assertEquals("TLS 1.3, server CertificateVerify", new String(server, 64, 33, StandardCharsets.US_ASCII));
        assertEquals(0, server[97]);
        assertEquals(9, server[98]);
        byte[] client = Signatures.certificateVerifyContent(false, hash);
        assertEquals("TLS 1.3, client CertificateVerify", new String(client, 64, 33, StandardCharsets.US_ASCII));
    }

    @Test
    void strictDer() {
        assertTrue(Signatures.isCanonicalEcdsaDer(hex("3006020101020101")));
        assertTrue(Signatures.isCanonicalEcdsaDer(hex("300702020080020101")));
        assertFalse(Signatures.isCanonicalEcdsaDer(hex("30070202000102010101"))); // trailing garbage
        assertFalse(Signatures.isCanonicalEcdsaDer(hex("300702020001020101"))); // redundant leading zero
        assertFalse(Signatures.isCanonicalEcdsaDer(hex("3006020180020101"))); // negative r
        assertFalse(Signatures.isCanonicalEcdsaDer(hex("308106020101020101"))); // long-form length < 128
        assertFalse(Signatures.isCanonicalEcdsaDer(hex("3005020101020101"))); // bad outer length
        assertFalse(Signatures.isCanonicalEcdsaDer(hex("30050200020101"))); // empty INTEGER
        assertFalse(Signatures.isCanonicalEcdsaDer(hex("")));
    }

    /**
     * JDK 17's SunEC refuses valid ECDSA signatures whose k*G has an x-coordinate >= n (r = x mod n); a false
     * negative the JDK owns, not a forgery. Wycheproof flags them "k*G has a large x-coordinate" or "x = n + r ... with a reduction".
     */
    private static boolean isJdkLargeXLimitation(Case c) {
        String comment = c.test().get("comment").getAsString();
        return comment.contains("k*G has a large x-coordinate") || comment.contains("possible x with a reduction");
    }

    @ParameterizedTest
    @CsvSource({
        "ecdsa_secp256r1_sha256_test.json, ECDSA_SECP256R1_SHA256, EC",
        "ecdsa_secp384r1_sha384_test.json, ECDSA_SECP384R1_SHA384, EC",
        "ed25519_test.json, ED25519, Ed25519",
        "rsa_pss_2048_sha256_mgf1_32_test.json, RSA_PSS_RSAE_SHA256, RSA",
        "rsa_signature_2048_sha256_test.json, RSA_PKCS1_SHA256, RSA"})
    void wycheproof(String file, SignatureScheme scheme, String keyAlgorithm) throws Exception {
        KeyFactory factory = KeyFactory.getInstance(keyAlgorithm);
        int run = 0;
        int valid = 0;
        int jdkRefusedValid = 0;
        for (Case c : cases(CryptoTestSupport.wycheproof(file))) {
            PublicKey key = factory.generatePublic(new X509EncodedKeySpec(hex(c.group().get("publicKeyDer").getAsString())));
            boolean ok = Signatures.verify(scheme, key, c.bytes("msg"), c.bytes("sig"));
            if (c.result().equals("valid") && !ok && isJdkLargeXLimitation(c)) {
                jdkRefusedValid++;
            } else if (c.result().equals("valid")) {
                assertTrue(ok, "valid signature refused: " + c);
                valid++;
            } else if (c.result().equals("invalid")) {
                assertFalse(ok, "invalid signature accepted: " + c);
            }
            run++;
        }
        System.out.printf("%s: %d run (%d valid verified, %d valid refused by the JDK)%n", file, run, valid,
                jdkRefusedValid);
        assertTrue(jdkRefusedValid <= 4, "JDK refusals: " + jdkRefusedValid);
        assertTrue(run > 100 && valid > 0, "cases run: " + run);
    }


    /** TLS 1.2: ECDSA schemes name only the hash, so any curve fits; the rest match as in TLS 1.3. */
    @Test
    void keyMatchesTls12Matrix() {
        for (SignatureScheme scheme : SignatureScheme.values()) {
            for (Map.Entry<String, KeyPair> e : KEYS.entrySet()) {
                boolean expected = scheme.rfcName().startsWith("ecdsa_") ? e.getKey().matches("p\\d+")
                        : e.getKey().equals(keyFor(scheme));
                assertEquals(expected, Signatures.keyMatchesTls12(scheme, e.getValue().getPublic()),
                        scheme + "/" + e.getKey());
                assertEquals(expected, Signatures.keyMatchesTls12(scheme, e.getValue().getPrivate()),
                        scheme + "/" + e.getKey());
            }
        }
        assertFalse(Signatures.keyMatchesTls12(SignatureScheme.ECDSA_SHA1, null));
        assertFalse(Signatures.keyMatchesTls12(null, KEYS.get("p256").getPublic()));
    }

    /**
     * A P-384 key signing with ecdsa_secp256r1_sha256 is fine in TLS 1.2; in TLS 1.3 keyMatches (checked first by
     * the handshake) refuses the pair.
     */
    @Test
    void tls12EcdsaAcceptsAnyCurve() throws Exception {
        byte[] message = "ServerKeyExchange params".getBytes(StandardCharsets.US_ASCII);
        for (String curve : new String[] {"p256", "p384", "p521"}) {
            KeyPair pair = KEYS.get(curve);
            for (SignatureScheme scheme : new SignatureScheme[] {SignatureScheme.ECDSA_SECP256R1_SHA256,
                    SignatureScheme.ECDSA_SECP384R1_SHA384, SignatureScheme.ECDSA_SECP521R1_SHA512,
                    SignatureScheme.ECDSA_SHA1}) {
                byte[] sig = Signatures.sign(scheme, pair.getPrivate(), message, RANDOM);
                assertTrue(Signatures.verify(scheme, pair.getPublic(), message, sig), scheme + "/" + curve);
                byte[] tampered = message.clone();
                tampered[0] ^= 1;
                assertFalse(Signatures.verify(scheme, pair.getPublic(), tampered, sig));
            }
        }
        assertFalse(Signatures.keyMatches(SignatureScheme.ECDSA_SECP256R1_SHA256, KEYS.get("p384").getPublic()));
        assertTrue(Signatures.keyMatchesTls12(SignatureScheme.ECDSA_SECP256R1_SHA256, KEYS.get("p384").getPublic()));
        assertThrows(TlsException.class, () -> Signatures.sign(SignatureScheme.ECDSA_SECP256R1_SHA256,
                KEYS.get("rsa").getPrivate(), message, RANDOM));
        assertThrows(TlsException.class, () -> Signatures.sign(SignatureScheme.RSA_PKCS1_SHA1,
                KEYS.get("p256").getPrivate(), message, RANDOM));
    }

    /** The SHA-1 schemes produce what the JDK's SHA1withRSA / SHA1withECDSA verify, and the other way round. */
    @Test
    void sha1SchemesMatchTheJca() throws Exception {
        byte[] message = "legacy".getBytes(StandardCharsets.US_ASCII);
        KeyPair rsa = KEYS.get("rsa");
        byte[] ours = Signatures.sign(SignatureScheme.RSA_PKCS1_SHA1, rsa.getPrivate(), message, RANDOM);
        java.security.Signature jca = java.security.Signature.getInstance("SHA1withRSA");
        jca.initVerify(rsa.getPublic());
        jca.update(message);
        assertTrue(jca.verify(ours));
        KeyPair ec = KEYS.get("p384");
        java.security.Signature signer = java.security.Signature.getInstance("SHA1withECDSA");
        signer.initSign(ec.getPrivate());
        signer.update(message);
        byte[] theirs = signer.sign();
        assertTrue(Signatures.verify(SignatureScheme.ECDSA_SHA1, ec.getPublic(), message, theirs));
        assertFalse(Signatures.verify(SignatureScheme.RSA_PKCS1_SHA1, rsa.getPublic(), message, theirs));
        assertFalse(SignatureScheme.RSA_PKCS1_SHA1.allowedInTls13Handshake());
        assertFalse(SignatureScheme.ECDSA_SHA1.allowedInTls13Handshake());
    }
}
