package dev.parapet.tls.x509;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parapet.tls.AlertDescription;
import dev.parapet.tls.TlsException;
import dev.parapet.tls.testing.TestPki;
import dev.parapet.tls.testing.TestPki.KeyType;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class PkixCertificateVerifierTest {
    private static TestPki pki;
    private static PkixCertificateVerifier verifier;

    @BeforeAll
    static void setUp() {
        pki = TestPki.create(KeyType.ECDSA_P256);
        verifier = new PkixCertificateVerifier(pki.trustAnchors());
    }

    private static TlsException fails(CertificateVerifier v, List<X509Certificate> chain, String name) {
        TlsException e = assertThrows(TlsException.class, () -> v.verify(chain, name));
        assertTrue(!e.getMessage().contains("\n"), e.getMessage());
        return e;
    }

    @ParameterizedTest
    @EnumSource(KeyType.class)
    void goodChainForEveryKeyType(KeyType type) throws Exception {
        TestPki typed = TestPki.create(type);
        CertifiedKey leaf = typed.issue(type, "good.example", "127.0.0.1");
        PkixCertificateVerifier v = new PkixCertificateVerifier(typed.trustAnchors());
        v.verify(leaf.chain(), "good.example");
        v.verify(leaf.chain(), "127.0.0.1");
        v.verify(leaf.chain(), null);
    }

    @Test
    void chainWithIntermediateInAnyOrderAndWithoutTheRoot() throws Exception {
        CertifiedKey leaf = pki.issueWithIntermediate(KeyType.ED25519, "inter.example");
        verifier.verify(leaf.chain(), "inter.example");
        verifier.verify(leaf.chain().subList(0, 2), "inter.example");
        List<X509Certificate> shuffled = new ArrayList<>(leaf.chain());
        Collections.swap(shuffled, 1, 2);
        verifier.verify(shuffled, "inter.example");
    }

    @Test
    void missingIntermediateIsUnknownCa() {
        CertifiedKey leaf = pki.issueWithIntermediate(KeyType.ECDSA_P256, "inter.example");
        TlsException e = fails(verifier, List.of(leaf.leaf()), "inter.example");
        assertEquals(AlertDescription.UNKNOWN_CA, e.alert());
        String intermediate = Names.describe(leaf.chain().get(1).getSubjectX500Principal());
        assertTrue(intermediate.startsWith("CN=Parapet Test Intermediate CA ECDSA_P256 #"), intermediate);
        assertEquals("certificate for inter.example was issued by " + intermediate + ", which is not a trusted CA",
                e.getMessage());
    }

    @Test
    void expiredHasTheExactMessage() {
        CertifiedKey leaf = pki.issue(KeyType.ECDSA_P256, "www.example.com");
        Instant notAfter = leaf.leaf().getNotAfter().toInstant();
        Instant now = notAfter.plus(Duration.ofHours(2)).plusMillis(123);
        // The CA outlives the leaf (a year), so the leaf is what fails.
        PkixCertificateVerifier at = new PkixCertificateVerifier(pki.trustAnchors(), Clock.fixed(now, ZoneOffset.UTC));
        TlsException e = fails(at, leaf.chain(), "www.example.com");
        assertEquals(AlertDescription.CERTIFICATE_EXPIRED, e.alert());
        assertEquals("certificate for www.example.com expired on " + notAfter + " (now "
                + now.minusMillis(123) + ")", e.getMessage());
        assertTrue(e.getMessage().matches("certificate for www\\.example\\.com expired on "
                + "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ \\(now \\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ\\)"),
                e.getMessage());
    }

    @Test
    void expiredLeafFromTestPki() {
        CertifiedKey leaf = pki.issueExpired(KeyType.ECDSA_P256, "old.example");
        TlsException e = fails(verifier, leaf.chain(), "old.example");
        assertEquals(AlertDescription.CERTIFICATE_EXPIRED, e.alert());
        assertTrue(e.getMessage().startsWith("certificate for old.example expired on "), e.getMessage());
    }

    @Test
    void notYetValid() {
        CertifiedKey leaf = pki.issueNotYetValid(KeyType.ECDSA_P256, "new.example");
        TlsException e = fails(verifier, leaf.chain(), "new.example");
        assertEquals(AlertDescription.CERTIFICATE_EXPIRED, e.alert());
        assertEquals("certificate for new.example is not valid until " + leaf.leaf().getNotBefore().toInstant()
                + " (now ", e.getMessage().substring(0, e.getMessage().indexOf("(now ") + 5));
    }

    @Test
    void expiredCaIsReportedByName() {
        CertifiedKey leaf = pki.issue(KeyType.ECDSA_P256, "www.example.com");
        Instant beforeAll = pki.caCertificate().getNotBefore().toInstant().minusSeconds(10);
        PkixCertificateVerifier at = new PkixCertificateVerifier(pki.trustAnchors(),
                Clock.fixed(beforeAll, ZoneOffset.UTC));
        TlsException e = fails(at, leaf.chain(), "www.example.com");
        assertEquals(AlertDescription.CERTIFICATE_EXPIRED, e.alert());
        assertTrue(e.getMessage().startsWith("certificate for www.example.com is not valid until"), e.getMessage());
    }

    @Test
    void wrongNameIsBadCertificateWithTheNames() {
        CertifiedKey leaf = pki.issue(KeyType.ECDSA_P256, "*.example.org", "example.org");
        TlsException e = fails(verifier, leaf.chain(), "api.example.com");
        assertEquals(AlertDescription.BAD_CERTIFICATE, e.alert());
        assertEquals("server name mismatch: asked for api.example.com; certificate names *.example.org, example.org",
                e.getMessage());
        e = fails(verifier, leaf.chain(), "10.0.0.1");
        assertEquals("server name mismatch: asked for 10.0.0.1; certificate names *.example.org, example.org",
                e.getMessage());
    }

    @Test
    void unknownCa() {
        TestPki other = TestPki.create(KeyType.ECDSA_P256);
        CertifiedKey leaf = other.issue(KeyType.ECDSA_P256, "elsewhere.example");
        TlsException e = fails(verifier, leaf.chain().subList(0, 1), "elsewhere.example");
        assertEquals(AlertDescription.UNKNOWN_CA, e.alert());
        String root = Names.commonName(other.caCertificate().getSubjectX500Principal());
        assertEquals("certificate for elsewhere.example was issued by CN=" + root + ", which is not a trusted CA",
                e.getMessage());
        // With the untrusted root sent along, the message names the self-signed root.
        e = fails(verifier, leaf.chain(), "elsewhere.example");
        assertEquals(AlertDescription.UNKNOWN_CA, e.alert());
        assertEquals("certificate for " + root + " is self-signed (CN=" + root + ") and not a trusted CA",
                e.getMessage());
    }

    @Test
    void sameNameDifferentKeyIsABadSignature() {
        // Another CA with the very same name as our anchor: found by name, but its key does not verify the leaf.
        String caName = Names.commonName(pki.caCertificate().getSubjectX500Principal());
        CertifiedKey impostor = CertificateBuilder.selfSignedCa(caName, KeyType.ECDSA_P256.generate(),
                Duration.ofDays(1));
        CertifiedKey leaf = CertificateBuilder.leaf(impostor, "impostor.example", List.of("impostor.example"),
                List.of(), KeyType.ECDSA_P256.generate(), Duration.ofDays(1));
        for (List<X509Certificate> chain : List.of(leaf.chain(), leaf.chain().subList(0, 1))) {
            TlsException e = fails(verifier, chain, "impostor.example");
            assertEquals(AlertDescription.BAD_CERTIFICATE, e.alert());
            assertEquals("certificate for impostor.example names the trusted CA CN=" + caName + " as its issuer, "
                    + "but that CA's key does not verify its signature", e.getMessage());
        }
    }

    @Test
    void clientAuthOnlyIsUnsupportedCertificate() {
        CertifiedKey leaf = pki.leaf(KeyType.ECDSA_P256).names("client.example")
                .extendedKeyUsage(KeyPurposeId.id_kp_clientAuth).issue();
        TlsException e = fails(verifier, leaf.chain(), "client.example");
        assertEquals(AlertDescription.UNSUPPORTED_CERTIFICATE, e.alert());
        assertEquals("certificate for client.example is not valid for TLS server authentication "
                + "(extended key usage: clientAuth)", e.getMessage());
    }

    @Test
    void anyExtendedKeyUsageOrNoneIsAccepted() throws Exception {
        verifier.verify(pki.leaf(KeyType.ECDSA_P256).names("any.example")
                .extendedKeyUsage(KeyPurposeId.anyExtendedKeyUsage).issue().chain(), "any.example");
        verifier.verify(pki.leaf(KeyType.ECDSA_P256).names("none.example").extendedKeyUsage().issue().chain(),
                "none.example");
    }

    @Test
    void clientVerifierWantsClientAuth() throws Exception {
        PkixCertificateVerifier clients = PkixCertificateVerifier.forClientCertificates(pki.trustAnchors(),
                Clock.systemUTC());
        CertifiedKey serverOnly = pki.leaf(KeyType.ECDSA_P256).names("s.example")
                .extendedKeyUsage(KeyPurposeId.id_kp_serverAuth).issue();
        assertEquals(AlertDescription.UNSUPPORTED_CERTIFICATE, fails(clients, serverOnly.chain(), null).alert());
        clients.verify(pki.issue(KeyType.ECDSA_P256, "c.example").chain(), null);
    }

    @Test
    void trustedLeafItselfIsAccepted() throws Exception {
        CertifiedKey leaf = pki.issue(KeyType.ECDSA_P256, "pinned.example");
        new PkixCertificateVerifier(TrustAnchors.of(leaf.leaf())).verify(leaf.chain().subList(0, 1),
                "pinned.example");
    }

    @Test
    void emptyChainIsBadCertificate() {
        assertEquals(AlertDescription.BAD_CERTIFICATE, fails(verifier, List.of(), "x.example").alert());
    }

    @Test
    void leafUsedAsIssuerIsRejected() {
        // A leaf (cA=false) signing another certificate: PKIX refuses it.
        CertifiedKey notACa = pki.issue(KeyType.ECDSA_P256, "notaca.example");
        X509Certificate forged = new TestPkiBridge(notACa).issueUnder("victim.example");
        List<X509Certificate> chain = List.of(forged, notACa.leaf(), pki.caCertificate());
        TlsException e = fails(verifier, chain, "victim.example");
        assertEquals(AlertDescription.BAD_CERTIFICATE, e.alert());
        assertTrue(e.getMessage().contains(" was rejected: "), e.getMessage());
    }

    /** Issues a certificate under a non-CA certificate with the JDK-only builder's lower layers. */
    private static final class TestPkiBridge {
        private final CertifiedKey issuer;

        TestPkiBridge(CertifiedKey issuer) {
            this.issuer = issuer;
        }

        X509Certificate issueUnder(String name) {
            // CertificateBuilder refuses non-CA issuers, so pretend with a CA-shaped wrapper: same key, same name.
            CertifiedKey fakeCa = CertificateBuilder.selfSignedCa("notaca.example",
                    new java.security.KeyPair(issuer.leaf().getPublicKey(), issuer.privateKey()), Duration.ofDays(1));
            return CertificateBuilder.leaf(fakeCa, name, List.of(name), List.of(),
                    KeyType.ECDSA_P256.generate(), Duration.ofDays(1)).leaf();
        }
    }
}
