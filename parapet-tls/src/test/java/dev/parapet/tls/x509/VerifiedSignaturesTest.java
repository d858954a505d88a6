package dev.parapet.tls.x509;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parapet.tls.TlsException;
import dev.parapet.tls.crypto.CryptoProvider;
import dev.parapet.tls.crypto.RecordingCryptoProvider;
import dev.parapet.tls.testing.MovableClock;
import dev.parapet.tls.testing.TestPki;
import dev.parapet.tls.testing.TestPki.KeyType;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A verifier checks a certificate's signature once, and every other property of the chain every time. */
class VerifiedSignaturesTest {
    private static final String HOST = "server.test";

    private static ParapetCertificateVerifier verifier(TestPki pki, CryptoProvider crypto, int capacity,
                                                       Clock clock) {
        return ParapetCertificateVerifier.builder().trustAnchors(pki.trustAnchors()).cryptoProvider(crypto)
                .verifiedSignatureCapacity(capacity).clock(clock).build();
    }

    @Test
    void aChainSeenAgainCostsNoSignatureCheck() throws TlsException {
        TestPki pki = TestPki.create(KeyType.ECDSA_P256);
        CertifiedKey leaf = pki.issueWithIntermediate(KeyType.ECDSA_P256, HOST);
        for (CryptoProvider p : List.of(CryptoProvider.parapet(), CryptoProvider.jca())) {
            RecordingCryptoProvider recording = RecordingCryptoProvider.of(p);
            ParapetCertificateVerifier verifier = verifier(pki, recording, 64, Clock.systemUTC());
            for (int i = 0; i < 3; i++) {
                verifier.verify(leaf.chain(), HOST);
            }
            assertEquals(2, recording.verified.size(), "leaf and intermediate checked once, " + p.name());

            RecordingCryptoProvider off = RecordingCryptoProvider.of(p);
            ParapetCertificateVerifier without = verifier(pki, off, 0, Clock.systemUTC());
            for (int i = 0; i < 3; i++) {
                without.verify(leaf.chain(), HOST);
            }
            assertEquals(6, off.verified.size(), "capacity 0 checks every time, " + p.name());
        }
    }

    @Test
    void aForgedSignatureIsCheckedEveryTimeAndNeverRemembered() {
        TestPki pki = TestPki.create(KeyType.ECDSA_P256);
        CertifiedKey impostor = new CertifiedKey(pki.ca().chain(), TestPki.ecKey().getPrivate());
        X509Certificate forged = TestPki.cert("CN=" + HOST).dns(HOST).issuer(impostor).build().leaf();
        RecordingCryptoProvider recording = RecordingCryptoProvider.of(CryptoProvider.parapet());
        ParapetCertificateVerifier verifier = verifier(pki, recording, 64, Clock.systemUTC());
        for (int i = 1; i <= 3; i++) {
            TlsException e = assertThrows(TlsException.class, () -> verifier.verify(List.of(forged), HOST));
            assertTrue(e.getMessage().contains("does not verify"), e.getMessage());
            assertEquals(i, recording.verified.size());
        }
    }

    @Test
    void aRememberedChainIsStillCheckedForNameAndDates() throws TlsException {
        TestPki pki = TestPki.create(KeyType.ECDSA_P256);
        CertifiedKey leaf = pki.issue(KeyType.ECDSA_P256, HOST);
        MovableClock clock = new MovableClock(Instant.now());
        RecordingCryptoProvider recording = RecordingCryptoProvider.of(CryptoProvider.jca());
        ParapetCertificateVerifier verifier = verifier(pki, recording, 64, clock);
        verifier.verify(leaf.chain(), HOST);

        TlsException name = assertThrows(TlsException.class, () -> verifier.verify(leaf.chain(), "other.test"));
        assertTrue(name.getMessage().contains("name mismatch"), name.getMessage());

        clock.set(leaf.leaf().getNotAfter().toInstant().plus(Duration.ofDays(1)));
        TlsException expired = assertThrows(TlsException.class, () -> verifier.verify(leaf.chain(), HOST));
        assertTrue(expired.getMessage().contains("expired"), expired.getMessage());
        assertEquals(1, recording.verified.size(), "the signature itself was checked once");
    }

    @Test
    void anEntryStandsForOneCertificateUnderOneKey() {
        byte[] keyA = {1, 2, 3};
        byte[] keyB = {1, 2, 4};
        byte[] cert = {9, 8, 7, 6};
        assertEquals(VerifiedSignatures.digest(keyA, cert), VerifiedSignatures.digest(keyA.clone(), cert.clone()));
        assertNotEquals(VerifiedSignatures.digest(keyA, cert), VerifiedSignatures.digest(keyB, cert));
        assertNotEquals(VerifiedSignatures.digest(keyA, cert), VerifiedSignatures.digest(keyA, new byte[] {9, 8, 7}));
        // the lengths go in too: moving a byte from the key to the certificate is another entry
        assertNotEquals(VerifiedSignatures.digest(new byte[] {1, 2}, new byte[] {3, 4}),
                VerifiedSignatures.digest(new byte[] {1}, new byte[] {2, 3, 4}));
    }

    @Test
    void theLeastRecentlyUsedEntryGoesFirst() {
        VerifiedSignatures kept = new VerifiedSignatures(2);
        VerifiedSignatures.Digest d1 = VerifiedSignatures.digest(new byte[] {1}, new byte[] {1});
        VerifiedSignatures.Digest d2 = VerifiedSignatures.digest(new byte[] {2}, new byte[] {2});
        VerifiedSignatures.Digest d3 = VerifiedSignatures.digest(new byte[] {3}, new byte[] {3});
        kept.add(d1);
        kept.add(d2);
        assertTrue(kept.contains(d1)); // d1 used: d2 is now the eldest
        kept.add(d3);
        assertEquals(2, kept.size());
        assertTrue(kept.contains(d1));
        assertFalse(kept.contains(d2));
        assertTrue(kept.contains(d3));

        VerifiedSignatures none = new VerifiedSignatures(0);
        none.add(d1);
        assertFalse(none.enabled());
        assertFalse(none.contains(d1));
        assertThrows(IllegalArgumentException.class, () -> new VerifiedSignatures(-1));
        assertThrows(IllegalArgumentException.class,
                () -> ParapetCertificateVerifier.builder().verifiedSignatureCapacity(-1));
    }
}
