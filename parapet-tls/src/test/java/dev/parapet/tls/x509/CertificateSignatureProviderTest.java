package dev.parapet.tls.x509;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parapet.tls.TlsException;
import dev.parapet.tls.crypto.CryptoProvider;
import dev.parapet.tls.crypto.RecordingCryptoProvider;
import dev.parapet.tls.crypto.SignatureScheme;
import dev.parapet.tls.testing.TestPki;
import dev.parapet.tls.testing.TestPki.KeyType;
import java.security.cert.X509Certificate;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Certificate signatures that TLS 1.3 also uses (ECDSA P-256, Ed25519) are checked by the verifier's provider. */
class CertificateSignatureProviderTest {
    @Test
    void ecdsaP256ChainSignaturesGoThroughTheProvider() throws TlsException {
        TestPki pki = TestPki.create(KeyType.ECDSA_P256);
        CertifiedKey leaf = pki.issueWithIntermediate(KeyType.ECDSA_P256, "server.test");
        for (CryptoProvider p : List.of(CryptoProvider.parapet(), CryptoProvider.jca())) {
            RecordingCryptoProvider recording = RecordingCryptoProvider.of(p);
            ParapetCertificateVerifier verifier = ParapetCertificateVerifier.builder()
                    .trustAnchors(pki.trustAnchors()).cryptoProvider(recording).build();
            verifier.verify(leaf.chain(), "server.test");
            assertEquals(List.of(SignatureScheme.ECDSA_SECP256R1_SHA256, SignatureScheme.ECDSA_SECP256R1_SHA256),
                    recording.verified, "leaf and intermediate signatures, " + p.name());
        }
    }

    @Test
    void aChainFromAnotherCaIsRefusedUnderTheParapetProvider() {
        TestPki pki = TestPki.create(KeyType.ECDSA_P256);
        TestPki other = TestPki.create(KeyType.ECDSA_P256);
        CertifiedKey foreign = other.issue(KeyType.ECDSA_P256, "server.test");
        ParapetCertificateVerifier verifier = ParapetCertificateVerifier.builder()
                .trustAnchors(pki.trustAnchors()).cryptoProvider(CryptoProvider.parapet()).build();
        TlsException e = assertThrows(TlsException.class, () -> verifier.verify(foreign.chain(), "server.test"));
        assertTrue(e.alert() != null, e.getMessage());
    }

    @Test
    void anAnchorsKeyIsMadeReadyOnceAndKeptForLaterChains() throws TlsException {
        TestPki pki = TestPki.create(KeyType.ECDSA_P256);
        RecordingCryptoProvider recording = RecordingCryptoProvider.of(CryptoProvider.parapet());
        ParapetCertificateVerifier verifier = ParapetCertificateVerifier.builder()
                .trustAnchors(pki.trustAnchors()).cryptoProvider(recording).build();
        for (int i = 0; i < 3; i++) {
            verifier.verify(pki.issue(KeyType.ECDSA_P256, "server.test").chain(), "server.test");
        }
        assertEquals(List.of(SignatureScheme.ECDSA_SECP256R1_SHA256), recording.verifiersMade);
        assertEquals(3, recording.verified.size());

        // The kept verifier still refuses a certificate that names the anchor as issuer but another key signed.
        CertifiedKey impostor = new CertifiedKey(pki.ca().chain(), TestPki.ecKey().getPrivate());
        X509Certificate forged = TestPki.cert("CN=server.test").dns("server.test").issuer(impostor).build().leaf();
        TlsException e = assertThrows(TlsException.class, () -> verifier.verify(List.of(forged), "server.test"));
        assertTrue(e.getMessage().contains("does not verify"), e.getMessage());
        assertEquals(List.of(SignatureScheme.ECDSA_SECP256R1_SHA256), recording.verifiersMade);
        assertEquals(4, recording.verified.size());
    }
}
