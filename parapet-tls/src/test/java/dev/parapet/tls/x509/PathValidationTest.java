package dev.parapet.tls.x509;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Every rule of {@link PathValidator}, each on both sides of the line, through {@link ParapetCertificateVerifier}. */
class PathValidationTest {
    static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    static final CertifiedKey ROOT = TestPki.cert("CN=PV Root").ca().build();
    static final CertifiedKey INTERMEDIATE = TestPki.cert("CN=PV Intermediate").ca().issuer(ROOT).build();
    static final TrustAnchors ANCHORS = TrustAnchors.of(ROOT.leaf());

    static ParapetCertificateVerifier verifier(Instant now) {
        return ParapetCertificateVerifier.builder().trustAnchors(ANCHORS).clock(Clock.fixed(now, ZoneOffset.UTC))
                .build();
    }

    static final ParapetCertificateVerifier VERIFIER = verifier(NOW);

    static void ok(CertificateVerifier v, List<X509Certificate> chain, String name) {
        assertDoesNotThrow(() -> v.verify(chain, name));
    }

    static TlsException fails(CertificateVerifier v, List<X509Certificate> chain, String name,
            AlertDescription alert) {
        TlsException e = assertThrows(TlsException.class, () -> v.verify(chain, name));
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
        assertEquals(alert, e.alert(), e.getMessage());
        return e;
    }

    static TestPki.Cert leaf(String name, CertifiedKey issuer) {
        return TestPki.cert("CN=" + name).dns(name).issuer(issuer);
    }

    // ---- Validity ----

    @Test
    void validUntilTheLastSecondExpiredOneSecondLater() {
        Instant notAfter = Instant.parse("2026-01-01T00:00:00Z");
        CertifiedKey leaf = leaf("www.example.com", ROOT).validity(notAfter.minus(Duration.ofDays(30)), notAfter)
                .build();
        ok(verifier(notAfter), leaf.chain(), "www.example.com");
        ok(verifier(notAfter.plusMillis(999)), leaf.chain(), "www.example.com");
        TlsException e = fails(verifier(notAfter.plusSeconds(1)), leaf.chain(), "www.example.com",
                AlertDescription.CERTIFICATE_EXPIRED);
        assertEquals("certificate 'CN=www.example.com' expired on 2026-01-01T00:00:00Z (now 2026-01-01T00:00:01Z)",
                e.getMessage());
    }

    @Test
    void notYetValidUntilTheFirstSecond() {
        Instant notBefore = NOW.plus(Duration.ofDays(1));
        CertifiedKey leaf = leaf("soon.example", ROOT).validity(notBefore, notBefore.plus(Duration.ofDays(30)))
                .build();
        ok(verifier(notBefore), leaf.chain(), "soon.example");
        TlsException e = fails(verifier(notBefore.minusSeconds(1)), leaf.chain(), "soon.example",
                AlertDescription.CERTIFICATE_EXPIRED);
        assertEquals("certificate 'CN=soon.example' is not valid until " + notBefore + " (now "
                + notBefore.minusSeconds(1) + ")", e.getMessage());
    }

    @Test
    void expiredIntermediateIsNamed() {
        CertifiedKey old = TestPki.cert("CN=Old Intermediate").ca().issuer(ROOT)
                .validity(NOW.minus(Duration.ofDays(10)), NOW.minusSeconds(1)).build();
        CertifiedKey leaf = leaf("a.example", old).build();
        TlsException e = fails(VERIFIER, leaf.chain(), "a.example", AlertDescription.CERTIFICATE_EXPIRED);
        assertTrue(e.getMessage().startsWith("certificate 'CN=Old Intermediate' expired on "), e.getMessage());
    }

    // ---- basicConstraints and pathLenConstraint ----

    @Test
    void issuerThatIsNotACa() {
        CertifiedKey notCa = TestPki.cert("CN=Sub CA").notCa().keyUsage(KeyUsage.keyCertSign).eku().issuer(ROOT)
                .build();
        CertifiedKey leaf = leaf("b.example", notCa).build();
        TlsException e = fails(VERIFIER, leaf.chain(), "b.example", AlertDescription.BAD_CERTIFICATE);
        assertEquals("certificate 'CN=Sub CA' is not a CA (basicConstraints cA=false) but issued 'CN=b.example'",
                e.getMessage());
        CertifiedKey absent = TestPki.cert("CN=Sub CA 2").noBasicConstraints().keyUsage(KeyUsage.keyCertSign).eku()
                .issuer(ROOT).build();
        e = fails(VERIFIER, leaf("c.example", absent).build().chain(), "c.example",
                AlertDescription.BAD_CERTIFICATE);
        assertEquals("certificate 'CN=Sub CA 2' is not a CA (basicConstraints absent) but issued 'CN=c.example'",
                e.getMessage());
    }

