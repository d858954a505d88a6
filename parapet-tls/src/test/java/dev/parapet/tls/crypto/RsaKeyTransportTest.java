package dev.parapet.tls.crypto;

import static dev.parapet.tls.crypto.CryptoTestSupport.cases;
import static dev.parapet.tls.crypto.CryptoTestSupport.hex;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parapet.tls.crypto.CryptoTestSupport.Case;
import java.math.BigInteger;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.crypto.Cipher;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class RsaKeyTransportTest {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static KeyPair rsa;

    @BeforeAll
    static void generate() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        rsa = g.generateKeyPair();
    }

    /** Wycheproof rsa_pkcs1_2048_test: every valid case recovers its exact message, every invalid one is refused. */
    @Test
    void wycheproofThroughConstantTimeUnpadding() throws Exception {
        List<String> failures = new ArrayList<>();
        int valid = 0;
        int invalid = 0;
        for (Case c : cases(CryptoTestSupport.wycheproof("rsa_pkcs1_2048_test.json"))) {
            PrivateKey key = KeyFactory.getInstance("RSA").generatePrivate(
                    new PKCS8EncodedKeySpec(hex(c.group().get("privateKeyPkcs8").getAsString())));
            BigInteger n = ((RSAPrivateKey) key).getModulus();
            int k = (n.bitLength() + 7) / 8;
            byte[] ct = c.bytes("ct");
            byte[] msg = c.bytes("msg");
            boolean expectValid = !"invalid".equals(c.result());
            // The decryption path itself: never throws, always 48 bytes, and (no case carries a TLS 1.2 PMS) never
            // returns the message.
            byte[] pms = RsaKeyTransport.decryptPreMasterSecret(key, ct, 0x0303, RANDOM);
            if (pms.length != 48 || Arrays.equals(pms, msg)) {
                failures.add(c + ": decryptPreMasterSecret returned " + pms.length + " bytes");
            }
            boolean wellFormed = ct.length == k && new BigInteger(1, ct).compareTo(n) < 0;
            int got = -1;
            byte[] out = new byte[k - 11];
            if (wellFormed) {
                Cipher raw = Cipher.getInstance("RSA/ECB/NoPadding");
                raw.init(Cipher.DECRYPT_MODE, key);
                byte[] em = raw.doFinal(ct);
                got = RsaKeyTransport.unpad(em, out);
            }
            if (expectValid) {
                valid++;
                if (got != msg.length || !Arrays.equals(Arrays.copyOf(out, got < 0 ? 0 : got), msg)) {
                    failures.add(c + ": expected the " + msg.length + "-byte message, got " + got);
                }
            } else {
                invalid++;
                if (got != -1) {
                    failures.add(c + ": invalid case accepted (" + got + " bytes)");
                }
            }
        }
        assertEquals(67, valid + invalid);
        assertTrue(valid > 0 && invalid > 0);
        assertTrue(failures.isEmpty(), String.join("\n", failures));
    }

    @Test
    void unpadHandlesEveryMessageLength() {
        SecureRandom r = new SecureRandom(new byte[] {1});
        int k = 64;
        for (int len = 0; len <= k - 11; len++) {
            byte[] em = new byte[k];
            em[1] = 2;
            for (int i = 2; i < k - len - 1; i++) {
                em[i] = (byte) (1 + r.nextInt(255));
            }
            byte[] msg = new byte[len];
            r.nextBytes(msg);
            System.arraycopy(msg, 0, em, k - len, len);
            byte[] out = new byte[k - 11];
            assertEquals(len, RsaKeyTransport.unpad(em, out), "length " + len);
            assertArrayEquals(msg, Arrays.copyOf(out, len));
            for (int i = len; i < out.length; i++) {
                assertEquals(0, out[i]);
            }
        }
        // Separator too early (PS of 7 bytes), no separator, wrong block type.
        byte[] em = new byte[k];
        Arrays.fill(em, (byte) 7);
        em[0] = 0;
        em[1] = 2;
        assertEquals(-1, RsaKeyTransport.unpad(em, new byte[k - 11]));
        em[9] = 0;
        assertEquals(-1, RsaKeyTransport.unpad(em, new byte[k - 11]));
        em[9] = 7;
        em[10] = 0;
        assertEquals(k - 11, RsaKeyTransport.unpad(em, new byte[k - 11]));
        em[1] = 1;
        assertEquals(-1, RsaKeyTransport.unpad(em, new byte[k - 11]));
    }

    @Test
    void validPreMasterSecretRoundTrips() throws Exception {
        for (int i = 0; i < 20; i++) {
            byte[] pms = RsaKeyTransport.newPreMasterSecret(0x0303, RANDOM);
            assertEquals(48, pms.length);
            assertEquals(3, pms[0]);
            assertEquals(3, pms[1]);
            byte[] ct = RsaKeyTransport.encryptPreMasterSecret(rsa.getPublic(), pms, RANDOM);
            assertArrayEquals(pms, RsaKeyTransport.decryptPreMasterSecret(rsa.getPrivate(), ct, 0x0303, RANDOM));
        }
    }

    @Test
    void everyMalformedCiphertextYieldsARandomSecretWithoutThrowing() throws Exception {
        byte[] pms = RsaKeyTransport.newPreMasterSecret(0x0303, RANDOM);
        RSAPublicKey pub = (RSAPublicKey) rsa.getPublic();
        int k = (pub.getModulus().bitLength() + 7) / 8;
        List<byte[]> bad = new ArrayList<>();
        // bad padding: block type 1, no zero separator, short PS, leading byte 1
        bad.add(rawEncrypt(pub, encoded(k, 1, 8, pms)));
        byte[] noSeparator = encoded(k, 2, 8, pms);
        noSeparator[k - 49] = 5;
        bad.add(rawEncrypt(pub, noSeparator));
        byte[] shortPs = encoded(k, 2, 8, pms);
        shortPs[5] = 0;
        bad.add(rawEncrypt(pub, shortPs));
        byte[] leading = encoded(k, 2, 8, pms);
        leading[0] = 1;
        bad.add(rawEncrypt(pub, leading));
        // wrong length: 47 and 49 byte messages that start like a PMS
        bad.add(RsaKeyTransport.encryptPreMasterSecret(pub, Arrays.copyOf(pms, 47), RANDOM));
        bad.add(RsaKeyTransport.encryptPreMasterSecret(pub, Arrays.copyOf(pms, 49), RANDOM));
        // wrong version
        byte[] v = pms.clone();
        v[1] = 1;
        bad.add(RsaKeyTransport.encryptPreMasterSecret(pub, v, RANDOM));
        byte[] v2 = pms.clone();
        v2[0] = 2;
        bad.add(RsaKeyTransport.encryptPreMasterSecret(pub, v2, RANDOM));
        // garbage of the right size, zero, the modulus itself, and wrong sizes
        byte[] garbage = new byte[k];
        RANDOM.nextBytes(garbage);
        garbage[0] &= 0x7f;
        bad.add(garbage);
        bad.add(new byte[k]);
        bad.add(toBytes(pub.getModulus(), k));
        bad.add(new byte[0]);
        bad.add(new byte[k - 1]);
        bad.add(new byte[k + 1]);
        byte[] good = RsaKeyTransport.encryptPreMasterSecret(pub, pms, RANDOM);
        bad.add(Arrays.copyOf(good, k + 1));
        byte[] prefixed = new byte[k + 1];
        System.arraycopy(good, 0, prefixed, 1, k);
        bad.add(prefixed);
        bad.add(Arrays.copyOf(good, k - 1));
        bad.add(null);
        for (int i = 0; i < bad.size(); i++) {
            byte[] a = RsaKeyTransport.decryptPreMasterSecret(rsa.getPrivate(), bad.get(i), 0x0303, RANDOM);
            byte[] b = RsaKeyTransport.decryptPreMasterSecret(rsa.getPrivate(), bad.get(i), 0x0303, RANDOM);
            assertEquals(48, a.length, "case " + i);
            assertFalse(Arrays.equals(pms, a), "case " + i);
            assertFalse(Arrays.equals(a, b), "case " + i + " must be fresh randomness each time");
            // RFC 5246, 7.4.7.1: the fallback carries the ClientHello version, like a real PMS
            assertEquals(3, a[0]);
            assertEquals(3, a[1]);
        }
        // The real one still works with the same key.
        assertArrayEquals(pms, RsaKeyTransport.decryptPreMasterSecret(rsa.getPrivate(), good, 0x0303, RANDOM));
        // ...and a different ClientHello version is a failure.
        assertFalse(Arrays.equals(pms,
                RsaKeyTransport.decryptPreMasterSecret(rsa.getPrivate(), good, 0x0302, RANDOM)));
    }

    @Test
    void encryptingToANonRsaKeyIsInternalError() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(256);
        dev.parapet.tls.TlsException e = org.junit.jupiter.api.Assertions.assertThrows(
                dev.parapet.tls.TlsException.class, () -> RsaKeyTransport.encryptPreMasterSecret(
                        g.generateKeyPair().getPublic(), new byte[48], RANDOM));
        assertEquals(dev.parapet.tls.AlertDescription.INTERNAL_ERROR, e.alert());
    }

    @Test
    void nonRsaKeyNeverThrows() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(256);
        byte[] out = RsaKeyTransport.decryptPreMasterSecret(g.generateKeyPair().getPrivate(), new byte[256],
                0x0303, RANDOM);
        assertEquals(48, out.length);
    }

    /** EM = 0x00 || type || PS (non-zero, k - 3 - 48 bytes) || 0x00 || pms. */
    private static byte[] encoded(int k, int type, int unusedMinPs, byte[] pms) {
        byte[] em = new byte[k];
        em[1] = (byte) type;
        for (int i = 2; i < k - 49; i++) {
            em[i] = (byte) (1 + RANDOM.nextInt(255));
        }
        System.arraycopy(pms, 0, em, k - 48, 48);
        return em;
    }

    private static byte[] rawEncrypt(RSAPublicKey pub, byte[] em) throws Exception {
        Cipher raw = Cipher.getInstance("RSA/ECB/NoPadding");
        raw.init(Cipher.ENCRYPT_MODE, pub);
        return raw.doFinal(em);
    }

    private static byte[] toBytes(BigInteger v, int k) {
        byte[] b = v.toByteArray();
        byte[] out = new byte[k];
        int n = Math.min(b.length, k);
        System.arraycopy(b, b.length - n, out, k - n, n);
        return out;
    }
}
