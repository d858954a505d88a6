package dev.parapet.tls.x509;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.parapet.tls.AlertDescription;
import dev.parapet.tls.TlsException;
import dev.parapet.tls.testing.TestPki;
import java.math.BigInteger;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.UnaryOperator;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.junit.jupiter.api.Test;

/** The certificate model: fields, extensions, what RFC 5280 forbids, and robustness against any bytes. */
class CertificateTest {
    static final CertifiedKey ROOT = TestPki.cert("CN=Model Root,O=Parapet,C=NL").ca(3).build();
    static final CertifiedKey LEAF = TestPki.cert("CN=model.example").dns("model.example", "*.model.example")
            .ip("192.0.2.1", "2001:db8::1").email("ops@model.example").uri("https://model.example/")
            .dirName("CN=Dir,O=Parapet").issuer(ROOT)
            .extension(Certificate.CERTIFICATE_POLICIES, false, Der.sequence(Der.sequence(Der.oid("2.23.140.1.2.1"))))
            .extension(Certificate.AUTHORITY_INFO_ACCESS, false, Der.sequence(Der.sequence(
                    Der.oid("1.3.6.1.5.5.7.48.1"), Der.implicit(6, "http://ocsp.example/".getBytes()))))
            .extension(Certificate.CRL_DISTRIBUTION_POINTS, false, Der.sequence(Der.sequence(
                    Der.explicit(0, Der.explicit(0, Der.implicit(6, "http://crl.example/c.crl".getBytes()))))))
            .build();

    @Test
    void fieldsAndExtensions() throws Exception {
        Certificate root = Certificate.of(ROOT.leaf());
        Certificate leaf = Certificate.of(LEAF.leaf());
        assertEquals(3, leaf.version());
        assertEquals(LEAF.leaf().getSerialNumber(), leaf.serialNumber());
        assertArrayEquals(LEAF.leaf().getIssuerX500Principal().getEncoded(), leaf.issuer());
        // RFC 4514 order: the last RDN of the encoding first (BouncyCastle encoded CN first here).
        assertEquals("C=NL, O=Parapet, CN=Model Root", root.subjectString());
        assertEquals(root.subjectString(), leaf.issuerString());
        assertEquals("CN=model.example", leaf.displayName());
        assertEquals(LEAF.leaf().getNotAfter().toInstant(), leaf.notAfter());
        assertEquals(LEAF.leaf().getNotBefore().toInstant(), leaf.notBefore());
        assertEquals(LEAF.leaf().getPublicKey(), leaf.publicKey());
        assertEquals("ecdsa-with-SHA256", leaf.signatureAlgorithmName());
        assertEquals(List.of("model.example", "*.model.example"), leaf.dnsNames());
        assertEquals(2, leaf.ipAddresses().size());
        assertEquals("[model.example, *.model.example, 192.0.2.1, 2001:db8::1, email:ops@model.example, "
                + "URI:https://model.example/, DN:O=Parapet, CN=Dir]", leaf.subjectAltNames().toString());
        assertFalse(leaf.isCa());
        assertEquals(Boolean.FALSE, leaf.basicConstraintsCa());
        assertTrue(leaf.keyUsageAllows(Certificate.DIGITAL_SIGNATURE));
        assertFalse(leaf.keyUsageAllows(Certificate.KEY_CERT_SIGN));
        assertEquals(List.of(PathValidator.SERVER_AUTH, PathValidator.CLIENT_AUTH), leaf.extendedKeyUsage());
        assertEquals(List.of("2.23.140.1.2.1"), leaf.policies());
        assertEquals("URI:http://ocsp.example/", leaf.authorityInfoAccess().get(0).toString());
        assertEquals(1, leaf.crlDistributionPoints());
        assertArrayEquals(root.subjectKeyIdentifier(), leaf.authorityKeyIdentifier());
        assertTrue(leaf.isSignedBy(root.publicKey()));
        assertFalse(leaf.isSignedBy(leaf.publicKey()));
        assertTrue(root.isCa());
        assertEquals(3, root.pathLenConstraint());
        assertTrue(root.selfIssued());
        assertTrue(root.extensions().get(Certificate.BASIC_CONSTRAINTS).critical());
        assertNull(root.nameConstraints());
    }

    // ---- Rebuilding a certificate's TBS to break one rule (the signature no longer matters: parsing fails first)