    @Test
    void pathLenExactlyAtTheLimitAndExceededByOne() {
        // Root -> A (pathLen 1) -> B -> leaf: one CA below A: allowed.
        CertifiedKey a = TestPki.cert("CN=PathLen One").ca(1).issuer(ROOT).build();
        CertifiedKey b = TestPki.cert("CN=Below One").ca().issuer(a).build();
        ok(VERIFIER, leaf("p.example", b).build().chain(), "p.example");
        // Root -> A (pathLen 1) -> B -> C -> leaf: two CAs below A: refused at C.
        CertifiedKey c = TestPki.cert("CN=Below Two").ca().issuer(b).build();
        TlsException e = fails(VERIFIER, leaf("q.example", c).build().chain(), "q.example",
                AlertDescription.BAD_CERTIFICATE);
        assertEquals("certificate 'CN=Below Two' exceeds the pathLenConstraint 1 of 'CN=PathLen One' "
                + "(basicConstraints)", e.getMessage());
        // pathLen 0: may issue leaves only.
        CertifiedKey zero = TestPki.cert("CN=PathLen Zero").ca(0).issuer(ROOT).build();
        ok(VERIFIER, leaf("r.example", zero).build().chain(), "r.example");
        CertifiedKey under = TestPki.cert("CN=Under Zero").ca().issuer(zero).build();
        fails(VERIFIER, leaf("s.example", under).build().chain(), "s.example", AlertDescription.BAD_CERTIFICATE);
    }

    @Test
    void selfIssuedIntermediatesDoNotCountTowardsPathLen() {
        // RFC 5280, 6.1.4 (l): a key rollover certificate (same subject, new key) is not counted.
        CertifiedKey a = TestPki.cert("CN=Rollover CA").ca(0).issuer(ROOT).build();
        CertifiedKey rolled = TestPki.cert("CN=Rollover CA").ca(0).issuer(a).build();
        ok(VERIFIER, leaf("t.example", rolled).build().chain(), "t.example");
    }

    // ---- keyUsage ----

    @Test
    void caWithoutKeyCertSign() {
        CertifiedKey ca = TestPki.cert("CN=No CertSign CA").ca().keyUsage(KeyUsage.cRLSign | KeyUsage.digitalSignature)
                .issuer(ROOT).build();
        TlsException e = fails(VERIFIER, leaf("u.example", ca).build().chain(), "u.example",
                AlertDescription.BAD_CERTIFICATE);
        assertEquals("certificate 'CN=No CertSign CA' is a CA without keyCertSign in its keyUsage but issued "
                + "'CN=u.example' (keyUsage)", e.getMessage());
        CertifiedKey noKu = TestPki.cert("CN=No KU CA").ca().keyUsage(null).issuer(ROOT).build();
        ok(VERIFIER, leaf("v.example", noKu).build().chain(), "v.example");
    }

    @Test
    void leafKeyUsageFollowsThePurpose() {
        CertifiedKey signOnly = leaf("sign.example", ROOT).keyUsage(KeyUsage.digitalSignature).build();
        CertifiedKey encipherOnly = leaf("rsa.example", ROOT).key(TestPki.rsaKey(2048, 7))
                .keyUsage(KeyUsage.keyEncipherment).build();
        CertifiedKey none = leaf("noku.example", ROOT).keyUsage(null).build();
        ok(VERIFIER, signOnly.chain(), "sign.example");
        ok(VERIFIER, none.chain(), "noku.example");
        TlsException e = fails(VERIFIER, encipherOnly.chain(), "rsa.example", AlertDescription.UNSUPPORTED_CERTIFICATE);
        assertEquals("certificate 'CN=rsa.example' has a keyUsage without digitalSignature, which TLS server "
                + "authentication needs (keyUsage)", e.getMessage());
        ParapetCertificateVerifier rsaTransport = ParapetCertificateVerifier.builder().trustAnchors(ANCHORS)
                .keyUsage(ParapetCertificateVerifier.KeyUsage.KEY_ENCIPHERMENT).build();
        ok(rsaTransport, encipherOnly.chain(), "rsa.example");
        fails(rsaTransport, signOnly.chain(), "sign.example", AlertDescription.UNSUPPORTED_CERTIFICATE);
        assertDoesNotThrow(() -> VERIFIER.verify(encipherOnly.chain(), "rsa.example",
                ParapetCertificateVerifier.KeyUsage.DIGITAL_SIGNATURE_OR_KEY_ENCIPHERMENT));
    }

