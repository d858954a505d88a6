package dev.parapet.tls.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.spec.ECGenParameterSpec;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The peer-key verifier cache: same answers as the provider, tables made on a key's second sighting, bounded. */
class VerifierCacheTest {
    private static final SignatureScheme P256 = SignatureScheme.ECDSA_SECP256R1_SHA256;
    private static final byte[] MESSAGE = "CertificateVerify content".getBytes(StandardCharsets.US_ASCII);
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final List<KeyPair> KEYS = new ArrayList<>();
    private static final List<byte[]> SIGNATURES = new ArrayList<>();

    @BeforeAll
    static void keys() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        for (int i = 0; i < 12; i++) {
            KeyPair k = g.generateKeyPair();
            KEYS.add(k);
            SIGNATURES.add(CryptoProvider.jca().sign(P256, k.getPrivate(), MESSAGE, RANDOM));
        }
    }

    private static boolean verify(VerifierCache cache, CryptoProvider crypto, int key) {
        return cache.verify(crypto, P256, KEYS.get(key).getPublic(), MESSAGE, SIGNATURES.get(key));
    }

    @Test
    void madeOnTheSecondSightingThenUsed() {
        RecordingCryptoProvider crypto = RecordingCryptoProvider.of(CryptoProvider.parapet());
        VerifierCache cache = new VerifierCache(4);
        assertTrue(verify(cache, crypto, 0));
        assertEquals(0, cache.size());
        assertTrue(verify(cache, crypto, 0));
        assertEquals(1, cache.size());
        assertTrue(verify(cache, crypto, 0));
        assertEquals(List.of(P256), crypto.verifiersMade);
        assertEquals(3, crypto.verified.size()); // plain, then the made verifier twice
    }

    @Test
    void aKeptVerifierStillRefusesBadSignatures() {
        VerifierCache cache = new VerifierCache(4);
        CryptoProvider crypto = CryptoProvider.parapet();
        verify(cache, crypto, 0);
        verify(cache, crypto, 0);
        assertEquals(1, cache.size());
        byte[] tampered = SIGNATURES.get(0).clone();
        tampered[tampered.length - 1] ^= 1;
        assertFalse(cache.verify(crypto, P256, KEYS.get(0).getPublic(), MESSAGE, tampered));
        assertFalse(cache.verify(crypto, P256, KEYS.get(0).getPublic(), "other".getBytes(StandardCharsets.US_ASCII),
                SIGNATURES.get(0)));
        // key 1's signature under key 0's kept verifier, and key 0's under key 1 (not kept)
        assertFalse(cache.verify(crypto, P256, KEYS.get(0).getPublic(), MESSAGE, SIGNATURES.get(1)));
        assertFalse(cache.verify(crypto, P256, KEYS.get(1).getPublic(), MESSAGE, SIGNATURES.get(0)));
        assertFalse(cache.verify(crypto, P256, KEYS.get(0).getPublic(), MESSAGE, new byte[0]));
    }

    @Test
    void boundedAndBusyEntriesAreNotEvicted() {
        RecordingCryptoProvider crypto = RecordingCryptoProvider.of(CryptoProvider.parapet());
        VerifierCache cache = new VerifierCache(2);
        // more keys than room, each used over and over in turn: after the first two tables, the entries are never
        // idle long enough (4 * capacity verifications) to give way, so no more tables are built
        for (int round = 0; round < 20; round++) {
            for (int key = 0; key < 5; key++) {
                assertTrue(verify(cache, crypto, key));
            }
        }
        assertEquals(2, cache.size());
        assertEquals(2, crypto.verifiersMade.size());
    }

    @Test
    void anIdleEntryGivesWayToAKeyInUse() {
        RecordingCryptoProvider crypto = RecordingCryptoProvider.of(CryptoProvider.parapet());
        VerifierCache cache = new VerifierCache(1);
        verify(cache, crypto, 0);
        verify(cache, crypto, 0);
        for (int i = 0; i < 6; i++) { // key 0 idle for more than 4 * capacity verifications
            assertTrue(verify(cache, crypto, 1));
        }
        assertEquals(2, crypto.verifiersMade.size());
        int before = crypto.verified.size();
        verify(cache, crypto, 1);
        assertEquals(before + 1, crypto.verified.size());
        assertEquals(1, cache.size());
    }

    @Test
    void offWithCapacityZeroAndForSchemesWithoutPrecomputation() throws Exception {
        RecordingCryptoProvider crypto = RecordingCryptoProvider.of(CryptoProvider.parapet());
        VerifierCache off = new VerifierCache(0);
        for (int i = 0; i < 3; i++) {
            assertTrue(verify(off, crypto, 0));
        }
        assertSame(crypto, off.wrap(crypto));
        VerifierCache cache = new VerifierCache(4);
        KeyPair ed = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        byte[] sig = CryptoProvider.jca().sign(SignatureScheme.ED25519, ed.getPrivate(), MESSAGE, RANDOM);
        for (int i = 0; i < 3; i++) {
            assertTrue(cache.verify(crypto, SignatureScheme.ED25519, ed.getPublic(), MESSAGE, sig));
        }
        RecordingCryptoProvider jca = RecordingCryptoProvider.of(CryptoProvider.jca());
        for (int i = 0; i < 3; i++) {
            assertTrue(verify(cache, jca, 0));
        }
        assertEquals(0, cache.size());
        assertEquals(List.of(), crypto.verifiersMade);
        assertEquals(List.of(), jca.verifiersMade);
        assertThrows(IllegalArgumentException.class, () -> new VerifierCache(-1));
    }

    @Test
    void wrappedProviderVerifiesThroughTheCache() {
        VerifierCache cache = new VerifierCache(4);
        CryptoProvider wrapped = cache.wrap(CryptoProvider.parapet());
        for (int i = 0; i < 2; i++) {
            assertTrue(wrapped.verify(P256, KEYS.get(3).getPublic(), MESSAGE, SIGNATURES.get(3)));
        }
        assertEquals(1, cache.size());
        assertEquals(CryptoProvider.parapet().name(), wrapped.name());
        assertTrue(wrapped.precomputes(P256));
    }
}
