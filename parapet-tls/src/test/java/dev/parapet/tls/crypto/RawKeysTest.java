package dev.parapet.tls.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.interfaces.ECPrivateKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The raw forms agree with the JCA's own encodings. */
class RawKeysTest {

    @Test
    void ecKeysAndSignatures() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        byte[] message = "hello".getBytes();
        for (int i = 0; i < 50; i++) {
            KeyPair keys = g.generateKeyPair();
            byte[] scalar = RawKeys.ecPrivateScalar(keys.getPrivate());
            assertEquals(32, scalar.length);
            assertEquals(((ECPrivateKey) keys.getPrivate()).getS(), new BigInteger(1, scalar));
            byte[] point = RawKeys.ecPublicPoint(keys.getPublic());
            assertArrayEquals(KeyExchange.fromKeys(NamedGroup.SECP256R1, keys.getPrivate(), keys.getPublic())
                    .publicKeyShare(), point);

            // DER from the JCA -> r || s that the JCA's P1363 form verifies, and back to the same DER
            Signature der = Signature.getInstance("SHA256withECDSA");
            der.initSign(keys.getPrivate());
            der.update(message);
            byte[] derSig = der.sign();
            byte[] raw = RawKeys.ecdsaDerToRaw(derSig, 32);
            Signature p1363 = Signature.getInstance("SHA256withECDSAinP1363Format");
            p1363.initVerify(keys.getPublic());
            p1363.update(message);
            assertTrue(p1363.verify(raw));
            assertArrayEquals(derSig, RawKeys.ecdsaRawToDer(raw));
        }
    }

    @Test
    void nonCanonicalDerIsRefused() {
        byte[] raw = new byte[64];
        raw[31] = 1;
        raw[63] = 2;
        byte[] der = RawKeys.ecdsaRawToDer(raw);
        assertArrayEquals(new byte[] {0x30, 6, 2, 1, 1, 2, 1, 2}, der);
        assertArrayEquals(raw, RawKeys.ecdsaDerToRaw(der, 32));
        byte[] padded = {0x30, 7, 2, 2, 0, 1, 2, 1, 2};
        assertNull(RawKeys.ecdsaDerToRaw(padded, 32));
        assertNull(RawKeys.ecdsaDerToRaw(Arrays.copyOf(der, 9), 32));
        byte[] big = new byte[66];
        big[0] = 1;
        assertNull(RawKeys.ecdsaDerToRaw(RawKeys.ecdsaRawToDer(big), 32));
    }

    @Test
    void ed25519Keys() throws Exception {
        for (int i = 0; i < 20; i++) {
            KeyPair keys = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
            byte[] spki = keys.getPublic().getEncoded();
            byte[] pkcs8 = keys.getPrivate().getEncoded();
            // RFC 8410: the key is the last 32 bytes of both encodings
            assertArrayEquals(Arrays.copyOfRange(spki, spki.length - 32, spki.length),
                    RawKeys.ed25519PublicKey(keys.getPublic()));
            assertArrayEquals(Arrays.copyOfRange(pkcs8, pkcs8.length - 32, pkcs8.length),
                    RawKeys.ed25519PrivateKey(keys.getPrivate()));
        }
    }
}