    // ---- extendedKeyUsage ----

    @Test
    void leafExtendedKeyUsage() {
        ok(VERIFIER, leaf("eku1.example", ROOT).eku(KeyPurposeId.id_kp_serverAuth).build().chain(), "eku1.example");
        ok(VERIFIER, leaf("eku2.example", ROOT).eku(KeyPurposeId.anyExtendedKeyUsage).build().chain(),
                "eku2.example");
        ok(VERIFIER, leaf("eku3.example", ROOT).eku().build().chain(), "eku3.example");
        TlsException e = fails(VERIFIER, leaf("eku4.example", ROOT).eku(KeyPurposeId.id_kp_clientAuth).build()
                .chain(), "eku4.example", AlertDescription.UNSUPPORTED_CERTIFICATE);
        assertEquals("certificate 'CN=eku4.example' is not valid for TLS server authentication (extendedKeyUsage: "
                + "clientAuth)", e.getMessage());
        ParapetCertificateVerifier clients = ParapetCertificateVerifier.builder().trustAnchors(ANCHORS)
                .purpose(ParapetCertificateVerifier.Purpose.CLIENT_AUTH).build();
        ok(clients, leaf("c1.example", ROOT).eku(KeyPurposeId.id_kp_clientAuth).build().chain(), null);
        e = fails(clients, leaf("c2.example", ROOT).eku(KeyPurposeId.id_kp_serverAuth).build().chain(), null,
                AlertDescription.UNSUPPORTED_CERTIFICATE);
        assertEquals("certificate 'CN=c2.example' is not valid for TLS client authentication (extendedKeyUsage: "
                + "serverAuth)", e.getMessage());
    }

    @Test
    void intermediateExtendedKeyUsageChainsDown() {
        CertifiedKey serverCa = TestPki.cert("CN=Server CA").ca().eku(KeyPurposeId.id_kp_serverAuth).issuer(ROOT)
                .build();
        CertifiedKey anyCa = TestPki.cert("CN=Any CA").ca().eku(KeyPurposeId.anyExtendedKeyUsage).issuer(ROOT)
                .build();
        CertifiedKey emailCa = TestPki.cert("CN=Email CA").ca().eku(KeyPurposeId.id_kp_emailProtection)
                .issuer(ROOT).build();
        ok(VERIFIER, leaf("i1.example", serverCa).build().chain(), "i1.example");
        ok(VERIFIER, leaf("i2.example", anyCa).build().chain(), "i2.example");
        ok(VERIFIER, leaf("i3.example", INTERMEDIATE).build().chain(), "i3.example");
        TlsException e = fails(VERIFIER, leaf("i4.example", emailCa).build().chain(), "i4.example",
                AlertDescription.UNSUPPORTED_CERTIFICATE);
        assertEquals("CA certificate 'CN=Email CA' limits its extendedKeyUsage to emailProtection, which excludes "
                + "TLS server authentication (extendedKeyUsage)", e.getMessage());
    }

    // ---- Algorithm policy ----

