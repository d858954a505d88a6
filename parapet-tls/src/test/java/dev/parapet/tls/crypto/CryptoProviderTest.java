package dev.parapet.tls.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parapet.tls.AlertDescription;
import dev.parapet.tls.TlsException;
import java.nio.ByteBuffer;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.spec.ECGenParameterSpec;
import java.util.List;
import org.junit.jupiter.api.Test;

class CryptoProviderTest {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final CipherSuite CHACHA = CipherSuite.TLS_CHACHA20_POLY1305_SHA256;

    @Test
    void jcaIsTheJcaForEveryAead() {
        for (CipherSuite suite : CipherSuite.values()) {
            if (suite.cipher().isAead()) {
                assertEquals("jca", CryptoProvider.jca().aead(suite, new byte[suite.keyLength()]).implementation());
            }
        }
        assertEquals("jca", CryptoProvider.jca().name());
    }

    /**
     * The rule: ours on the JDKs where it measured faster (17, and any JDK with the Vector API), the JCA's where the
     * JCA's did (25 without the Vector API).
     */
    @Test
    void parapetPicksChaChaByJdkVersion() {
        assertTrue(ParapetCryptoProvider.ourChaChaIsFaster(17, false));
        assertFalse(ParapetCryptoProvider.ourChaChaIsFaster(25, false));
        assertTrue(ParapetCryptoProvider.ourChaChaIsFaster(25, true));
        String expected = ParapetCryptoProvider.ourChaChaIsFaster(Runtime.version().feature(),
                dev.parapet.tls.crypto.chacha.ChaCha20Poly1305.vectorized()) ? "parapet" : "jca";
        assertEquals(expected, CryptoProvider.parapet().aead(CHACHA, new byte[32]).implementation());
        assertEquals("parapet", new ParapetCryptoProvider(true).aead(CHACHA, new byte[32]).implementation());
        assertEquals("jca", new ParapetCryptoProvider(false).aead(CHACHA, new byte[32]).implementation());
        assertEquals("jca", CryptoProvider.parapet().aead(CipherSuite.TLS_AES_128_GCM_SHA256, new byte[16])
                .implementation());
        assertThrows(IllegalArgumentException.class, () -> new ParapetCryptoProvider(true).aead(CHACHA, new byte[16]));
        assertSame(CryptoProvider.parapet(), CryptoProvider.parapet());
    }

    /** Ours seals what the JCA opens and the other way round, for every TLS ChaCha20-Poly1305 use. */
    @Test
    void oursAndTheJcasInteroperate() throws Exception {
        byte[] key = new byte[32];
        RANDOM.nextBytes(key);
        Aead ours = new ParapetCryptoProvider(true).aead(CHACHA, key);
        Aead jcaSealer = CryptoProvider.jca().aead(CHACHA, key);
        Aead jcaOpener = CryptoProvider.jca().aead(CHACHA, key);
        for (int length : new int[] {0, 1, 100, 1 << 14}) {
            byte[] msg = new byte[length];
            RANDOM.nextBytes(msg);
            byte[] nonce = new byte[12];
            RANDOM.nextBytes(nonce);
            byte[] aad = {23, 3, 3, 0, 1};
            byte[] a = AeadTest.seal(ours, nonce, aad, msg, true);
            byte[] b = AeadTest.seal(jcaSealer, nonce, aad, msg, false);
            assertArrayEquals(b, a);
            assertArrayEquals(msg, AeadTest.open(jcaOpener, nonce, aad, a, false));
            assertArrayEquals(msg, AeadTest.open(ours, nonce, aad, b, true));
        }
    }

    @Test
    void keyExchangesOfBothProvidersAgree() throws Exception {
        for (NamedGroup group : NamedGroup.values()) {
            KeyExchange a = CryptoProvider.parapet().generateKeyExchange(group, RANDOM);
            KeyExchange b = CryptoProvider.jca().generateKeyExchange(group, RANDOM);
            assertEquals(group, a.group());
            assertArrayEquals(a.sharedSecret(b.publicKeyShare()), b.sharedSecret(a.publicKeyShare()), group.toString());
        }
    }

    @Test
    void signaturesOfOneVerifyWithTheOther() throws Exception {
        byte[] message = "signed content".getBytes();
        for (Object[] c : List.of(new Object[] {SignatureScheme.ECDSA_SECP256R1_SHA256, ec("secp256r1")},
                new Object[] {SignatureScheme.ECDSA_SECP384R1_SHA384, ec("secp384r1")},
                new Object[] {SignatureScheme.ED25519, KeyPairGenerator.getInstance("Ed25519").generateKeyPair()})) {
            SignatureScheme scheme = (SignatureScheme) c[0];
            KeyPair keys = (KeyPair) c[1];
            for (CryptoProvider signer : List.of(CryptoProvider.parapet(), CryptoProvider.jca())) {
                byte[] sig = signer.sign(scheme, keys.getPrivate(), message, RANDOM);
                for (CryptoProvider verifier : List.of(CryptoProvider.parapet(), CryptoProvider.jca())) {
                    assertTrue(verifier.verify(scheme, keys.getPublic(), message, sig), scheme + " " + signer);
                    assertFalse(verifier.verify(scheme, keys.getPublic(), "other".getBytes(), sig));
                }
            }
        }
    }