    static byte[] rebuild(X509Certificate cert, UnaryOperator<List<byte[]>> editTbs) throws Exception {
        Der.Reader outer = Der.parse(cert.getEncoded()).contents();
        Der.Element tbs = outer.read();
        byte[] algorithm = outer.read().encoded();
        byte[] signature = outer.read().encoded();
        List<byte[]> fields = new ArrayList<>();
        Der.Reader r = tbs.contents();
        while (r.hasMore()) {
            fields.add(r.read().encoded());
        }
        return Der.sequence(Der.sequence(editTbs.apply(fields).toArray(new byte[0][])), algorithm, signature);
    }

    static VerificationException refused(byte[] der) {
        return assertThrows(VerificationException.class, () -> Certificate.parse(der));
    }

    @Test
    void serialNumbers() throws Exception {
        X509Certificate cert = LEAF.leaf();
        byte[] twenty = new byte[20];
        Arrays.fill(twenty, (byte) 0x11);
        assertEquals(new BigInteger(twenty), Certificate.parse(rebuild(cert, f -> {
            f.set(1, Der.integer(new BigInteger(twenty)));
            return f;
        })).serialNumber());
        byte[] twentyOne = new byte[21];
        Arrays.fill(twentyOne, (byte) 0x11);
        assertEquals("malformed certificate: serial number of 21 octets (at most 20)", refused(rebuild(cert, f -> {
            f.set(1, Der.integer(new BigInteger(twentyOne)));
            return f;
        })).getMessage());
        assertEquals("malformed certificate: negative serial number -5", refused(rebuild(cert, f -> {
            f.set(1, Der.integer(-5));
            return f;
        })).getMessage());
        // A 20-octet serial with its top bit set needs a 21st (zero) octet: over the limit, as RFC 5280 counts.
        byte[] high = new byte[20];
        Arrays.fill(high, (byte) 0x80);
        refused(rebuild(cert, f -> {
            f.set(1, Der.integer(new BigInteger(1, high)));
            return f;
        }));
        // Non-minimal INTEGER encoding.
        refused(rebuild(cert, f -> {
            f.set(1, Der.tlv(Der.INTEGER, new byte[] {0, 1}));
            return f;
        }));
    }

    @Test
    void duplicateExtensionsAreRefused() throws Exception {
        VerificationException e = refused(rebuild(LEAF.leaf(), f -> {
            byte[] last = f.get(f.size() - 1);
            Der.Reader list = Der.parse(last).contents().readSequence();
            List<byte[]> exts = new ArrayList<>();
            while (list.hasMore()) {
                exts.add(list.read().encoded());
            }
            exts.add(exts.get(0));
            f.set(f.size() - 1, Der.explicit(3, Der.sequence(exts.toArray(new byte[0][]))));
            return f;
        }));
        assertTrue(e.getMessage().endsWith(" appears twice (RFC 5280, 4.2)"), e.getMessage());
        assertEquals(AlertDescription.BAD_CERTIFICATE, e.alert());
    }

    @Test
    void mismatchedSignatureAlgorithmsAreRefused() throws Exception {
        VerificationException e = refused(rebuild(LEAF.leaf(), f -> {
            f.set(2, Der.sequence(Der.oid("1.2.840.10045.4.3.3")));
            return f;
        }));
        assertEquals("malformed certificate: the signature algorithm inside the signed part differs from the one "
                + "outside (RFC 5280, 4.1.1.2)", e.getMessage());
    }

    @Test
    void extensionsOnlyInV3() throws Exception {
        VerificationException e = refused(rebuild(LEAF.leaf(), f -> {
            f.remove(0); // no version field: v1
            return f;
        }));
        assertEquals("malformed certificate: extensions in a v1 certificate (RFC 5280, 4.1.2.9: v3 only)",
                e.getMessage());
        refused(rebuild(LEAF.leaf(), f -> {
            f.set(0, Der.explicit(0, Der.integer(1)));
            return f;
        }));
        refused(rebuild(LEAF.leaf(), f -> {
            f.set(0, Der.explicit(0, Der.integer(3))); // no v4
            return f;
        }));
    }

    @Test
    void nonMinimalLengthIsRefused() throws Exception {
        byte[] der = LEAF.leaf().getEncoded();
        // Re-encode the outer SEQUENCE length with one octet more than needed.
        int lengthOctets = der[1] & 0x7f;
        byte[] longer = new byte[der.length + 1];
        longer[0] = der[0];
        longer[1] = (byte) (0x80 | (lengthOctets + 1));
        longer[2] = 0;
        System.arraycopy(der, 2, longer, 3, der.length - 2);
        refused(longer);
    }

    @Test
    void unknownCriticalExtensionIsUnsupportedCertificate() {
        CertifiedKey critical = TestPki.cert("CN=crit").issuer(ROOT).extension("1.2.3.4.5", true, Der.nullValue())
                .build();
        VerificationException e = assertThrows(VerificationException.class, () -> Certificate.of(critical.leaf()));
        assertEquals(AlertDescription.UNSUPPORTED_CERTIFICATE, e.alert());
        assertEquals("certificate 'CN=crit' has an unknown critical extension 1.2.3.4.5 (RFC 5280, 4.2)",
                e.getMessage());
    }