    @Test
    void sha1SignedIntermediateIsRefusedSha256Accepted() {
        CertifiedKey rsaRoot = TestPki.cert("CN=RSA Root").ca().key(TestPki.rsaKey(2048, 11)).build();
        CertifiedKey sha1 = TestPki.cert("CN=SHA1 Intermediate").ca().key(TestPki.rsaKey(2048, 12)).issuer(rsaRoot)
                .signatureAlgorithm("SHA1withRSA").build();
        CertifiedKey sha256 = TestPki.cert("CN=SHA256 Intermediate").ca().key(TestPki.rsaKey(2048, 12))
                .issuer(rsaRoot).build();
        ParapetCertificateVerifier v = new ParapetCertificateVerifier(TrustAnchors.of(rsaRoot.leaf()));
        ok(v, leaf("ok.example", sha256).build().chain(), "ok.example");
        TlsException e = fails(v, leaf("sha1.example", sha1).build().chain(), "sha1.example",
                AlertDescription.UNSUPPORTED_CERTIFICATE);
        assertEquals("certificate 'CN=SHA1 Intermediate' is signed with sha1WithRSAEncryption: SHA-1 signatures "
                + "are not accepted (algorithm policy)", e.getMessage());
        // A SHA-1 self-signature on the anchor itself does not matter: anchors are trusted by configuration.
        CertifiedKey sha1Root = TestPki.cert("CN=SHA1 Root").ca().key(TestPki.rsaKey(2048, 13))
                .signatureAlgorithm("SHA1withRSA").build();
        ok(new ParapetCertificateVerifier(TrustAnchors.of(sha1Root.leaf())), leaf("r.example", sha1Root).build()
                .chain(), "r.example");
    }

    @Test
    void rsa1024IntermediateIsRefused2048Accepted() {
        CertifiedKey weak = TestPki.cert("CN=RSA1024 Intermediate").ca().key(TestPki.rsaKey(1024, 1)).issuer(ROOT)
                .build();
        TlsException e = fails(VERIFIER, leaf("w.example", weak).build().chain(), "w.example",
                AlertDescription.UNSUPPORTED_CERTIFICATE);
        assertEquals("certificate 'CN=RSA1024 Intermediate' has a 1024-bit RSA key; at least 2048 bits are required "
                + "(algorithm policy)", e.getMessage());
        CertifiedKey strong = TestPki.cert("CN=RSA2048 Intermediate").ca().key(TestPki.rsaKey(2048, 1)).issuer(ROOT)
                .build();
        ok(VERIFIER, leaf("x.example", strong).build().chain(), "x.example");
        ParapetCertificateVerifier lenient = ParapetCertificateVerifier.builder().trustAnchors(ANCHORS)
                .minimumRsaBits(1024).build();
        ok(lenient, leaf("w.example", weak).build().chain(), "w.example");
    }

    @ParameterizedTest
    @EnumSource(KeyType.class)
    void everyKeyTypeAndTestPkiChainsAreAccepted(KeyType type) throws Exception {
        TestPki pki = TestPki.create(type);
        CertifiedKey leaf = pki.issueWithIntermediate(type, "typed.example", "127.0.0.1");
        ParapetCertificateVerifier v = new ParapetCertificateVerifier(pki.trustAnchors());
        v.verify(leaf.chain(), "typed.example");
        v.verify(leaf.chain(), "127.0.0.1");
        v.verify(pki.issue(type, "direct.example").chain(), "direct.example");
    }

    @Test
    void signatureAlgorithmsAcrossHashesAndCurves() throws Exception {
        String[][] cases = {
            {"EC:secp256r1", "SHA256withECDSA"}, {"EC:secp256r1", "SHA384withECDSA"},
            {"EC:secp384r1", "SHA384withECDSA"}, {"EC:secp521r1", "SHA512withECDSA"},
            {"RSA", "SHA256withRSA"}, {"RSA", "SHA384withRSA"}, {"RSA", "SHA512withRSA"},
            {"RSA", "SHA256withRSAandMGF1"}, {"RSA", "SHA384withRSAandMGF1"}, {"RSA", "SHA512withRSAandMGF1"},
            {"Ed25519", "Ed25519"},
        };
        for (String[] c : cases) {
            java.security.KeyPair key;
            if (c[0].startsWith("EC:")) {
                java.security.KeyPairGenerator g = java.security.KeyPairGenerator.getInstance("EC");
                g.initialize(new java.security.spec.ECGenParameterSpec(c[0].substring(3)));
                key = g.generateKeyPair();
            } else if (c[0].equals("RSA")) {
                key = TestPki.rsaKey(2048, 20);
            } else {
                key = java.security.KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
            }
            CertifiedKey root = TestPki.cert("CN=Alg Root " + c[1]).ca().key(key).signatureAlgorithm(c[1]).build();
            CertifiedKey leaf = TestPki.cert("CN=alg.example").dns("alg.example").issuer(root)
                    .signatureAlgorithm(c[1]).build();
            ParapetCertificateVerifier v = new ParapetCertificateVerifier(TrustAnchors.of(root.leaf()));
            assertDoesNotThrow(() -> v.verify(leaf.chain(), "alg.example"), c[0] + " " + c[1]);
            Certificate parsed = Certificate.of(leaf.leaf());
            assertTrue(parsed.isSignedBy(root.leaf().getPublicKey()), c[1]);
            assertFalse(parsed.isSignedBy(TestPki.ecKey().getPublic()), c[1]);
        }
    }

