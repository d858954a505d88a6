package dev.parapet.tls.x509;

import static dev.parapet.tls.x509.PathValidationTest.fails;
import static dev.parapet.tls.x509.PathValidationTest.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parapet.tls.AlertDescription;
import dev.parapet.tls.TlsException;
import dev.parapet.tls.testing.TestPki;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PathBuilderTest {
    static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    static final CertifiedKey ROOT = TestPki.cert("CN=PB Root").ca().build();
    static final TrustAnchors ANCHORS = TrustAnchors.of(ROOT.leaf());
    static final ParapetCertificateVerifier VERIFIER = new ParapetCertificateVerifier(ANCHORS);

    static CertifiedKey leaf(String name, CertifiedKey issuer) {
        return TestPki.cert("CN=" + name).dns(name).issuer(issuer).build();
    }

    @Test
    void unorderedChainWithoutTheRoot() {
        CertifiedKey i1 = TestPki.cert("CN=PB I1").ca().issuer(ROOT).build();
        CertifiedKey i2 = TestPki.cert("CN=PB I2").ca().issuer(i1).build();
        CertifiedKey i3 = TestPki.cert("CN=PB I3").ca().issuer(i2).build();
        CertifiedKey leaf = leaf("deep.example", i3);
        List<X509Certificate> chain = new ArrayList<>(leaf.chain());
        ok(VERIFIER, chain, "deep.example");
        List<X509Certificate> rest = new ArrayList<>(chain.subList(1, chain.size() - 1));
        for (int seed = 0; seed < 5; seed++) {
            Collections.shuffle(rest, new Random(seed));
            List<X509Certificate> shuffled = new ArrayList<>();
            shuffled.add(leaf.leaf());
            shuffled.addAll(rest);
            ok(VERIFIER, shuffled, "deep.example");
        }
    }

    @Test
    void extraUnrelatedCertificatesAreIgnored() {
        CertifiedKey i1 = TestPki.cert("CN=PB Extra I1").ca().issuer(ROOT).build();
        CertifiedKey leaf = leaf("extra.example", i1);
        CertifiedKey stranger = TestPki.cert("CN=Stranger CA").ca().build();
        CertifiedKey other = leaf("other.example", stranger);
        List<X509Certificate> chain = List.of(leaf.leaf(), stranger.leaf(), other.leaf(), i1.leaf(), ROOT.leaf(),
                i1.leaf());
        ok(VERIFIER, chain, "extra.example");
    }

    @Test
    void missingIntermediateIsUnknownIssuerWithTheAnchorCount() {
        CertifiedKey i1 = TestPki.cert("CN=Example Intermediate").ca().issuer(ROOT).build();
        CertifiedKey leaf = leaf("missing.example", i1);
        TlsException e = fails(VERIFIER, List.of(leaf.leaf()), "missing.example", AlertDescription.UNKNOWN_CA);
        assertEquals("unknown issuer 'CN=Example Intermediate': not among 1 trust anchors and not sent by the server",
                e.getMessage());
        TestPki.Cert untrusted = TestPki.cert("CN=Untrusted Root").ca();
        CertifiedKey root2 = untrusted.build();
        e = fails(VERIFIER, leaf("u.example", root2).chain(), "u.example", AlertDescription.UNKNOWN_CA);
        assertEquals("certificate 'CN=Untrusted Root' is self-signed and not one of 1 trust anchors", e.getMessage());
    }

    @Test
    void twoCandidateIssuersOnlyOneValid() {
        // Same name and same key, one copy expired: whichever comes first, the valid one is found.
        KeyPair key = TestPki.ecKey();
        CertifiedKey expired = TestPki.cert("CN=Twin CA").ca().key(key).issuer(ROOT)
                .validity(NOW.minus(Duration.ofDays(20)), NOW.minus(Duration.ofDays(1))).build();
        CertifiedKey valid = TestPki.cert("CN=Twin CA").ca().key(key).issuer(ROOT).build();
        CertifiedKey leaf = leaf("twin.example", valid);
        ok(VERIFIER, List.of(leaf.leaf(), expired.leaf(), valid.leaf()), "twin.example");
        ok(VERIFIER, List.of(leaf.leaf(), valid.leaf(), expired.leaf()), "twin.example");
        // Only the expired one sent: the validation error, not "unknown issuer", is reported.
        TlsException e = fails(VERIFIER, List.of(leaf.leaf(), expired.leaf()), "twin.example",
                AlertDescription.CERTIFICATE_EXPIRED);
        assertTrue(e.getMessage().startsWith("certificate 'CN=Twin CA' expired on"), e.getMessage());
        // Same name, different key: the one whose key verifies the leaf is used.
        CertifiedKey impostor = TestPki.cert("CN=Twin CA").ca().issuer(ROOT).build();
        ok(VERIFIER, List.of(leaf.leaf(), impostor.leaf(), valid.leaf()), "twin.example");
        e = fails(VERIFIER, List.of(leaf.leaf(), impostor.leaf()), "twin.example", AlertDescription.BAD_CERTIFICATE);
        assertEquals("certificate 'CN=twin.example' is not signed by the key of 'CN=Twin CA', the issuer the server "
                + "sent", e.getMessage());
    }

    @Test
    void crossSignedRootEitherAnchorWorks() {
        CertifiedKey oldRoot = TestPki.cert("CN=Old Root").ca().build();
        KeyPair newRootKey = TestPki.ecKey();
        CertifiedKey newRoot = TestPki.cert("CN=New Root").ca().key(newRootKey).build();
        CertifiedKey crossSigned = TestPki.cert("CN=New Root").ca().key(newRootKey).issuer(oldRoot).build();
        CertifiedKey intermediate = TestPki.cert("CN=Cross Intermediate").ca().issuer(newRoot).build();
        CertifiedKey leaf = leaf("cross.example", intermediate);
        List<X509Certificate> sent = List.of(leaf.leaf(), intermediate.leaf(), crossSigned.leaf());
        // A client that trusts only the old root goes through the cross-signed certificate...
        ok(new ParapetCertificateVerifier(TrustAnchors.of(oldRoot.leaf())), sent, "cross.example");
        // ...one that trusts the new root stops there, ignoring the cross-signature...
        ok(new ParapetCertificateVerifier(TrustAnchors.of(newRoot.leaf())), sent, "cross.example");
        // ...and when the old root has expired, one trusting both still finds the path through the new root.
        CertifiedKey expiredOld = TestPki.cert("CN=Expired Old Root").ca()
                .validity(NOW.minus(Duration.ofDays(40)), NOW.minus(Duration.ofDays(1))).build();
        CertifiedKey cross2 = TestPki.cert("CN=New Root").ca().key(newRootKey).issuer(expiredOld)
                .validity(NOW.minus(Duration.ofDays(40)), NOW.minus(Duration.ofDays(1))).build();
        List<X509Certificate> sent2 = List.of(leaf.leaf(), cross2.leaf(), intermediate.leaf());
        ok(new ParapetCertificateVerifier(TrustAnchors.of(expiredOld.leaf(), newRoot.leaf())), sent2, "cross.example");
        fails(new ParapetCertificateVerifier(TrustAnchors.of(expiredOld.leaf())), sent2, "cross.example",
                AlertDescription.CERTIFICATE_EXPIRED);
    }

    @Test
    void pathLongerThanTheDepthLimitIsRefused() {
        CertifiedKey issuer = ROOT;
        for (int i = 0; i < 9; i++) {
            issuer = TestPki.cert("CN=Deep " + i).ca().issuer(issuer).build();
        }
        CertifiedKey leaf = leaf("toodeep.example", issuer);
        TlsException e = fails(VERIFIER, leaf.chain(), "toodeep.example", AlertDescription.BAD_CERTIFICATE);
        assertEquals("no path from 'CN=toodeep.example' to a trust anchor within 8 certificates", e.getMessage());
        ok(ParapetCertificateVerifier.builder().trustAnchors(ANCHORS).maxDepth(10).build(), leaf.chain(),
                "toodeep.example");
    }

    @Test
    void hostileChainOfHundredsOfSameNameCertificatesIsRefusedWithinTheBudget() {
        // 300 CAs all named "CN=Hostile", one key for all (so every signature verifies and every one is a candidate
        // for every other) plus 300 with fresh keys (signatures that fail): the search space explodes, the budget
        // does not.
        KeyPair shared = TestPki.ecKey();
        CertifiedKey first = TestPki.cert("CN=Hostile").ca().key(shared).build();
        List<X509Certificate> chain = new ArrayList<>();
        CertifiedKey leaf = leaf("hostile.example", first);
        chain.add(leaf.leaf());
        for (int i = 0; i < 300; i++) {
            CertifiedKey sameKey = TestPki.cert("CN=Hostile").ca().key(shared).issuer(first).build();
            chain.add(sameKey.leaf());
            CertifiedKey otherKey = TestPki.cert("CN=Hostile").ca().issuer(first).build();
            chain.add(otherKey.leaf());
        }
        // bounded work, not a timing: the search stops at the signature-check budget
        TlsException e = fails(VERIFIER, chain, "hostile.example", AlertDescription.BAD_CERTIFICATE);
        assertTrue(e.getMessage().startsWith("gave up building a certificate path after 100 signature checks (601 "
                + "certificates sent"), e.getMessage());
    }

    @Test
    void manyWrongKeysSameNameRefusedQuickly() {
        List<X509Certificate> chain = new ArrayList<>();
        CertifiedKey real = TestPki.cert("CN=Busy").ca().issuer(ROOT).build();
        chain.add(leaf("busy.example", real).leaf());
        for (int i = 0; i < 400; i++) {
            chain.add(TestPki.cert("CN=Busy").ca().issuer(ROOT).build().leaf());
        }
        long start = System.nanoTime();
        TlsException e = fails(VERIFIER, chain, "busy.example", AlertDescription.BAD_CERTIFICATE);
        assertTrue((System.nanoTime() - start) / 1_000_000 < 1000);
        assertTrue(e.getMessage().startsWith("gave up building a certificate path"), e.getMessage());
    }

    @Test
    void pinnedLeafIsItsOwnAnchor() {
        CertifiedKey leaf = leaf("pinned.example", ROOT);
        ok(new ParapetCertificateVerifier(TrustAnchors.of(leaf.leaf())), List.of(leaf.leaf()), "pinned.example");
    }

    @Test
    void emptyChain() {
        fails(VERIFIER, List.of(), "x.example", AlertDescription.BAD_CERTIFICATE);
    }
}