    @Test
    void nameConstraintsAreParsed() throws Exception {
        CertifiedKey ca = TestPki.cert("CN=NC").ca().issuer(ROOT).permitted(TestPki.dnsBase("example.com"),
                TestPki.ipBase("10.0.0.0/8")).excluded(TestPki.emailBase("x@example.com")).build();
        Certificate.NameConstraints nc = Certificate.of(ca.leaf()).nameConstraints();
        assertNotNull(nc);
        assertEquals("[example.com, 10.0.0.0/255.0.0.0]", nc.permitted().toString());
        assertEquals("[email:x@example.com]", nc.excluded().toString());
    }

    // ---- Robustness: any byte string ends in our exception ----

    @Test
    void randomBytesNeverThrowAnythingElse() {
        Random random = new Random(1);
        for (int i = 0; i < 3000; i++) {
            byte[] bytes = new byte[random.nextInt(i < 100 ? 8 : 600)];
            random.nextBytes(bytes);
            if (i % 3 == 0 && bytes.length > 4) {
                bytes[0] = 0x30; // look like a SEQUENCE, to get past the first byte
                bytes[1] = (byte) 0x82;
                bytes[2] = (byte) ((bytes.length - 4) >> 8);
                bytes[3] = (byte) (bytes.length - 4);
            }
            parseOnlyOurException(bytes);
        }
    }

    @Test
    void mutatedCertificatesNeverThrowAnythingElse() throws Exception {
        List<byte[]> seeds = List.of(LEAF.leaf().getEncoded(), ROOT.leaf().getEncoded(),
                TestPki.create(TestPki.KeyType.RSA_PSS_2048).caCertificate().getEncoded(),
                TestPki.create(TestPki.KeyType.ED25519).issue(TestPki.KeyType.ED25519, "e.example").leaf()
                        .getEncoded());
        Random random = new Random(2);
        ParapetCertificateVerifier verifier = new ParapetCertificateVerifier(TrustAnchors.of(ROOT.leaf()));
        int parsed = 0;
        for (int i = 0; i < 4000; i++) {
            byte[] der = seeds.get(i % seeds.size()).clone();
            int edits = 1 + random.nextInt(4);
            for (int k = 0; k < edits; k++) {
                int at = random.nextInt(der.length);
                switch (random.nextInt(4)) {
                    case 0:
                        der[at] ^= (byte) (1 << random.nextInt(8));
                        break;
                    case 1:
                        der[at] = (byte) random.nextInt(256);
                        break;
                    case 2:
                        der = Arrays.copyOf(der, at); // truncate
                        break;
                    default:
                        byte[] longer = new byte[der.length + 1];
                        System.arraycopy(der, 0, longer, 0, at);
                        longer[at] = (byte) random.nextInt(256);
                        System.arraycopy(der, at, longer, at + 1, der.length - at);
                        der = longer;
                        break;
                }
                if (der.length == 0) {
                    break;
                }
            }
            if (parseOnlyOurException(der)) {
                parsed++;
            }
            try {
                verifier.verifyEncoded(List.of(der, ROOT.leaf().getEncoded()), "model.example", null);
            } catch (TlsException e) {
                assertNotNull(e.alert());
                assertFalse(e.getMessage().contains("\n"), e.getMessage());
            } catch (Throwable t) {
                fail("verifier threw " + t + " for " + Names.hex(der), t);
            }
        }
        assertTrue(parsed > 0, "some mutations (e.g. in the signature) still parse");
    }

    private static boolean parseOnlyOurException(byte[] der) {
        try {
            Certificate.parse(der);
            return true;
        } catch (VerificationException e) {
            assertNotNull(e.getMessage());
            assertFalse(e.getMessage().contains("\n"), e.getMessage());
            return false;
        } catch (Throwable t) {
            fail("threw " + t + " for " + Names.hex(der), t);
            return false;
        }
    }

    @Test
    void nullIsRefusedToo() {
        assertThrows(VerificationException.class, () -> Certificate.parse(null));
    }

    @Test
    void leafWithCaEkuStillParses() throws Exception {
        Certificate c = Certificate.of(TestPki.cert("CN=e").eku(KeyPurposeId.anyExtendedKeyUsage).issuer(ROOT)
                .build().leaf());
        assertEquals(List.of(PathValidator.ANY_EXTENDED_KEY_USAGE), c.extendedKeyUsage());
    }
}