    // ---- Unknown critical extensions ----

    @Test
    void unknownCriticalExtensionRefusedNonCriticalIgnored() {
        byte[] value = Der.nullValue();
        ok(VERIFIER, leaf("ext.example", ROOT).extension("1.3.6.1.4.1.99999.1", false, value).build().chain(),
                "ext.example");
        TlsException e = fails(VERIFIER, leaf("crit.example", ROOT).extension("1.3.6.1.4.1.99999.1", true, value)
                .build().chain(), "crit.example", AlertDescription.UNSUPPORTED_CERTIFICATE);
        assertEquals("the server's certificate: certificate 'CN=crit.example' has an unknown critical extension "
                + "1.3.6.1.4.1.99999.1 (RFC 5280, 4.2)", e.getMessage());
        CertifiedKey ca = TestPki.cert("CN=Critical Ext CA").ca().extension("1.3.6.1.4.1.99999.2", true, value)
                .issuer(ROOT).build();
        e = fails(VERIFIER, leaf("y.example", ca).build().chain(), "y.example",
                AlertDescription.UNSUPPORTED_CERTIFICATE);
        assertTrue(e.getMessage().startsWith("certificate #2 from the server: certificate 'CN=Critical Ext CA' has an "
                + "unknown critical extension"), e.getMessage());
    }

    // ---- Name constraints ----

    static CertifiedKey constrained(String name, TestPki.Cert spec) {
        return spec.ca().issuer(ROOT).build();
    }

    @Test
    void dnsNameConstraints() {
        CertifiedKey ca = TestPki.cert("CN=DNS Constrained").ca().issuer(ROOT)
                .permitted(TestPki.dnsBase("example.com"), TestPki.dnsBase(".example.net"))
                .excluded(TestPki.dnsBase("bad.example.com")).build();
        ok(VERIFIER, leaf("example.com", ca).build().chain(), "example.com");
        ok(VERIFIER, leaf("www.example.com", ca).build().chain(), "www.example.com");
        ok(VERIFIER, leaf("a.b.example.com", ca).build().chain(), "a.b.example.com");
        ok(VERIFIER, leaf("www.example.net", ca).build().chain(), "www.example.net");
        ok(VERIFIER, TestPki.cert("CN=w").dns("*.good.example.com").issuer(ca).build().chain(), "x.good.example.com");
        TlsException e = fails(VERIFIER, leaf("example.net", ca).build().chain(), "example.net",
                AlertDescription.BAD_CERTIFICATE);
        assertEquals("certificate 'CN=example.net' has the name example.net, which is outside the subtrees the "
                + "nameConstraints of 'CN=DNS Constrained' permit (nameConstraints)", e.getMessage());
        fails(VERIFIER, leaf("notexample.com", ca).build().chain(), "notexample.com", AlertDescription.BAD_CERTIFICATE);
        fails(VERIFIER, leaf("example.org", ca).build().chain(), "example.org", AlertDescription.BAD_CERTIFICATE);
        e = fails(VERIFIER, leaf("bad.example.com", ca).build().chain(), "bad.example.com",
                AlertDescription.BAD_CERTIFICATE);
        assertEquals("certificate 'CN=bad.example.com' has the name bad.example.com, which the nameConstraints of "
                + "'CN=DNS Constrained' exclude (excluded subtree bad.example.com)", e.getMessage());
        fails(VERIFIER, leaf("x.bad.example.com", ca).build().chain(), "x.bad.example.com",
                AlertDescription.BAD_CERTIFICATE);
        fails(VERIFIER, leaf("BAD.Example.COM", ca).build().chain(), "bad.example.com",
                AlertDescription.BAD_CERTIFICATE);
        // A wildcard that could stand for the excluded name is refused; one that cannot is fine.
        fails(VERIFIER, TestPki.cert("CN=wild").dns("*.example.com").issuer(ca).build().chain(), "www.example.com",
                AlertDescription.BAD_CERTIFICATE);
        // Names of another type are not constrained by dNSName subtrees.
        ok(VERIFIER, leaf("www.example.com", ca).ip("192.0.2.1").build().chain(), "192.0.2.1");
    }

