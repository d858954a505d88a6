package dev.parapet.tls.x509;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import dev.parapet.tls.TlsException;
import dev.parapet.tls.testing.TestPki;
import dev.parapet.tls.testing.TestPki.KeyType;
import java.math.BigInteger;
import java.security.KeyPair;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v1CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.Test;

/**
 * Parapet's verifier against the JDK's PKIX CertPathValidator (revocation off, same instant, same anchor) on
 * generated chains. Names are not checked (the JDK's validator does not). Where the two disagree, the case says
 * which side RFC 5280 supports; the test asserts our verdict and records the JDK's, and fails if the set of
 * disagreements changes (so a new one gets looked at).
 */
class DifferentialTest {
    static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);

    /** A chain (leaf first, anchor excluded), its anchor, our expected verdict, and a note for disagreements. */
    record Case(String name, List<X509Certificate> path, X509Certificate anchor, boolean oursAccepts, String rfc) {
    }

    /** The disagreements we expect, and which side RFC 5280 supports. */
    static final Map<String, String> EXPECTED_DISAGREEMENTS = Map.of(
            "leaf EKU clientAuth only", "both: RFC 5280 4.2.1.12 leaves EKU to the application; TLS (RFC 9525, "
                    + "CA/B Forum) requires serverAuth, which only we check",
            "intermediate EKU emailProtection", "both: RFC 5280 does not chain EKU; the Web PKI (CA/B Forum 7.1.2.2, "
                    + "Go, Chrome, Mozilla) does, which only we do",
            "leaf keyUsage keyEncipherment only", "both: RFC 5280 4.2.1.3 leaves the leaf's usage to the application;"
                    + " TLS 1.3 signing needs digitalSignature (RFC 8446 4.4.2.2), which only we check",
            "SHA-1 signed intermediate", "both: RFC 5280 has no algorithm policy (6.1 leaves it local); we refuse "
                    + "SHA-1 (RFC 9155 deprecates it for TLS), the JDK allows it outside its own cacerts",
            "RSA 1024 intermediate", "both: key size is local policy; ours is 2048 (NIST SP 800-131A), the JDK's "
                    + "jdk.certpath.disabledAlgorithms stops at RSA < 1024",
            "wildcard SAN under excluded subtree", "ours (in spirit): RFC 5280 4.2.1.10 does not define wildcards; "
                    + "the JDK compares *.example.com as a literal name and lets a certificate that matches the "
                    + "excluded bad.example.com through",
            "anchor with nameConstraints", "ours: RFC 5280 6.1.1 (d) / 6.2 let anchor constraints be used (RFC 5937);"
                    + " the JDK ignores an anchor certificate's constraints unless given separately");

    private static TestPki.Cert leaf(String name, CertifiedKey issuer) {
        return TestPki.cert("CN=" + name).dns(name).issuer(issuer);
    }

    private static List<X509Certificate> path(CertifiedKey leaf) {
        List<X509Certificate> chain = leaf.chain();
        return new ArrayList<>(chain.subList(0, chain.size() - 1));
    }

    static List<Case> cases() throws Exception {
        List<Case> out = new ArrayList<>();
        CertifiedKey root = TestPki.cert("CN=Diff Root").ca().build();
        X509Certificate anchor = root.leaf();
        CertifiedKey inter = TestPki.cert("CN=Diff Intermediate").ca().issuer(root).build();
        out.add(new Case("root and leaf", path(leaf("a.example", root).build()), anchor, true, null));
        out.add(new Case("root, intermediate, leaf", path(leaf("b.example", inter).build()), anchor, true, null));
        out.add(new Case("leaf valid until this second", path(leaf("c.example", inter)
                .validity(NOW.minus(Duration.ofDays(1)), NOW).build()), anchor, true, null));
        out.add(new Case("leaf expired a second ago", path(leaf("d.example", inter)
                .validity(NOW.minus(Duration.ofDays(1)), NOW.minusSeconds(1)).build()), anchor, false, null));
        out.add(new Case("leaf valid from the next second", path(leaf("e.example", inter)
                .validity(NOW.plusSeconds(1), NOW.plus(Duration.ofDays(1))).build()), anchor, false, null));
        CertifiedKey future = TestPki.cert("CN=Future CA").ca().issuer(root)
                .validity(NOW.plus(Duration.ofDays(1)), NOW.plus(Duration.ofDays(9))).build();
        out.add(new Case("intermediate not yet valid", path(leaf("f.example", future).build()), anchor, false, null));
        CertifiedKey notCa = TestPki.cert("CN=Not CA").notCa().keyUsage(KeyUsage.keyCertSign).eku().issuer(root)
                .build();
        out.add(new Case("intermediate cA=false", path(leaf("g.example", notCa).build()), anchor, false, null));
        CertifiedKey noBc = TestPki.cert("CN=No BC").noBasicConstraints().keyUsage(KeyUsage.keyCertSign).eku()
                .issuer(root).build();
        out.add(new Case("intermediate without basicConstraints", path(leaf("h.example", noBc).build()), anchor,
                false, null));
        CertifiedKey len0 = TestPki.cert("CN=Len0").ca(0).issuer(root).build();
        CertifiedKey belowLen0 = TestPki.cert("CN=Below Len0").ca().issuer(len0).build();
        out.add(new Case("pathLen 0 exceeded by one", path(leaf("i.example", belowLen0).build()), anchor, false,
                null));
        CertifiedKey len1 = TestPki.cert("CN=Len1").ca(1).issuer(root).build();
        CertifiedKey belowLen1 = TestPki.cert("CN=Below Len1").ca().issuer(len1).build();
        out.add(new Case("pathLen 1 exactly at the limit", path(leaf("j.example", belowLen1).build()), anchor, true,
                null));
        CertifiedKey rolled = TestPki.cert("CN=Len0").ca(0).issuer(len0).build();
        out.add(new Case("self-issued under pathLen 0", path(leaf("k.example", rolled).build()), anchor, true, null));
        CertifiedKey noCertSign = TestPki.cert("CN=No CertSign").ca().keyUsage(KeyUsage.cRLSign).issuer(root).build();
        out.add(new Case("intermediate without keyCertSign", path(leaf("l.example", noCertSign).build()), anchor,
                false, null));
        CertifiedKey noKu = TestPki.cert("CN=No KU").ca().keyUsage(null).issuer(root).build();
        out.add(new Case("intermediate without keyUsage", path(leaf("m.example", noKu).build()), anchor, true, null));
        out.add(new Case("leaf EKU clientAuth only", path(leaf("n.example", inter).eku(KeyPurposeId.id_kp_clientAuth)
                .build()), anchor, false, null));
        CertifiedKey emailCa = TestPki.cert("CN=Email CA").ca().eku(KeyPurposeId.id_kp_emailProtection).issuer(root)
                .build();
        out.add(new Case("intermediate EKU emailProtection", path(leaf("o.example", emailCa).build()), anchor, false,
                null));
        out.add(new Case("leaf keyUsage keyEncipherment only", path(leaf("p.example", inter)
                .key(TestPki.rsaKey(2048, 30)).keyUsage(KeyUsage.keyEncipherment).build()), anchor, false, null));
        CertifiedKey dnsNc = TestPki.cert("CN=DNS NC").ca().issuer(root).permitted(TestPki.dnsBase("example.com"))
                .excluded(TestPki.dnsBase("bad.example.com")).build();
        out.add(new Case("DNS name permitted", path(leaf("www.example.com", dnsNc).build()), anchor, true, null));
        out.add(new Case("DNS name excluded", path(leaf("bad.example.com", dnsNc).build()), anchor, false, null));
        out.add(new Case("DNS name not permitted", path(leaf("www.example.org", dnsNc).build()), anchor, false, null));
        out.add(new Case("wildcard SAN under excluded subtree", path(TestPki.cert("CN=wild").dns("*.example.com")
                .issuer(dnsNc).build()), anchor, false, null));
        CertifiedKey ipNc = TestPki.cert("CN=IP NC").ca().issuer(root).permitted(TestPki.ipBase("10.0.0.0/8"),
                TestPki.ipBase("2001:db8::/32")).build();
        out.add(new Case("IP permitted", path(TestPki.cert("CN=ip").ip("10.1.2.3", "2001:db8::5").issuer(ipNc)
                .build()), anchor, true, null));
        out.add(new Case("IPv6 not permitted", path(TestPki.cert("CN=ip6").ip("2001:db9::5").issuer(ipNc)
                .build()), anchor, false, null));
        CertifiedKey mailNc = TestPki.cert("CN=Mail NC").ca().issuer(root).permitted(TestPki.emailBase(".example.com"))
                .build();
        out.add(new Case("email in permitted domain", path(TestPki.cert("CN=mail").email("a@mail.example.com")
                .issuer(mailNc).build()), anchor, true, null));
        out.add(new Case("email outside permitted domain", path(TestPki.cert("CN=mail2").email("a@example.org")
                .issuer(mailNc).build()), anchor, false, null));
        CertifiedKey dnNc = TestPki.cert("CN=DN NC").ca().issuer(root).permitted(TestPki.dnBase("C=US,O=Example"))
                .build();
        out.add(new Case("subject DN permitted", path(TestPki.cert("C=US,O=Example,CN=q.example").dns("q.example")
                .issuer(dnNc).build()), anchor, true, null));
        out.add(new Case("subject DN not permitted", path(TestPki.cert("C=US,O=Other,CN=r.example").dns("r.example")
                .issuer(dnNc).build()), anchor, false, null));
        out.add(new Case("unknown critical extension on leaf", path(leaf("s.example", inter)
                .extension("1.3.6.1.4.1.99999.9", true, Der.nullValue()).build()), anchor, false, null));
        out.add(new Case("unknown non-critical extension on leaf", path(leaf("t.example", inter)
                .extension("1.3.6.1.4.1.99999.9", false, Der.nullValue()).build()), anchor, true, null));
        CertifiedKey rsaRoot = TestPki.cert("CN=Diff RSA Root").ca().key(TestPki.rsaKey(2048, 31)).build();
        CertifiedKey sha1 = TestPki.cert("CN=SHA1 CA").ca().key(TestPki.rsaKey(2048, 32)).issuer(rsaRoot)
                .signatureAlgorithm("SHA1withRSA").build();
        out.add(new Case("SHA-1 signed intermediate", path(leaf("u.example", sha1).build()), rsaRoot.leaf(), false,
                null));
        CertifiedKey rsa1024 = TestPki.cert("CN=RSA1024 CA").ca().key(TestPki.rsaKey(1024, 2)).issuer(root).build();
        out.add(new Case("RSA 1024 intermediate", path(leaf("v.example", rsa1024).build()), anchor, false, null));
        CertifiedKey ncRoot = TestPki.cert("CN=NC Root").ca().permitted(TestPki.dnsBase("corp.example")).build();
        out.add(new Case("anchor with nameConstraints", path(leaf("w.example", ncRoot).build()), ncRoot.leaf(),
                false, null));
        CertifiedKey otherKey = TestPki.cert("CN=Diff Intermediate").ca().issuer(root).build();
        List<X509Certificate> forged = List.of(leaf("x.example", otherKey).build().leaf(), inter.leaf());
        out.add(new Case("leaf signed by another key of the same name", forged, anchor, false, null));
        for (KeyType type : new KeyType[] {KeyType.ED25519, KeyType.RSA_PSS_2048, KeyType.ECDSA_P384}) {
            TestPki pki = TestPki.create(type);
            CertifiedKey typed = pki.issueWithIntermediate(type, "typed.example");
            out.add(new Case(type + " chain", typed.chain().subList(0, 2), pki.caCertificate(), true, null));
        }
        out.add(new Case("v1 intermediate", path(leaf("y.example", v1Ca(root))
                .build()), anchor, false, null));
        out.add(new Case("CA certificate as the leaf", path(TestPki.cert("CN=z.example").dns("z.example").ca()
                .keyUsage(KeyUsage.digitalSignature | KeyUsage.keyCertSign)
                .issuer(inter).build()), anchor, true, null));
        return out;
    }

    // RFC 5280, 6.1.4 (k): a v1 certificate cannot show it is a CA, so it must be refused as an intermediate.
    private static CertifiedKey v1Ca(CertifiedKey root) throws Exception {
        KeyPair key = TestPki.ecKey();
        X509Certificate cert = new JcaX509CertificateConverter().getCertificate(new JcaX509v1CertificateBuilder(
                X500Name.getInstance(root.leaf().getSubjectX500Principal().getEncoded()), BigInteger.valueOf(77),
                Date.from(NOW.minus(Duration.ofHours(1))), Date.from(NOW.plus(Duration.ofDays(1))),
                new X500Name("CN=V1 CA"), key.getPublic())
                .build(new JcaContentSignerBuilder("SHA256withECDSA").build(root.privateKey())));
        List<X509Certificate> chain = new ArrayList<>();
        chain.add(cert);
        chain.addAll(root.chain());
        return new CertifiedKey(chain, key.getPrivate());
    }

    static String ours(Case c) {
        ParapetCertificateVerifier v = ParapetCertificateVerifier.builder().trustAnchors(TrustAnchors.of(c.anchor()))
                .clock(Clock.fixed(NOW, ZoneOffset.UTC)).build();
        try {
            v.verify(c.path(), null);
            return null;
        } catch (TlsException e) {
            return e.getMessage();
        }
    }

    static String jdk(Case c) {
        try {
            PKIXParameters parameters = new PKIXParameters(Set.of(new TrustAnchor(c.anchor(), null)));
            parameters.setRevocationEnabled(false);
            parameters.setDate(Date.from(NOW));
            CertPathValidator.getInstance("PKIX").validate(CertificateFactory.getInstance("X.509")
                    .generateCertPath(c.path()), parameters);
            return null;
        } catch (Exception e) {
            return Pem.oneLine(e);
        }
    }

    @Test
    void agreesWithTheJdkExceptWhereDocumented() throws Exception {
        List<Case> cases = cases();
        Map<String, String> disagreements = new TreeMap<>();
        Map<String, String> report = new LinkedHashMap<>();
        for (Case c : cases) {
            String ours = ours(c);
            String jdk = jdk(c);
            if ((ours == null) != c.oursAccepts()) {
                fail(c.name() + ": expected ours to " + (c.oursAccepts() ? "accept" : "refuse") + ", got "
                        + (ours == null ? "accepted" : ours));
            }
            report.put(c.name(), "ours " + (ours == null ? "accept" : "refuse (" + ours + ")") + "; JDK "
                    + (jdk == null ? "accept" : "refuse (" + jdk + ")"));
            if ((ours == null) != (jdk == null)) {
                disagreements.put(c.name(), "ours " + (ours == null ? "accepts" : "refuses") + ", JDK "
                        + (jdk == null ? "accepts" : "refuses: " + jdk));
            }
        }
        report.forEach((k, v) -> System.out.println("[differential] " + k + ": " + v));
        disagreements.forEach((k, v) -> System.out.println("[differential] DISAGREE " + k + ": " + v + " — RFC: "
                + EXPECTED_DISAGREEMENTS.get(k)));
        assertEquals(30, Math.min(30, cases.size()), "about thirty cases");
        assertEquals(new TreeMap<>(EXPECTED_DISAGREEMENTS).keySet(), disagreements.keySet(),
                "disagreements changed: " + disagreements);
    }
}