    /** A kept verifier (precomputed for P-256 under parapet()) answers exactly as verify, for every scheme. */
    @Test
    void keptVerifiersAnswerAsVerify() throws Exception {
        KeyPair p256 = ec("secp256r1");
        for (Object[] c : List.of(new Object[] {SignatureScheme.ECDSA_SECP256R1_SHA256, p256},
                new Object[] {SignatureScheme.ECDSA_SECP384R1_SHA384, ec("secp384r1")},
                new Object[] {SignatureScheme.ED25519, KeyPairGenerator.getInstance("Ed25519").generateKeyPair()})) {
            SignatureScheme scheme = (SignatureScheme) c[0];
            KeyPair keys = (KeyPair) c[1];
            for (CryptoProvider provider : List.of(CryptoProvider.parapet(), CryptoProvider.jca())) {
                SignatureVerifier kept = provider.verifier(scheme, keys.getPublic());
                for (int i = 0; i < 20; i++) {
                    byte[] message = ("message " + i).getBytes();
                    byte[] sig = provider.sign(scheme, keys.getPrivate(), message, RANDOM);
                    assertTrue(kept.verify(message, sig), scheme + " " + provider.name());
                    assertFalse(kept.verify(("other " + i).getBytes(), sig), scheme + " " + provider.name());
                    byte[] flipped = sig.clone();
                    flipped[flipped.length - 1 - i % 8] ^= 1;
                    assertEquals(provider.verify(scheme, keys.getPublic(), message, flipped),
                            kept.verify(message, flipped), scheme + " " + provider.name());
                    assertFalse(kept.verify(message, new byte[0]));
                }
            }
        }
        // A P-256 key's verifier refuses signatures made with another key, and keys of other schemes refuse all.
        byte[] other = CryptoProvider.jca().sign(SignatureScheme.ECDSA_SECP256R1_SHA256, ec("secp256r1").getPrivate(),
                "m".getBytes(), RANDOM);
        assertFalse(CryptoProvider.parapet().verifier(SignatureScheme.ECDSA_SECP256R1_SHA256, p256.getPublic())
                .verify("m".getBytes(), other));
        assertFalse(CryptoProvider.parapet().verifier(SignatureScheme.ED25519, p256.getPublic())
                .verify("m".getBytes(), other));
    }

    /** The raw-key path our own curve code plugs into: length checks, refusals and the all-zero secret. */
    @Test
    void rawKeyExchange() throws Exception {
        byte[] share = new byte[32];
        share[0] = 9;
        KeyExchange.RawAgreement echo = (priv, peer) -> peer;
        KeyExchange k = KeyExchange.ofRawKeys(NamedGroup.X25519, new byte[32], share, echo);
        assertEquals("parapet", k.implementation());
        assertArrayEquals(share, k.publicKeyShare());
        assertArrayEquals(share, k.sharedSecret(share.clone()));
        assertEquals(AlertDescription.ILLEGAL_PARAMETER,
                assertThrows(TlsException.class, () -> k.sharedSecret(new byte[31])).alert());
        // RFC 7748, 6.1: the all-zero secret is refused
        assertEquals(AlertDescription.ILLEGAL_PARAMETER,
                assertThrows(TlsException.class, () -> k.sharedSecret(new byte[32])).alert());
        KeyExchange refusing = KeyExchange.ofRawKeys(NamedGroup.SECP256R1, new byte[32], p256Share(),
                (priv, peer) -> {
                    throw new java.security.InvalidKeyException("not on the curve");
                });
        assertEquals(AlertDescription.ILLEGAL_PARAMETER,
                assertThrows(TlsException.class, () -> refusing.sharedSecret(p256Share())).alert());
        byte[] compressed = p256Share();
        compressed[0] = 2;
        assertEquals(AlertDescription.ILLEGAL_PARAMETER,
                assertThrows(TlsException.class, () -> refusing.sharedSecret(compressed)).alert());
        assertThrows(IllegalArgumentException.class,
                () -> KeyExchange.ofRawKeys(NamedGroup.X25519, new byte[32], new byte[33], echo));
        assertEquals("jca", CryptoProvider.jca().generateKeyExchange(NamedGroup.X25519, RANDOM).implementation());
    }

    @Test
    void heapAndDirectBuffersThroughTheSeam() throws Exception {
        Aead ours = new ParapetCryptoProvider(true).aead(CHACHA, new byte[32]);
        ByteBuffer out = ByteBuffer.allocateDirect(64);
        ours.seal(new byte[12], ByteBuffer.allocate(0), ByteBuffer.wrap(new byte[10]), out);
        assertEquals(26, out.position());
    }

    private static byte[] p256Share() {
        byte[] share = new byte[65];
        share[0] = 4;
        return share;
    }

    private static KeyPair ec(String curve) throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec(curve));
        return g.generateKeyPair();
    }
}