    @Test
    void dnsConstraintsAlsoApplyAcrossSeveralCas() {
        CertifiedKey outer = TestPki.cert("CN=Outer").ca().issuer(ROOT).permitted(TestPki.dnsBase("example.com"))
                .build();
        CertifiedKey inner = TestPki.cert("CN=Inner").ca().issuer(outer).permitted(TestPki.dnsBase("example.org"))
                .build();
        // Inner alone would allow example.org, but Outer's constraint still holds: the intersection is empty.
        TlsException e = fails(VERIFIER, leaf("www.example.org", inner).build().chain(), "www.example.org",
                AlertDescription.BAD_CERTIFICATE);
        assertTrue(e.getMessage().contains("'CN=Outer' permit"), e.getMessage());
        // And the intermediate's own names are checked against Outer: Inner's subject DN is not constrained here.
    }

    @Test
    void ipNameConstraintsV4AndV6() {
        CertifiedKey ca = TestPki.cert("CN=IP Constrained").ca().issuer(ROOT)
                .permitted(TestPki.ipBase("192.0.2.0/24"), TestPki.ipBase("2001:db8::/32"))
                .excluded(TestPki.ipBase("192.0.2.128/25")).build();
        ok(VERIFIER, TestPki.cert("CN=ip1").ip("192.0.2.1").issuer(ca).build().chain(), "192.0.2.1");
        ok(VERIFIER, TestPki.cert("CN=ip2").ip("192.0.2.127").issuer(ca).build().chain(), "192.0.2.127");
        fails(VERIFIER, TestPki.cert("CN=ip3").ip("192.0.2.128").issuer(ca).build().chain(), "192.0.2.128",
                AlertDescription.BAD_CERTIFICATE);
        fails(VERIFIER, TestPki.cert("CN=ip4").ip("192.0.3.1").issuer(ca).build().chain(), "192.0.3.1",
                AlertDescription.BAD_CERTIFICATE);
        ok(VERIFIER, TestPki.cert("CN=ip5").ip("2001:db8:ffff::1").issuer(ca).build().chain(), "[2001:db8:ffff::1]");
        TlsException e = fails(VERIFIER, TestPki.cert("CN=ip6").ip("2001:db9::1").issuer(ca).build().chain(),
                "2001:db9::1", AlertDescription.BAD_CERTIFICATE);
        assertTrue(e.getMessage().contains("has the name 2001:db9::1, which is outside"), e.getMessage());
        // An IPv6 address is never within an IPv4 subtree, nor the reverse: a 16-byte name under IPv4-only
        // constraints is refused as outside them.
        CertifiedKey v4only = TestPki.cert("CN=IPv4 Only").ca().issuer(ROOT).permitted(TestPki.ipBase("0.0.0.0/0"))
                .build();
        ok(VERIFIER, TestPki.cert("CN=ip8").ip("203.0.113.9").issuer(v4only).build().chain(), "203.0.113.9");
        fails(VERIFIER, TestPki.cert("CN=ip9").ip("::1").issuer(v4only).build().chain(), "::1",
                AlertDescription.BAD_CERTIFICATE);
        fails(VERIFIER, TestPki.cert("CN=ip7").ip("10.0.0.1").issuer(ca).build().chain(), null,
                AlertDescription.BAD_CERTIFICATE);
    }

