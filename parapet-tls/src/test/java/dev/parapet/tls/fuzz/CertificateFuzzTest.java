package dev.parapet.tls.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.parapet.tls.x509.Certificate;
import dev.parapet.tls.x509.VerificationException;

/**
 * Parapet's certificate parser on arbitrary bytes (seeds: the fuzz PKI and the certificates of the x509 tests). It
 * documents one failure, {@link VerificationException}; once a certificate parses, reading any of its fields must
 * not fail at all.
 */
class CertificateFuzzTest {

    @FuzzTest
    void certificate(byte[] input) {
        Certificate c;
        try {
            c = Certificate.parse(input);
        } catch (VerificationException e) {
            if (e.alert() == null) {
                throw new AssertionError("VerificationException without an alert", e);
            }
            return;
        }
        c.displayName();
        c.subjectString();
        c.issuerString();
        c.dnsNames();
        c.ipAddresses();
        c.subjectAltNames();
        c.nameConstraints();
        c.extendedKeyUsage();
        c.policies();
        c.authorityInfoAccess();
        c.keyBits();
        c.pathLenConstraint();
        c.isCa();
        c.selfIssued();
        c.isSignedBy(c.publicKey());
        c.toString();
    }
}
