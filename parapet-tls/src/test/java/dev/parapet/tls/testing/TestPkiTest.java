package dev.parapet.tls.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parapet.tls.testing.TestPki.KeyType;
import dev.parapet.tls.x509.CertifiedKey;
import dev.parapet.tls.x509.CertifiedKeys;
import dev.parapet.tls.x509.HostnameMatcher;
import dev.parapet.tls.x509.Pem;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class TestPkiTest {
    @ParameterizedTest
    @EnumSource(KeyType.class)
    void issuesLeavesWithSansAndThirtyDayValidity(KeyType type) {
        TestPki pki = TestPki.create(type);
        CertifiedKey leaf = pki.issue(type, "a.example", "127.0.0.1", "::1");
        assertEquals(2, leaf.chain().size());
        assertSame(pki.caCertificate(), leaf.chain().get(1));
        assertTrue(HostnameMatcher.matches(leaf.leaf(), "a.example"));
        assertTrue(HostnameMatcher.matches(leaf.leaf(), "127.0.0.1"));
        assertTrue(HostnameMatcher.matches(leaf.leaf(), "::1"));
        Duration validity = Duration.between(leaf.leaf().getNotBefore().toInstant(),
                leaf.leaf().getNotAfter().toInstant());
        assertEquals(Duration.ofDays(30).plusHours(1), validity);
        assertTrue(CertifiedKeys.of(leaf.chain(), leaf.privateKey()) != null);
    }

    @Test
    void rsaKeysAreCached() {
        assertSame(TestPki.keyPair(KeyType.RSA_2048, 3), TestPki.keyPair(KeyType.RSA_2048, 3));
        assertTrue(TestPki.keyPair(KeyType.ECDSA_P256, 3) != TestPki.keyPair(KeyType.ECDSA_P256, 3));
        assertEquals("RSASSA-PSS", KeyType.RSA_PSS_2048.generate().getPublic().getAlgorithm());
    }

    @Test
    void writesFilesOpenSslAccepts(@TempDir Path dir) throws Exception {
        TestPki pki = TestPki.create(KeyType.RSA_2048);
        CertifiedKey leaf = pki.issueWithIntermediate(KeyType.ECDSA_P256, "localhost");
        Path ca = pki.writeCaPem(dir);
        Path[] files = TestPki.writeChainAndKey(leaf, dir);
        assertEquals(leaf.chain(), Pem.readCertificates(files[0]));
        assertEquals(leaf.privateKey(), Pem.readPrivateKey(files[1]));
        assertEquals(pki.caCertificate(), Pem.readCertificates(ca).get(0));

        assertTrue(dev.parapet.tls.x509.CertificateBuilderTest.onPath("openssl"),
                "openssl not on the PATH; .ci/run installs it");
        Process p = new ProcessBuilder("openssl", "verify", "-CAfile", ca.toString(), "-untrusted",
                files[0].toString(), "-purpose", "sslserver", files[0].toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), out);
        Process k = new ProcessBuilder("openssl", "pkey", "-in", files[1].toString(), "-noout")
                .redirectErrorStream(true).start();
        String keyOut = new String(k.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, k.waitFor(), keyOut);
        assertTrue(Files.size(files[1]) > 0);
    }
}