    @Test
    void emailNameConstraints() {
        CertifiedKey ca = TestPki.cert("CN=Mail Constrained").ca().issuer(ROOT)
                .permitted(TestPki.emailBase("example.com"), TestPki.emailBase(".example.org"),
                        TestPki.emailBase("alice@example.net"))
                .excluded(TestPki.emailBase("mallory@example.com")).build();
        ok(VERIFIER, leaf("m1.example", ca).build().chain(), "m1.example"); // no email: unconstrained
        ok(VERIFIER, TestPki.cert("CN=m2").email("bob@example.com").issuer(ca).build().chain(), null);
        ok(VERIFIER, TestPki.cert("CN=m3").email("bob@mail.example.org").issuer(ca).build().chain(), null);
        ok(VERIFIER, TestPki.cert("CN=m4").email("alice@EXAMPLE.net").issuer(ca).build().chain(), null);
        fails(VERIFIER, TestPki.cert("CN=m5").email("bob@example.org").issuer(ca).build().chain(), null,
                AlertDescription.BAD_CERTIFICATE);
        fails(VERIFIER, TestPki.cert("CN=m6").email("bob@sub.example.com").issuer(ca).build().chain(), null,
                AlertDescription.BAD_CERTIFICATE);
        fails(VERIFIER, TestPki.cert("CN=m7").email("Alice@example.net").issuer(ca).build().chain(), null,
                AlertDescription.BAD_CERTIFICATE);
        fails(VERIFIER, TestPki.cert("CN=m8").email("mallory@example.com").issuer(ca).build().chain(), null,
                AlertDescription.BAD_CERTIFICATE);
        // The emailAddress attribute of the subject is constrained too (RFC 5280, 4.2.1.10).
        fails(VERIFIER, TestPki.cert("CN=m9,E=eve@evil.example").issuer(ca).build().chain(), null,
                AlertDescription.BAD_CERTIFICATE);
        ok(VERIFIER, TestPki.cert("CN=m10,E=eve@example.com").issuer(ca).build().chain(), null);
    }

    @Test
    void directoryNameConstraints() {
        CertifiedKey ca = TestPki.cert("CN=DN Constrained,O=Example,C=US").ca().issuer(ROOT)
                .permitted(TestPki.dnBase("C=US,O=Example"))
                .excluded(TestPki.dnBase("C=US,O=Example,OU=Banned")).build();
        ok(VERIFIER, TestPki.cert("C=US,O=Example,CN=d1.example").dns("d1.example").issuer(ca).build().chain(),
                "d1.example");
        ok(VERIFIER, TestPki.cert("C=US,O=example,OU=Web,CN=d2.example").dns("d2.example").issuer(ca).build()
                .chain(), "d2.example");
        TlsException e = fails(VERIFIER, TestPki.cert("C=US,O=Other,CN=d3.example").dns("d3.example").issuer(ca)
                .build().chain(), "d3.example", AlertDescription.BAD_CERTIFICATE);
        assertTrue(e.getMessage().contains("has the name DN:CN=d3.example, O=Other, C=US, which is outside"),
                e.getMessage());
        fails(VERIFIER, TestPki.cert("C=US,O=Example,OU=Banned,CN=d4.example").dns("d4.example").issuer(ca).build()
                .chain(), "d4.example", AlertDescription.BAD_CERTIFICATE);
        // A directoryName in the SAN is constrained too.
        fails(VERIFIER, TestPki.cert("C=US,O=Example,CN=d5.example").dns("d5.example").dirName("C=US,O=Other,CN=x")
                .issuer(ca).build().chain(), "d5.example", AlertDescription.BAD_CERTIFICATE);
    }

    @Test
    void uriUnderUriConstraintIsRefusedAsUnchecked() {
        CertifiedKey ca = TestPki.cert("CN=URI Constrained").ca().issuer(ROOT)
                .permitted(new org.bouncycastle.asn1.x509.GeneralName(
                        org.bouncycastle.asn1.x509.GeneralName.uniformResourceIdentifier, "example.com"))
                .build();
        ok(VERIFIER, leaf("uri1.example", ca).build().chain(), "uri1.example");
        fails(VERIFIER, leaf("uri2.example", ca).uri("https://example.com/").build().chain(), "uri2.example",
                AlertDescription.UNSUPPORTED_CERTIFICATE);
    }

    @Test
    void anchorNameConstraintsApply() {
        CertifiedKey root = TestPki.cert("CN=Constrained Root").ca().permitted(TestPki.dnsBase("corp.example"))
                .build();
        ParapetCertificateVerifier v = new ParapetCertificateVerifier(TrustAnchors.of(root.leaf()));
        ok(v, leaf("www.corp.example", root).build().chain(), "www.corp.example");
        fails(v, leaf("www.bank.example", root).build().chain(), "www.bank.example", AlertDescription.BAD_CERTIFICATE);
    }
}
