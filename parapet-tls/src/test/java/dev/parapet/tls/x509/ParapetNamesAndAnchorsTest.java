package dev.parapet.tls.x509;

import static dev.parapet.tls.x509.PathValidationTest.fails;
import static dev.parapet.tls.x509.PathValidationTest.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parapet.tls.AlertDescription;
import dev.parapet.tls.TlsException;
import dev.parapet.tls.testing.TestPki;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Name checks (RFC 9525 / 6125) through Parapet's verifier, the static factories, and trust anchor sources. */
class ParapetNamesAndAnchorsTest {
    static final CertifiedKey ROOT = TestPki.cert("CN=Names Root").ca().build();
    static final ParapetCertificateVerifier VERIFIER = new ParapetCertificateVerifier(TrustAnchors.of(ROOT.leaf()));
    static final CertifiedKey MANY = TestPki.cert("CN=many").dns("www.example.com", "*.example.org",
            "xn--bcher-kva.example", "*.com", "f*o.example.net", "a.*.example.io").ip("192.0.2.7", "2001:db8::1",
            "::ffff:198.51.100.1").issuer(ROOT).build();

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "www.example.com, true", "WWW.Example.COM, true", "www.example.com., true", "example.com, false",
        "a.example.org, true", "example.org, false", "a.b.example.org, false",
        "bücher.example, true", "xn--bcher-kva.example, true",
        // wildcards in the wrong place never match
        "example.com, false", "foo.com, false", "fo.example.net, false", "foo.example.net, false",
        "a.x.example.io, false",
        // IP literals only against iPAddress entries, in every form; an IPv4-mapped IPv6 address is not the IPv4
        // address (the JDK turned the SAN ::ffff:198.51.100.1 into the 4-byte 198.51.100.1 when it was made)
        "192.0.2.7, true", "192.0.2.007, false", "192.0.2.8, false",
        "2001:db8::1, true", "[2001:db8::1], true", "2001:DB8:0:0:0:0:0:1, true", "2001:0db8::0001, true",
        "2001:db8::2, false", "198.51.100.1, true", "::ffff:198.51.100.1, false", "::ffff:192.0.2.7, false",
        "fe80::1%eth0, false",
    })
    void names(String asked, boolean matches) {
        if (matches) {
            ok(VERIFIER, MANY.chain(), asked);
        } else {
            fails(VERIFIER, MANY.chain(), asked, AlertDescription.BAD_CERTIFICATE);
        }
    }

    @Test
    void mismatchMessage() {
        CertifiedKey leaf = TestPki.cert("CN=www.example.org").dns("*.example.org", "example.org").issuer(ROOT)
                .build();
        TlsException e = fails(VERIFIER, leaf.chain(), "api.example.com", AlertDescription.BAD_CERTIFICATE);
        assertEquals("name mismatch: asked for api.example.com; certificate names *.example.org, example.org",
                e.getMessage());
        e = fails(VERIFIER, MANY.chain(), "10.0.0.1", AlertDescription.BAD_CERTIFICATE);
        assertTrue(e.getMessage().endsWith("a.*.example.io, 192.0.2.7, 2001:db8::1, 198.51.100.1"), e.getMessage());
    }

    @Test
    void commonNameOnlyWhenAllowed() {
        CertifiedKey cnOnly = TestPki.cert("CN=legacy.example").issuer(ROOT).build();
        TlsException e = fails(VERIFIER, cnOnly.chain(), "legacy.example", AlertDescription.BAD_CERTIFICATE);
        assertEquals("name mismatch: asked for legacy.example; certificate has no DNS or IP names (its CN "
                + "legacy.example is not used as a name)", e.getMessage());
        ParapetCertificateVerifier lenient = ParapetCertificateVerifier.builder()
                .trustAnchors(TrustAnchors.of(ROOT.leaf())).allowCommonNameFallback(true).build();
        ok(lenient, cnOnly.chain(), "legacy.example");
        // Never when there is a dNSName.
        fails(lenient, TestPki.cert("CN=cn.example").dns("san.example").issuer(ROOT).build().chain(), "cn.example",
                AlertDescription.BAD_CERTIFICATE);
    }

    @Test
    void staticFactories() throws Exception {
        assertTrue(CertificateVerifier.parapet(TrustAnchors.of(ROOT.leaf())) instanceof ParapetCertificateVerifier);
        assertTrue(CertificateVerifier.jdkPkix(TrustAnchors.of(ROOT.leaf())) instanceof PkixCertificateVerifier);
        assertTrue(CertificateVerifier.jdkPkix() instanceof PkixCertificateVerifier);
        assertSame(TrustAnchors.jdkDefault(), ((ParapetCertificateVerifier) CertificateVerifier.parapet())
                .trustAnchors());
        CertifiedKey leaf = TestPki.cert("CN=f.example").dns("f.example").issuer(ROOT).build();
        CertificateVerifier.parapet(TrustAnchors.of(ROOT.leaf())).verify(leaf.chain(), "f.example");
        CertificateVerifier.jdkPkix(TrustAnchors.of(ROOT.leaf())).verify(leaf.chain(), "f.example");
    }

    @Test
    void unknownIssuerCountsTheJdkAnchors() {
        CertifiedKey leaf = TestPki.cert("CN=x.example").dns("x.example").issuer(ROOT).build();
        TrustAnchors jdk = TrustAnchors.jdkDefault();
        TlsException e = fails(CertificateVerifier.parapet(), List.of(leaf.leaf()), "x.example",
                AlertDescription.UNKNOWN_CA);
        assertEquals("unknown issuer 'CN=Names Root': not among " + jdk.size()
                + " trust anchors and not sent by the server", e.getMessage());
    }

    // ---- Trust anchor sources ----

    @Test
    void pemDirectory(@TempDir Path dir) throws Exception {
        CertifiedKey a = TestPki.cert("CN=Dir A").ca().build();
        CertifiedKey b = TestPki.cert("CN=Dir B").ca().build();
        Files.writeString(dir.resolve("a.pem"), Pem.encodeCertificate(a.leaf()));
        Files.writeString(dir.resolve("1a2b3c4d.0"), Pem.encodeCertificate(b.leaf()) + Pem.encodeCertificate(a.leaf()));
        Files.writeString(dir.resolve("README.txt"), "not a certificate");
        Files.writeString(dir.resolve("key.pem"), Pem.encodePrivateKey(a.privateKey()));
        TrustAnchors anchors = TrustAnchors.fromPemDirectory(dir);
        assertEquals(2, anchors.size());
        assertEquals("PEM directory " + dir + " (2 certificates)", anchors.source());
        ok(new ParapetCertificateVerifier(anchors), TestPki.cert("CN=d.example").dns("d.example").issuer(b).build()
                .chain(), "d.example");
        Files.writeString(dir.resolve("broken.crt"), "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TrustAnchors.fromPemDirectory(dir));
        assertTrue(e.getMessage().startsWith(dir.resolve("broken.crt") + ": "), e.getMessage());
    }

    @Test
    void emptyPemDirectory(@TempDir Path dir) {
        assertThrows(IllegalArgumentException.class, () -> TrustAnchors.fromPemDirectory(dir));
    }

    @Test
    void systemStore(@TempDir Path dir) throws Exception {
        TrustAnchors none = TrustAnchors.system(List.of(dir.resolve("nope.crt")));
        assertTrue(none.isEmpty());
        assertEquals("no system trust store found (looked for " + dir.resolve("nope.crt") + ")", none.source());
        CertifiedKey leaf = TestPki.cert("CN=s.example").dns("s.example").issuer(ROOT).build();
        TlsException e = fails(new ParapetCertificateVerifier(none), List.of(leaf.leaf()), "s.example",
                AlertDescription.UNKNOWN_CA);
        assertEquals("unknown issuer 'CN=Names Root': there are no trust anchors (no system trust store found "
                + "(looked for " + dir.resolve("nope.crt") + ")) and not sent by the server", e.getMessage());
        Path bundle = dir.resolve("ca-certificates.crt");
        Files.writeString(bundle, Pem.encodeCertificate(ROOT.leaf()));
        TrustAnchors found = TrustAnchors.system(List.of(dir.resolve("nope.crt"), bundle));
        assertFalse(found.isEmpty());
        assertEquals("system store " + bundle + " (1 certificates)", found.source());
        ok(new ParapetCertificateVerifier(found), leaf.chain(), "s.example");
        TrustAnchors real = TrustAnchors.system();
        if (Files.exists(Path.of("/etc/ssl/certs/ca-certificates.crt"))) {
            assertTrue(real.size() > 10, real.source());
        } else {
            assertTrue(real.isEmpty(), real.source());
        }
    }

    @Test
    void builderCombines(@TempDir Path dir) throws Exception {
        CertifiedKey a = TestPki.cert("CN=Combined A").ca().build();
        Path file = dir.resolve("a.pem");
        Files.writeString(file, Pem.encodeCertificate(a.leaf()));
        TrustAnchors combined = TrustAnchors.builder().add(ROOT.leaf()).addPemFile(file).addJdkDefault().build();
        assertEquals(TrustAnchors.jdkDefault().size() + 2, combined.size());
        assertTrue(combined.source().contains("PEM file " + file), combined.source());
        ParapetCertificateVerifier v = new ParapetCertificateVerifier(combined);
        ok(v, TestPki.cert("CN=b1.example").dns("b1.example").issuer(a).build().chain(), "b1.example");
        ok(v, TestPki.cert("CN=b2.example").dns("b2.example").issuer(ROOT).build().chain(), "b2.example");
        assertEquals(1, TrustAnchors.builder().add(ROOT.leaf()).add(List.of(ROOT.leaf())).build().size());
        assertThrows(IllegalArgumentException.class, () -> TrustAnchors.builder().build());
    }

    @Test
    void jdkCacertsAllParseOrFallBackAsAnchors() {
        // Every JDK root is usable as an anchor: its subject and key, even where our strict parser objects.
        for (java.security.cert.X509Certificate cert : TrustAnchors.jdkDefault().certificates()) {
            TrustAnchors one = TrustAnchors.of(cert);
            assertFalse(one.anchorsWithSubject(cert.getSubjectX500Principal().getEncoded()).isEmpty(),
                    cert.getSubjectX500Principal().toString());
        }
    }

    @Test
    void chainsFromTheJdkOnlyCertificateBuilderAreAccepted() throws Exception {
        // What `parapet demo` and the CLI's throwaway CA make must pass the default verifier.
        for (TestPki.KeyType type : TestPki.KeyType.values()) {
            CertifiedKey ca = CertificateBuilder.selfSignedCa("Builder CA " + type, type.generate(),
                    java.time.Duration.ofDays(1));
            CertifiedKey inter = CertificateBuilder.intermediateCa(ca, "Builder Intermediate " + type, type.generate(),
                    java.time.Duration.ofDays(1));
            CertifiedKey leaf = CertificateBuilder.leaf(inter, "builder.example", List.of("builder.example"),
                    List.of("127.0.0.1"), type.generate(), java.time.Duration.ofDays(1));
            ParapetCertificateVerifier v = new ParapetCertificateVerifier(TrustAnchors.of(ca.leaf()));
            v.verify(leaf.chain(), "builder.example");
            v.verify(leaf.chain(), "127.0.0.1");
        }
    }
}
