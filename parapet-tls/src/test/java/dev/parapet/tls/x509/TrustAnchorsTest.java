package dev.parapet.tls.x509;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parapet.tls.testing.TestPki;
import dev.parapet.tls.testing.TestPki.KeyType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrustAnchorsTest {
    @Test
    void jdkDefaultLoadsTheJdkCacerts() {
        TrustAnchors anchors = TrustAnchors.jdkDefault();
        assertTrue(anchors.size() > 50, "only " + anchors.size() + " anchors");
        assertTrue(anchors == TrustAnchors.jdkDefault());
        for (X509Certificate cert : anchors.certificates()) {
            assertTrue(cert.getBasicConstraints() >= 0 || cert.getVersion() < 3, cert.getSubjectX500Principal()
                    .toString());
        }
    }

    @Test
    void fromPemFileAndOfAgree(@TempDir Path dir) throws Exception {
        TestPki a = TestPki.create(KeyType.ECDSA_P256);
        TestPki b = TestPki.create(KeyType.ED25519);
        Path bundle = dir.resolve("bundle.pem");
        Files.writeString(bundle, "# my CAs\n" + Pem.encodeCertificate(a.caCertificate()) + "\n"
                + Pem.encodeCertificate(b.caCertificate()) + Pem.encodeCertificate(a.caCertificate()));
        TrustAnchors fromFile = TrustAnchors.fromPemFile(bundle);
        assertEquals(2, fromFile.size());
        assertEquals(TrustAnchors.of(a.caCertificate(), b.caCertificate()), fromFile);
        assertEquals(fromFile, TrustAnchors.of(List.of(a.caCertificate(), b.caCertificate())));
        assertEquals("TrustAnchors[2 certificates]", fromFile.toString());
        assertTrue(fromFile.contains(a.caCertificate()));
    }

    @Test
    void isImmutable() {
        TestPki a = TestPki.create(KeyType.ECDSA_P256);
        List<X509Certificate> source = new ArrayList<>(List.of(a.caCertificate()));
        TrustAnchors anchors = TrustAnchors.of(source);
        source.clear();
        assertEquals(1, anchors.size());
        assertThrows(UnsupportedOperationException.class, () -> anchors.certificates().clear());
    }

    @Test
    void emptyIsRefused(@TempDir Path dir) throws Exception {
        assertThrows(IllegalArgumentException.class, () -> TrustAnchors.of());
        assertThrows(IllegalArgumentException.class, () -> TrustAnchors.of(List.of()));
        Path empty = dir.resolve("empty.pem");
        Files.writeString(empty, "");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TrustAnchors.fromPemFile(empty));
        assertEquals(empty + ": no CERTIFICATE block found in the PEM input", e.getMessage());
    }
}
